#pragma once
// Where a StatsTab's points come from: started once, it emits a StatsPoint per
// docker stats sample (one a second) until stopped. EngineStatsSource reads
// GET /containers/{id}/stats?stream=1 through EngineApi (a ByteStream: one
// connection and thread per container) and computes the points on that thread,
// so the UI thread only plots.

#include "ui/client/byte_stream.h"
#include "ui/details/stats_point.h"

#include <QObject>
#include <QString>

#include <memory>

namespace berth::ui {

class EngineApi;

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
    EngineStatsSource(EngineApi* api, const QString& containerId, QObject* parent = nullptr);
    ~EngineStatsSource() override;
    void start() override;
    void stop() override;

private:
    // Opens the stream once inspect has told the CPU limit (0: none).
    void openStream(double cpuLimit);

    EngineApi* api_;
    QString containerId_;
    quint64 generation_ = 0; // an inspect answer for an older start() is dropped
    std::unique_ptr<ByteStream> stream_;
};

} // namespace berth::ui
