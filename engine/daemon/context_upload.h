#pragma once
// The build context as it arrives (`POST /build`): the request body is read
// from the client's socket by a coroutine on the connection's strand and handed
// through a socket pair to the build's worker thread, which writes it to one
// spool file and indexes its entries as it comes (build/builder/context_spool.h;
// files are extracted later, only those a step reads). Nothing is held whole:
// the memory is the two sockets' buffers, one read buffer and the index.
//
//   auto upload = ContextUpload::open(executor); // on the connection's strand
//   upload->start(body);                         // client → socket pair
//   worker: reader->next() ...                   // socket pair → the spool
//   reader->close()                              // the worker is done: the rest of the body is drained
//   co_await upload->pumped()                    // before the exchange ends
//
// A worker that stops reading early (a hostile entry refused) closes its end;
// the pump then reads the rest of the body and drops it, so the client, still
// sending, hears the error on a connection that is read to the end.

#include "api/server/exchange.h"
#include "base/error.h"
#include "base/unique_fd.h"

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

namespace berth::daemon {

// The worker's side: the context piece by piece, as containers::TarSource wants it.
class ContextReader {
public:
    // Reads the body from `fd` (the socket pair's end); `body_complete` says,
    // once the fd ends, whether the client's body ended whole.
    ContextReader(UniqueFd fd, std::shared_ptr<std::atomic<bool>> body_complete);
    // A body already in memory (a request that was not streamed).
    explicit ContextReader(std::string_view body);
    ContextReader(const ContextReader&) = delete;
    ContextReader& operator=(const ContextReader&) = delete;

    Result<std::string_view> next();
    // Stops reading: the pump drops what the client still sends.
    void close();
    // From any thread: a read() the worker is blocked in ends, as if the
    // client had gone (berthd stopping, its connections dropped: the pump that
    // would close our end never runs again, and the worker must end to be joined).
    void interrupt();

private:
    Result<std::string_view> read();
    // gzip, bzip2, xz, zstd: what the CLI's --compress and other clients send.
    static bool compressed(std::string_view start);
    static constexpr std::array<char, 1536> kZeros{}; // a block of padding at most, and the two end blocks

    bool first_ = true;
    bool plain_ = true;
    bool padded_ = false;
    std::string_view memory_;
    bool from_fd_ = false;
    std::mutex fd_mutex_; // close() and interrupt(); read() runs only where close() does
    UniqueFd fd_;
    std::shared_ptr<std::atomic<bool>> body_complete_;
    std::unique_ptr<std::array<char, 256 * 1024>> buffer_;
};

class ContextUpload {
public:
    // The socket pair; the reader's end for the worker.
    static Result<std::unique_ptr<ContextUpload>> open(api::asio::any_io_executor executor);
    std::shared_ptr<ContextReader> reader() const { return reader_; }
    // Starts copying client → worker, until the body ends (or the client goes);
    // then the worker's end sees EOF and `body_read` runs (on the strand,
    // before pumped() returns). On the connection's strand; `body` and
    // this object must stay until pumped() returns.
    void start(api::BodyStream& body, std::function<void()> body_read = {});
    // Waits until the copy has ended.
    api::Task pumped();
    ContextUpload(api::asio::any_io_executor executor, UniqueFd writer, UniqueFd reader);

private:
    api::Task pump(api::BodyStream& body);
    api::UnixSocket writer_;
    std::shared_ptr<std::atomic<bool>> body_complete_ = std::make_shared<std::atomic<bool>>(false);
    std::shared_ptr<ContextReader> reader_;
    api::asio::steady_timer done_;
    bool pumping_ = false;
};

} // namespace berth::daemon
