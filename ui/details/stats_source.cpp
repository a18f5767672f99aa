#include "ui/details/stats_source.h"

#include "ui/client/engine_api.h"

namespace berth::ui {

EngineStatsSource::EngineStatsSource(EngineApi* api, const QString& containerId, QObject* parent)
    : StatsSource(parent), api_(api), containerId_(containerId) {
    qRegisterMetaType<StatsPoint>();
}

EngineStatsSource::~EngineStatsSource() { stop(); }

void EngineStatsSource::stop() {
    ++generation_;
    stream_.reset(); // closes the connection and joins its thread
}

void EngineStatsSource::start() {
    stop();
    const quint64 generation = generation_;
    // The CPU limit (for "% of the limit") is in inspect; without it, only "% of the host".
    api_->inspectContainer(containerId_).then(this, [this, generation](const ApiResult<nlohmann::json>& inspected) {
        if (generation != generation_) return;
        openStream(inspected ? cpuLimit(*inspected) : 0);
    });
}

void EngineStatsSource::openStream(double limit) {
    // One JSON sample per line; the points are computed on the stream's thread.
    struct Reading {
        std::string pending;
        nlohmann::json previous;
    };
    auto reading = std::make_shared<Reading>();
    stream_.reset(api_->containerStats(containerId_, [this, reading, limit](std::string_view data) {
        reading->pending.append(data);
        for (size_t newline = reading->pending.find('\n'); newline != std::string::npos;
             newline = reading->pending.find('\n')) {
            auto sample = nlohmann::json::parse(reading->pending.substr(0, newline), nullptr, false);
            reading->pending.erase(0, newline + 1);
            if (sample.is_discarded() || !sample.is_object()) continue;
            emit pointReady(statsPoint(sample, reading->previous, limit));
            reading->previous = std::move(sample);
        }
        return true;
    }, nullptr));
    connect(stream_.get(), &ByteStream::finished, this, [this](bool ok, const ApiError& error) {
        if (!ok) emit failed(error.message);
    });
}

} // namespace berth::ui
