#include "daemon/context_upload.h"

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace berth::daemon {

namespace asio = api::asio;

ContextReader::ContextReader(UniqueFd fd, std::shared_ptr<std::atomic<bool>> body_complete)
    : from_fd_(true), fd_(std::move(fd)), body_complete_(std::move(body_complete)),
      buffer_(std::make_unique<std::array<char, 256 * 1024>>()) {}

ContextReader::ContextReader(std::string_view body) : memory_(body) {}

void ContextReader::close() {
    std::lock_guard lock(fd_mutex_);
    fd_.reset();
}

void ContextReader::interrupt() {
    std::lock_guard lock(fd_mutex_);
    // shutdown, not close: the fd stays ours (no other file can take its
    // number under the blocked read), and the read returns 0 at once.
    if (fd_) ::shutdown(fd_.get(), SHUT_RDWR);
}

Result<std::string_view> ContextReader::next() {
    auto piece = read();
    if (!piece) return piece;
    if (first_) {
        first_ = false;
        plain_ = !compressed(*piece);
    }
    // The docker CLI's `-f -` context (a Dockerfile from stdin put into the
    // tar) ends without the last entry's padding and the end-of-archive
    // blocks; dockerd's Go reader takes it. A plain tar gets them here
    // (zeros after a whole tar are never read); compressed ones are left alone.
    if (piece->empty() && plain_ && !padded_) {
        padded_ = true;
        return std::string_view(kZeros.data(), kZeros.size());
    }
    return piece;
}

Result<std::string_view> ContextReader::read() {
    if (!from_fd_) {
        std::string_view piece = memory_;
        memory_ = {};
        return piece;
    }
    if (!fd_) return fail(ErrorCategory::System, "reading the build context after its end");
    for (;;) {
        ssize_t got = ::read(fd_.get(), buffer_->data(), buffer_->size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return fail_errno("reading the uploaded build context");
        // A client gone midway must not leave a tar that only looks whole (padded above).
        if (got == 0 && !body_complete_->load(std::memory_order_acquire))
            return fail(ErrorCategory::Invalid, "the build context upload ended before its end (the client went away)");
        return std::string_view(buffer_->data(), static_cast<size_t>(got));
    }
}

bool ContextReader::compressed(std::string_view start) {
    for (std::string_view magic : {std::string_view("\x1f\x8b"), std::string_view("BZh"),
                                   std::string_view("\xfd" "7zXZ"), std::string_view("\x28\xb5\x2f\xfd")})
        if (start.starts_with(magic)) return true;
    return false;
}

ContextUpload::ContextUpload(asio::any_io_executor executor, UniqueFd writer, UniqueFd reader)
    : writer_(executor), done_(executor, asio::steady_timer::time_point::max()) {
    writer_.assign(asio::local::stream_protocol(), writer.get());
    (void)writer.release();
    reader_ = std::make_shared<ContextReader>(std::move(reader), body_complete_);
}

Result<std::unique_ptr<ContextUpload>> ContextUpload::open(asio::any_io_executor executor) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        return fail_errno("making the socket pair for the build context");
    return std::make_unique<ContextUpload>(executor, UniqueFd(pair[0]), UniqueFd(pair[1]));
}

void ContextUpload::start(api::BodyStream& body, std::function<void()> body_read) {
    pumping_ = true;
    asio::co_spawn(writer_.get_executor(), pump(body), [this, body_read = std::move(body_read)](std::exception_ptr) {
        // A pump that threw must still end the worker's read with EOF.
        boost::system::error_code ignored;
        writer_.close(ignored);
        if (body_read) body_read();
        pumping_ = false;
        done_.cancel();
    });
}

api::Task ContextUpload::pump(api::BodyStream& body) {
    std::vector<char> buffer(256 * 1024);
    bool worker_reading = true;
    for (;;) {
        auto got = co_await body.read_some(buffer);
        if (!got) break; // the client went away: the worker sees an unfinished body
        if (*got == 0) {
            body_complete_->store(true, std::memory_order_release);
            break;
        }
        if (!worker_reading) continue; // dropped: the worker has all it wants
        boost::system::error_code ec;
        co_await asio::async_write(writer_, asio::buffer(buffer.data(), *got), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) worker_reading = false;
    }
    boost::system::error_code ignored;
    writer_.close(ignored);
}

api::Task ContextUpload::pumped() {
    while (pumping_) {
        boost::system::error_code ignored;
        co_await done_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

} // namespace berth::daemon
