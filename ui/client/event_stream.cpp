#include "ui/client/event_stream.h"

namespace berth::ui {

EventStream::EventStream(const std::string& host, std::string target, QObject* parent)
    : QObject(parent)
    , client_(host)
    , target_(std::move(target)) {}

EventStream::~EventStream() {
    cancel();
}

void EventStream::start() {
    if (thread_ && thread_->isRunning()) return;
    cancelled_ = false;
    thread_.reset(QThread::create([this] { readStream(); }));
    thread_->setObjectName(QStringLiteral("berth-events"));
    thread_->start();
}

void EventStream::cancel() {
    if (!thread_) return;
    cancelled_ = true;
    client_.cancel();
    thread_->wait();
    thread_.reset();
}

void EventStream::readStream() {
    std::string pending;
    // Queued with `this` as context: an event still in the queue when the stream
    // is destroyed is dropped, never delivered to a dead object.
    auto deliver = [this](api::types::Event event) {
        QMetaObject::invokeMethod(this, [this, event = std::move(event)] { emit received(event); },
                                  Qt::QueuedConnection);
    };
    auto result = client_.stream("GET", target_, [&](std::string_view data) {
        pending.append(data);
        // The engine writes one JSON object per line (Docker flushes after each).
        for (size_t end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
            std::string line = pending.substr(0, end);
            pending.erase(0, end + 1);
            if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
            try {
                auto event = api::types::Event::from_json(nlohmann::json::parse(line));
                if (event) deliver(std::move(*event));
            } catch (const nlohmann::json::exception&) {
                // A line that is not JSON is not an event; the next one may be.
            }
        }
        return !cancelled_.load();
    });
    if (cancelled_) return;
    QString why = result ? tr("the engine closed the event stream")
                         : QString::fromStdString(result.error().message());
    QMetaObject::invokeMethod(this, [this, why] { emit ended(why); }, Qt::QueuedConnection);
}

} // namespace berth::ui
