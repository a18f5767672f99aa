#include "ui/client/engine_poller.h"

#include <QJsonDocument>
#include <chrono>

namespace berth::ui {

namespace {

using namespace std::chrono_literals;

// Short enough that berthd coming back shows up at once, long enough not to spin.
constexpr auto kRetryInterval = 2s;
// A request that hangs this long counts as an unreachable engine; it also bounds
// how long closing the window can wait for the worker thread.
constexpr auto kRequestTimeout = 10s;

QJsonObject toQJsonObject(const nlohmann::json& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json.dump())).object();
}

EngineConnection::State stateFor(const Error& error) {
    switch (error.category()) {
    case ErrorCategory::Forbidden:
    case ErrorCategory::Unauthorized:
        return EngineConnection::State::AccessDenied;
    default:
        // Anything else (no socket, a hang, something that is not berthd answering)
        // means there is no engine to work with at this address.
        return EngineConnection::State::Unreachable;
    }
}

} // namespace

EnginePoller::EnginePoller(const QString& host)
    : client_(host.toStdString()) {
    client_.set_timeout(kRequestTimeout);
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, &EnginePoller::poll);
}

void EnginePoller::poll() {
    // A "Retry now" may come while a tick is pending: this poll replaces it.
    timer_.stop();
    if (!connected_) {
        auto version = client_.get_json("/version");
        if (!version) return reportFailure(version.error());
        connected_ = true;
        emit versionFetched(toQJsonObject(*version));
    }
    auto info = client_.get_json("/info");
    if (!info) return reportFailure(info.error());
    // No timer while connected: the event stream notices a lost engine, and
    // /info is asked again on demand (refreshNow) when events change its counts.
    emit infoFetched(toQJsonObject(*info));
}

void EnginePoller::reportFailure(const Error& error) {
    connected_ = false;
    emit failed(stateFor(error), QString::fromStdString(error.message()));
    timer_.start(kRetryInterval);
}

} // namespace berth::ui
