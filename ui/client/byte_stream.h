#pragma once
// A long answer read as it comes — a log followed, a stats stream — on a
// connection and a thread of its own, so it never holds a request worker of the
// API's pool nor the UI thread.
//
// Lifecycle: EngineApi::openStream() makes it and starts it at once. `reader`
// runs on the stream's thread with each piece of the body, in order (it decodes
// there, off the UI thread; return false to stop). finished() then arrives on
// the owner's thread: ok, or the engine's error word for word. cancel() (or
// destruction) closes the connection and joins the thread; a cancelled stream
// reports nothing more.

#include "ui/client/api_result.h"

#include "api/client/client.h"

#include <QObject>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <string_view>

namespace berth::ui {

class ByteStream : public QObject {
    Q_OBJECT
public:
    // Called on the stream's thread; false ends the stream (as ok).
    using Reader = std::function<bool(std::string_view bytes)>;
    using QObject::QObject;

    virtual void cancel() = 0;

signals:
    // `error` is meaningful only when !ok.
    void finished(bool ok, const berth::ui::ApiError& error);
};

class RemoteByteStream : public ByteStream {
    Q_OBJECT
public:
    // GETs `target` at `host` and starts reading at once; connect to finished() right after.
    RemoteByteStream(const std::string& host, std::string target, Reader reader, QObject* parent = nullptr);
    ~RemoteByteStream() override;

    void cancel() override;

private:
    void readStream(); // on thread_

    api::EngineClient client_;
    std::string target_;
    Reader reader_;
    std::unique_ptr<QThread> thread_;
    std::atomic<bool> cancelled_{false};
};

} // namespace berth::ui
