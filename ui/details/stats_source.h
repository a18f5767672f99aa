#pragma once
// Where a StatsTab's points come from: started once, it emits a StatsPoint per
// docker stats sample (one a second) until stopped. EngineStatsSource reads
// GET /containers/{id}/stats?stream=1 on its own thread (one connection per
// container) and computes the points there, so the UI thread only plots.

#include "ui/details/engine_worker.h"
#include "ui/details/stats_point.h"

#include <QObject>
#include <QString>

namespace berth::ui {

class StatsSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start() = 0;
    virtual void stop() = 0;

signals:
    void pointReady(const berth::ui::StatsPoint& point);
    void failed(const QString& message);
};

class EngineStatsSource : public StatsSource {
    Q_OBJECT
public:
    EngineStatsSource(const QString& host, const QString& containerId, QObject* parent = nullptr);
    ~EngineStatsSource() override;
    void start() override;
    void stop() override { worker_.stop(); }

private:
    void read(api::EngineClient& client);

    std::string containerId_;
    EngineWorker worker_;
};

} // namespace berth::ui
