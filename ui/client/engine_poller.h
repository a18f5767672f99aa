#pragma once
// The blocking half of EngineConnection. It lives on the connection's worker
// thread, asks berthd with the blocking api::EngineClient, and reports each
// answer as a signal (queued over to the UI thread). It also keeps the rhythm:
// /version until the engine answers, retried every ~2 s; then /info once, and
// again whenever refreshNow() asks, until a request fails, which starts the
// retries again. It polls only while disconnected.

#include "ui/client/engine_connection.h"

#include "api/client/client.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

namespace berth::ui {

class EnginePoller : public QObject {
    Q_OBJECT
public:
    explicit EnginePoller(const QString& host);

    // Thread-safe: ends a stream running on the worker thread.
    void cancel() { client_.cancel(); }

    // Runs on the worker thread: one request (two on connecting), then schedules the next poll.
    void poll();

signals:
    void versionFetched(const QJsonObject& version);
    void infoFetched(const QJsonObject& info);
    // `state` is Unreachable or AccessDenied.
    void failed(berth::ui::EngineConnection::State state, const QString& message);

private:
    void reportFailure(const Error& error);

    api::EngineClient client_;
    // A child, so moveToThread() takes it along and it fires on the worker thread.
    QTimer timer_{this};
    bool connected_ = false;
};

} // namespace berth::ui
