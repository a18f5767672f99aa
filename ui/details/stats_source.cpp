#include "ui/details/stats_source.h"

#include <QUrl>

namespace berth::ui {

EngineStatsSource::EngineStatsSource(const QString& host, const QString& containerId, QObject* parent)
    : StatsSource(parent), containerId_(QUrl::toPercentEncoding(containerId).toStdString()),
      worker_(host.toStdString()) {
    qRegisterMetaType<StatsPoint>();
}

EngineStatsSource::~EngineStatsSource() { worker_.stop(); }

void EngineStatsSource::start() {
    worker_.run([this](api::EngineClient& client) { read(client); });
}

// Runs on the worker thread.
void EngineStatsSource::read(api::EngineClient& client) {
    double limit = 0;
    if (auto inspected = client.get_json("/containers/" + containerId_ + "/json")) limit = cpuLimit(*inspected);
    std::string pending;
    nlohmann::json previous;
    auto streamed = client.stream("GET", "/containers/" + containerId_ + "/stats?stream=1", [&](std::string_view data) {
        pending.append(data);
        for (size_t newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
            auto sample = nlohmann::json::parse(pending.substr(0, newline), nullptr, false);
            pending.erase(0, newline + 1);
            if (sample.is_discarded() || !sample.is_object()) continue;
            emit pointReady(statsPoint(sample, previous, limit));
            previous = std::move(sample);
        }
        return true;
    });
    if (!streamed) emit failed(QString::fromStdString(streamed.error().message()));
}

} // namespace berth::ui
