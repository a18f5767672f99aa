#pragma once
// The GUI's view of berthd: the Qt adapter over the blocking api::EngineClient.
// Every request runs on a worker thread of its own (see EnginePoller), so the UI
// thread never waits on the socket; results come back as queued signals.
//
// Lifecycle: construct, connect to the signals, start(). While the engine is not
// reachable it is asked again every ~2 s, so the GUI reconnects by itself when
// berthd comes (back); while connected it does not poll: /info is refreshed on
// demand (refreshNow(), which the main window calls on events and when the event
// stream breaks, so a lost engine shows at once). Destroying
// the connection stops the worker thread, waiting at most for the one request in
// flight.

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QThread>

namespace berth::ui {

class EnginePoller;

class EngineConnection : public QObject {
    Q_OBJECT
public:
    enum class State {
        Connecting,   // nothing heard yet: the first request is on its way
        Connected,    // /version answered
        Unreachable,  // no daemon at the socket, or it did not answer like one
        AccessDenied, // the socket's permissions or berthd's peer check refused us
    };
    Q_ENUM(State)

    // `host` is an Engine API address such as "unix:///run/berth/berth.sock".
    explicit EngineConnection(const QString& host, QObject* parent = nullptr);
    ~EngineConnection() override;

    const QString& host() const { return host_; }
    State state() const { return state_; }
    // Why the engine is Unreachable or AccessDenied, as the client worded it; empty otherwise.
    const QString& errorMessage() const { return errorMessage_; }
    // The last GET /version and GET /info answers; empty until connected.
    const QJsonObject& version() const { return version_; }
    const QJsonObject& info() const { return info_; }

    // Starts polling. Signals connected before this call see the first result.
    void start();
    // Asks again now instead of at the next tick (the user pressed "Retry").
    void refreshNow();

signals:
    void stateChanged(berth::ui::EngineConnection::State state, const QString& errorMessage);
    void versionReceived(const QJsonObject& version);
    void infoReceived(const QJsonObject& info);

private:
    void onVersionFetched(const QJsonObject& version);
    void onInfoFetched(const QJsonObject& info);
    void onFailed(berth::ui::EngineConnection::State state, const QString& message);
    void setState(State state, const QString& errorMessage);

    QString host_;
    State state_ = State::Connecting;
    QString errorMessage_;
    QJsonObject version_;
    QJsonObject info_;
    QThread thread_;
    // Lives on thread_ and is deleted there when the thread finishes.
    EnginePoller* poller_;
};

} // namespace berth::ui
