#include "api/server/blocking_pool.h"

#include "base/go_errno.h"
#include "base/log.h"

#include <pthread.h>
#include <system_error>
#include <thread>

namespace berth::api {

void BlockingPool::start_detached_thread(std::function<void()> body) {
    std::thread(std::move(body)).detach();
}

BlockingPool::BlockingPool(std::string name, size_t max_threads, std::chrono::milliseconds idle_exit,
                           ThreadStarter start_thread)
    : name_(std::move(name)), max_threads_(max_threads), idle_exit_(idle_exit),
      start_thread_(std::move(start_thread)) {}

void BlockingPool::post(std::move_only_function<void()> work) {
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(work));
    if (idle_ >= queue_.size() || threads_ >= max_threads_) {
        wake_.notify_one();
        return;
    }
    try {
        start_thread_([this] { run(); });
        ++threads_; // under the lock: the new thread cannot count itself out before
    } catch (const std::system_error& e) {
        log::warn("{}: starting a thread: {}", name_, go_error_text(e.code()));
        if (threads_ > 0) {
            wake_.notify_one(); // the ones running take it in turn
            return;
        }
        // No thread to take it: run it here, slower but not lost.
        auto here = std::move(queue_.back());
        queue_.pop_back();
        lock.unlock();
        here();
    }
}

void BlockingPool::run() {
    ::pthread_setname_np(::pthread_self(), name_.c_str());
    std::unique_lock lock(mutex_);
    while (true) {
        ++idle_;
        bool woken = wake_.wait_for(lock, idle_exit_, [this] { return !queue_.empty() || stopping_; });
        --idle_;
        if (!queue_.empty()) {
            auto work = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            work();
            work = nullptr; // what it holds goes before the lock is taken again
            lock.lock();
            continue;
        }
        if (stopping_ || !woken) break;
    }
    --threads_;
    exited_.notify_all(); // under the lock: join() cannot return (and the pool go) before this thread lets go of it
}

void BlockingPool::join() {
    std::unique_lock lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    exited_.wait(lock, [this] { return threads_ == 0; });
}

size_t BlockingPool::threads() const {
    std::lock_guard lock(mutex_);
    return threads_;
}

} // namespace berth::api
