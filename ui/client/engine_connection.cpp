#include "ui/client/engine_connection.h"

#include "ui/client/engine_poller.h"

namespace berth::ui {

EngineConnection::EngineConnection(const QString& host, QObject* parent)
    : QObject(parent)
    , host_(host)
    , poller_(new EnginePoller(host)) {
    qRegisterMetaType<State>();
    thread_.setObjectName(QStringLiteral("berth-engine-connection"));
    poller_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, poller_, &QObject::deleteLater);
    connect(poller_, &EnginePoller::versionFetched, this, &EngineConnection::onVersionFetched);
    connect(poller_, &EnginePoller::infoFetched, this, &EngineConnection::onInfoFetched);
    connect(poller_, &EnginePoller::failed, this, &EngineConnection::onFailed);
}

EngineConnection::~EngineConnection() {
    if (!thread_.isRunning()) {
        delete poller_; // never started: no thread to delete it on
        return;
    }
    // cancel() ends a stream at once; a plain request ends within the client's
    // timeout, after which the thread's event loop sees quit().
    poller_->cancel();
    thread_.quit();
    thread_.wait();
}

void EngineConnection::start() {
    if (thread_.isRunning()) return;
    thread_.start();
    refreshNow();
}

void EngineConnection::refreshNow() {
    QMetaObject::invokeMethod(poller_, &EnginePoller::poll, Qt::QueuedConnection);
}

void EngineConnection::onVersionFetched(const QJsonObject& version) {
    version_ = version;
    setState(State::Connected, {});
    emit versionReceived(version_);
}

void EngineConnection::onInfoFetched(const QJsonObject& info) {
    info_ = info;
    emit infoReceived(info_);
}

void EngineConnection::onFailed(State state, const QString& message) {
    // What we showed belonged to a daemon that is gone; a new one may differ.
    version_ = {};
    info_ = {};
    setState(state, message);
}

void EngineConnection::setState(State state, const QString& errorMessage) {
    // The poller reports the same failure every retry: only changes are news.
    if (state == state_ && errorMessage == errorMessage_) return;
    state_ = state;
    errorMessage_ = errorMessage;
    emit stateChanged(state_, errorMessage_);
}

} // namespace berth::ui
