#include "daemon/streaming.h"

#include "base/log.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace berth::daemon {
namespace {

namespace asio = api::asio;

// Shared by the worker and the coroutine; everything under `mutex`.
struct StreamState {
    std::mutex mutex;
    std::condition_variable room; // the worker waits here while the window is full
    std::string pending;          // made, not yet written
    size_t window = 0;
    bool ready = false, finished = false, cancelled = false;
    std::optional<Error> error;
    std::function<void()> on_cancel; // set before the worker starts

    void cancel() {
        {
            std::lock_guard lock(mutex);
            cancelled = true;
        }
        room.notify_all();
        if (on_cancel) on_cancel();
    }
};

// The worker is joined on every way out of the coroutine, the early error
// answer included; cancelling first lets a worker stuck on a full window end.
struct WorkerJoin {
    StreamState& state;
    std::thread& worker;
    ~WorkerJoin() {
        state.cancel();
        if (worker.joinable()) worker.join();
    }
};

} // namespace

api::Task stream_from_worker(api::Exchange& exchange, std::string content_type, StreamProducer produce,
                             std::function<void(api::Exchange&)> before_head, size_t window,
                             std::function<void()> on_cancel) {
    auto state = std::make_shared<StreamState>();
    state->window = window;
    state->on_cancel = std::move(on_cancel);
    auto wakeup = std::make_shared<Wakeup>(co_await asio::this_coro::executor);
    std::thread worker([state, wakeup, produce = std::move(produce)] {
        auto ready = [&] {
            std::lock_guard lock(state->mutex);
            state->ready = true;
            wakeup->notify();
        };
        auto sink = [&](std::string_view data) {
            std::unique_lock lock(state->mutex);
            state->room.wait(lock, [&] { return state->cancelled || state->pending.size() < state->window; });
            if (state->cancelled) return false;
            if (state->pending.empty()) wakeup->notify();
            state->ready = true; // the first byte begins the answer if `ready` did not
            state->pending.append(data);
            return true;
        };
        Result<> result = {};
        try {
            result = produce(ready, sink);
        } catch (const std::exception& e) { // a bug, not a reason to take the daemon down
            result = fail(ErrorCategory::System, "internal error: {}", e.what());
        }
        std::lock_guard lock(state->mutex);
        if (!result) state->error = result.error();
        state->finished = true;
        wakeup->notify();
    });
    WorkerJoin join{*state, worker};

    // The head waits for `ready`; a worker that ends without it and with an
    // error has the error as the answer.
    std::optional<Error> error;
    while (true) {
        {
            std::lock_guard lock(state->mutex);
            if (state->ready || state->finished) {
                if (!state->ready) error = state->error;
                break;
            }
        }
        co_await wakeup->wait();
    }
    if (error) throw api::ApiException{*error};
    if (before_head) before_head(exchange);
    co_await exchange.begin_stream(content_type);

    bool open = true;
    while (true) {
        std::string batch;
        bool finished;
        {
            std::lock_guard lock(state->mutex);
            batch.swap(state->pending);
            finished = state->finished;
            error = state->error;
        }
        state->room.notify_all();
        if (!batch.empty() && open && !(open = co_await exchange.write_chunk(batch))) state->cancel();
        if (finished) break;
        co_await wakeup->wait();
    }
    if (!open) co_return;
    if (error) {
        // Too late for a status: leave out the last chunk, so the client knows.
        log::warn("{} {} stopped midway: {}", std::string(exchange.request().method_string()),
                  std::string(exchange.path()), error->message());
        co_return;
    }
    co_await exchange.end_stream();
}

} // namespace berth::daemon
