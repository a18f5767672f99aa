#pragma once
// One-shot GETs of JSON for the Inspect, Top and Details tabs: fetch(target)
// answers with fetched(target, document) or failed(target, message) on the UI
// thread. A newer fetch replaces an unfinished one. EngineJsonFetcher asks
// berthd with the blocking api::EngineClient on its own thread; tests fake it.

#include "ui/details/engine_worker.h"

#include <QJsonDocument>
#include <QObject>
#include <QString>

namespace berth::ui {

class JsonFetcher : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void fetch(const QString& target) = 0;

signals:
    void fetched(const QString& target, const QJsonDocument& document);
    void failed(const QString& target, const QString& message);
};

class EngineJsonFetcher : public JsonFetcher {
    Q_OBJECT
public:
    explicit EngineJsonFetcher(const QString& host, QObject* parent = nullptr);
    ~EngineJsonFetcher() override;
    void fetch(const QString& target) override;

private:
    EngineWorker worker_;
};

// "/containers/<id>/json" with the id escaped.
QString containerPath(const QString& containerId, const QString& rest);

} // namespace berth::ui
