#include "ui/client/byte_stream.h"

namespace berth::ui {

RemoteByteStream::RemoteByteStream(const std::string& host, std::string target, Reader reader, QObject* parent)
    : ByteStream(parent)
    , client_(host)
    , target_(std::move(target))
    , reader_(std::move(reader)) {
    thread_.reset(QThread::create([this] { readStream(); }));
    thread_->setObjectName(QStringLiteral("berth-stream"));
    thread_->start();
}

RemoteByteStream::~RemoteByteStream() {
    cancel();
}

void RemoteByteStream::cancel() {
    if (!thread_) return;
    cancelled_ = true;
    client_.cancel();
    thread_->wait();
    thread_.reset();
}

void RemoteByteStream::readStream() {
    auto result = client_.stream("GET", target_, [this](std::string_view data) {
        return !cancelled_.load() && reader_(data);
    });
    if (cancelled_) return;
    const ApiError error = result ? ApiError{} : apiErrorFrom(result.error());
    // Queued with `this` as context: dropped if the stream is destroyed first.
    QMetaObject::invokeMethod(this, [this, ok = result.has_value(), error] { emit finished(ok, error); },
                              Qt::QueuedConnection);
}

} // namespace berth::ui
