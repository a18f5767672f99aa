#pragma once
// The pool blocking work runs on (unpacking layers, starting containers,
// waiting for a registry): threads start when work arrives, up to a limit,
// and exit after a while without work. berthd idles with none of them (16
// idle threads were a fixed cost of a desktop daemon that is mostly idle);
// each is named (`top -H`, /proc/PID/task/*/comm) after the pool.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace berth::api {

class BlockingPool {
public:
    // Starts a thread that runs `body`, or throws std::system_error when the
    // system makes none (a thread or memory limit). Tests inject one that fails.
    using ThreadStarter = std::function<void(std::function<void()> body)>;
    static void start_detached_thread(std::function<void()> body);

    // `name`: at most 15 characters (the kernel's thread name limit).
    BlockingPool(std::string name, size_t max_threads, std::chrono::milliseconds idle_exit,
                 ThreadStarter start_thread = start_detached_thread);
    ~BlockingPool() { join(); }
    BlockingPool(const BlockingPool&) = delete;
    BlockingPool& operator=(const BlockingPool&) = delete;

    // Runs `work` on an idle thread, a new one while fewer than the limit
    // run, or else once one is free (in order). Never throws: when no thread
    // runs and none can be made, `work` runs here, in the caller's thread
    // (asio::thread_pool, which this replaced, never failed a post either).
    void post(std::move_only_function<void()> work);
    // Runs what is queued, then waits for every thread to exit; later posts
    // are not run.
    void join();
    size_t threads() const;

private:
    void run();

    const std::string name_;
    const size_t max_threads_;
    const std::chrono::milliseconds idle_exit_;
    const ThreadStarter start_thread_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;   // work queued, or stopping
    std::condition_variable exited_; // a thread ended
    std::deque<std::move_only_function<void()>> queue_;
    size_t threads_ = 0;
    size_t idle_ = 0;
    bool stopping_ = false;
};

} // namespace berth::api
