#pragma once
// CPU % and memory of the running containers for the Containers table: one-shot
// samples (GET /containers/{id}/stats?stream=false&one-shot=true) taken every
// few seconds while active, at most kMaxInFlight requests at once, so 50
// containers cost a handful of cheap requests, never 50 open stat streams.
//
// A one-shot sample has no precpu_stats: the CPU % comes from this sample and
// the container's previous one (so it is known from the second round on); the
// arithmetic is ui/details/stats_point's, the same as docker stats.

#include "ui/client/engine_api.h"
#include "ui/details/stats_point.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <functional>
#include <optional>

namespace berth::ui {

class ContainersStats : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxInFlight = 4;
    // How many memory samples the Memory column's sparkline shows (~1.5 min at 3 s).
    static constexpr int kHistoryLength = 30;

    // `runningIds` names the containers to sample at each round.
    ContainersStats(EngineApi* api, std::function<QStringList()> runningIds, QObject* parent = nullptr);

    // Sampling runs only while active (the page is visible): a round at once, then one per interval.
    void setActive(bool active);
    bool isActive() const { return timer_.isActive(); }
    void setInterval(std::chrono::milliseconds interval) { timer_.setInterval(interval); }
    // One round now: queues every running container not already queued or asked.
    void sampleRound();

    // The latest figures for `id`; nullopt before its first sample.
    std::optional<StatsPoint> point(const QString& id) const;
    // Whether point(id)'s CPU % is known (the container has two samples).
    bool hasCpu(const QString& id) const { return cpuKnown_.contains(id); }
    // The memory used (bytes) of `id`'s last kHistoryLength samples, oldest first; the
    // samples the table already takes, so the sparkline costs no request of its own.
    QList<double> memoryHistory(const QString& id) const { return memoryHistory_.value(id); }
    int inFlight() const { return inFlight_; }

signals:
    void updated(const QString& id);

private:
    void pump();
    void received(const QString& id, const ApiResult<nlohmann::json>& result);

    EngineApi* api_;
    std::function<QStringList()> runningIds_;
    QTimer timer_;
    QStringList queue_;
    QSet<QString> pending_; // queued or on the wire
    int inFlight_ = 0;
    QHash<QString, nlohmann::json> previous_;
    QHash<QString, StatsPoint> points_;
    QSet<QString> cpuKnown_;
    QHash<QString, QList<double>> memoryHistory_;
};

} // namespace berth::ui
