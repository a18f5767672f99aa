#include "ui/client/progress_stream.h"

#include "api/client/registry_auth.h"

namespace berth::ui {

void ProgressStream::deliver(const api::types::ProgressMessage& message) {
    if (finished_) return;
    // The engine reports a failure on the way as the stream's last message, with
    // a 200 already sent: that message is the error the stream ends with.
    if (message.is_error()) {
        failedInStream_ = true;
        streamError_ = ApiError{500, QString::fromStdString(message.error)};
    }
    emit progress(message);
}

void ProgressStream::finish(bool ok, const ApiError& error) {
    if (finished_) return;
    finished_ = true;
    if (ok && failedInStream_) emit finished(false, streamError_);
    else emit finished(ok, error);
}

RemoteProgressStream::RemoteProgressStream(const std::string& host, std::string target, std::string image,
                                           QObject* parent)
    : ProgressStream(parent)
    , client_(host)
    , target_(std::move(target))
    , image_(std::move(image)) {
    thread_.reset(QThread::create([this] { readStream(); }));
    thread_->setObjectName(QStringLiteral("berth-progress"));
    thread_->start();
}

RemoteProgressStream::~RemoteProgressStream() {
    cancel();
}

void RemoteProgressStream::cancel() {
    if (!thread_) return;
    cancelled_ = true;
    client_.cancel();
    thread_->wait();
    thread_.reset();
}

void RemoteProgressStream::readStream() {
    client_.set_header("X-Registry-Auth", api::registry_auth_header(image_));
    std::string pending;
    // Queued with `this` as context: a message still queued when the stream is
    // destroyed is dropped, never delivered to a dead object.
    auto post = [this](api::types::ProgressMessage message) {
        QMetaObject::invokeMethod(this, [this, message = std::move(message)] { deliver(message); },
                                  Qt::QueuedConnection);
    };
    auto result = client_.stream("POST", target_, [&](std::string_view data) {
        pending.append(data);
        // One JSON object per line ("\r\n" from Docker and berthd).
        for (size_t end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
            std::string line = pending.substr(0, end);
            pending.erase(0, end + 1);
            if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
            try {
                auto message = api::types::ProgressMessage::from_json(nlohmann::json::parse(line));
                if (message) post(std::move(*message));
            } catch (const nlohmann::json::exception&) {
                // Not JSON: not a progress message; the next line may be.
            }
        }
        return !cancelled_.load();
    });
    if (cancelled_) return;
    ApiError error;
    if (!result) error = apiErrorFrom(result.error());
    QMetaObject::invokeMethod(this, [this, ok = result.has_value(), error] { finish(ok, error); },
                              Qt::QueuedConnection);
}

} // namespace berth::ui
