#include "ui/models/containers_stats.h"

namespace berth::ui {

namespace {

constexpr auto kDefaultInterval = std::chrono::seconds(3);

} // namespace

ContainersStats::ContainersStats(EngineApi* api, std::function<QStringList()> runningIds, QObject* parent)
    : QObject(parent)
    , api_(api)
    , runningIds_(std::move(runningIds)) {
    timer_.setInterval(kDefaultInterval);
    connect(&timer_, &QTimer::timeout, this, &ContainersStats::sampleRound);
}

void ContainersStats::setActive(bool active) {
    if (active == timer_.isActive()) return;
    if (!active) {
        timer_.stop();
        queue_.clear(); // what is on the wire still lands; nothing new is asked
        return;
    }
    timer_.start();
    sampleRound();
}

void ContainersStats::sampleRound() {
    const QStringList running = runningIds_();
    // Forget containers that stopped: their next start begins a fresh CPU window.
    const QSet<QString> alive(running.begin(), running.end());
    for (auto it = previous_.begin(); it != previous_.end();) {
        if (alive.contains(it.key()) || pending_.contains(it.key())) {
            ++it;
            continue;
        }
        points_.remove(it.key());
        cpuKnown_.remove(it.key());
        memoryHistory_.remove(it.key());
        it = previous_.erase(it);
    }
    for (const QString& id : running) {
        if (pending_.contains(id)) continue;
        pending_.insert(id);
        queue_ << id;
    }
    pump();
}

void ContainersStats::pump() {
    while (inFlight_ < kMaxInFlight && !queue_.isEmpty()) {
        const QString id = queue_.takeFirst();
        ++inFlight_;
        api_->containerStatsOnce(id).then(
            this, [this, id](const ApiResult<nlohmann::json>& result) { received(id, result); });
    }
}

void ContainersStats::received(const QString& id, const ApiResult<nlohmann::json>& result) {
    --inFlight_;
    pending_.remove(id);
    if (result && result->is_object()) {
        const auto before = previous_.constFind(id);
        nlohmann::json sample = *result;
        const bool withCpu = before != previous_.cend() && before->contains("cpu_stats");
        // one-shot leaves precpu_stats empty: the previous sample's cpu_stats stands in.
        if (withCpu) sample["precpu_stats"] = (*before)["cpu_stats"];
        else sample["precpu_stats"] = sample.value("cpu_stats", nlohmann::json::object());
        StatsPoint point = statsPoint(sample, withCpu ? *before : nlohmann::json(), 0);
        points_.insert(id, point);
        if (withCpu) cpuKnown_.insert(id);
        QList<double>& history = memoryHistory_[id];
        history << point.memoryUsed;
        if (history.size() > kHistoryLength) history.removeFirst();
        previous_.insert(id, *result);
        emit updated(id);
    }
    pump();
}

std::optional<StatsPoint> ContainersStats::point(const QString& id) const {
    const auto found = points_.constFind(id);
    if (found == points_.cend()) return std::nullopt;
    return *found;
}

} // namespace berth::ui
