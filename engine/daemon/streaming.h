#pragma once
// Answers that are made while they are sent: a coroutine on the connection's
// strand writes what a worker thread produces, so neither blocks the other and
// the io threads never wait on a file or a disk.
//
// Wakeup is the bridge: the worker (or any other thread) notifies, the
// coroutine waits. stream_from_worker builds a whole chunked answer on it.

#include "api/server/router.h"
#include "base/error.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace berth::daemon {

// Wakes a coroutine from another thread: the waiting side loops on
// `wait` until its condition holds; `notify` posts to its executor (the
// session's strand). A notify that lands while the coroutine is busy elsewhere
// (writing to its client) is kept for the next `wait`, never lost.
// Always held by a shared_ptr: a posted notify keeps it alive.
struct Wakeup : std::enable_shared_from_this<Wakeup> {
    explicit Wakeup(api::asio::any_io_executor executor)
        : timer(executor, api::asio::steady_timer::time_point::max()) {}
    void notify() {
        api::asio::post(timer.get_executor(), [self = shared_from_this()] {
            self->pending = true;
            self->timer.cancel();
        });
    }
    api::Task wait() {
        if (!pending) {
            boost::system::error_code ignored;
            co_await timer.async_wait(api::asio::redirect_error(api::asio::use_awaitable, ignored));
            timer.expires_at(api::asio::steady_timer::time_point::max());
        }
        pending = false;
    }
    api::asio::steady_timer timer;
    bool pending = false; // touched on the executor only
};

// What the worker gets: `sink` takes the body piece by piece and returns false
// once the client has gone (stop then); `ready` says the answer may begin (the
// first byte says it too): what the worker did before it (a stat for a header)
// is visible to `before_head`.
using StreamSink = std::function<bool(std::string_view)>;
using StreamProducer = std::function<Result<>(const std::function<void()>& ready, const StreamSink& sink)>;

// Runs `produce` on a thread of its own and sends what it makes as a chunked
// answer of `content_type`. An error before `ready` is the answer (thrown as
// ApiException for the router); one after it cuts the stream short, without its
// last chunk, so the client sees the body is incomplete. The worker blocks while
// `window` bytes wait for a slow client: memory stays bounded whatever the size.
// `on_cancel` runs (on the coroutine's thread) when the client has gone or the
// coroutine ends, before the worker is joined: it wakes a worker blocked
// elsewhere than in `sink` (reading an upload), which must then end.
constexpr size_t kStreamWindow = 1 << 20;
api::Task stream_from_worker(api::Exchange& exchange, std::string content_type, StreamProducer produce,
                             std::function<void(api::Exchange&)> before_head = {}, size_t window = kStreamWindow,
                             std::function<void()> on_cancel = {});

} // namespace berth::daemon
