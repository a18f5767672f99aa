#pragma once
// GET /events on a connection and a thread of its own. Each line the engine
// sends becomes a typed Event, delivered by received() on the owner's thread in
// order. cancel() (or destruction) closes the connection and joins the thread;
// a stream that ends by itself reports ended() with why.

#include "api/client/client.h"
#include "api/types/event.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace berth::ui {

class EventStream : public QObject {
    Q_OBJECT
public:
    // `target` is the request path, e.g. "/events" or "/events?filters=…".
    EventStream(const std::string& host, std::string target, QObject* parent = nullptr);
    ~EventStream() override;

    void start();
    void cancel();

signals:
    void received(const berth::api::types::Event& event);
    void ended(const QString& why);

private:
    void readStream(); // on thread_

    api::EngineClient client_;
    std::string target_;
    std::unique_ptr<QThread> thread_;
    std::atomic<bool> cancelled_{false};
};

} // namespace berth::ui
