#pragma once
// One container's JSON documents for the Inspect, Details and Top tabs, through
// EngineApi (GET /containers/{id}/json or /top on the API's pool): fetch()
// answers with fetched(document) or failed(message) on the UI thread. The
// engine's JSON becomes a QJsonDocument on the pool too, so the UI thread only
// shows it. A newer fetch drops the answer of an unfinished one.

#include <QJsonDocument>
#include <QObject>
#include <QString>

namespace berth::ui {

class EngineApi;

class JsonFetcher : public QObject {
    Q_OBJECT
public:
    enum class Document { Inspect, Top };
    JsonFetcher(EngineApi* api, QString containerId, Document document, QObject* parent = nullptr);
    void fetch();

signals:
    void fetched(const QJsonDocument& document);
    void failed(const QString& message);

private:
    EngineApi* api_;
    QString containerId_;
    Document document_;
    quint64 generation_ = 0;
};

} // namespace berth::ui
