// ExitWatcher: a monitor connection that answers or closes runs its callback,
// once, on the watcher's thread. The monitors are played by socketpairs.

#include "containers/exit_watcher.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <gtest/gtest.h>
#include <mutex>
#include <sys/socket.h>
#include <thread>
#include <vector>

namespace berth::containers {
namespace {

using namespace std::chrono_literals;

struct Pair {
    UniqueFd watched; // berthd's end, handed to the watcher
    UniqueFd monitor; // the monitor's end, kept by the test
};

Pair socket_pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
    return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// What the callbacks did, in order, and on which thread.
class Calls {
public:
    std::function<void()> callback(std::string key) {
        return [this, key = std::move(key)] {
            std::lock_guard lock(mutex_);
            keys_.push_back(key);
            threads_.push_back(std::this_thread::get_id());
            changed_.notify_all();
        };
    }
    bool wait_for(size_t count, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return keys_.size() >= count; });
    }
    std::vector<std::string> keys() {
        std::lock_guard lock(mutex_);
        return keys_;
    }
    std::vector<std::thread::id> threads() {
        std::lock_guard lock(mutex_);
        return threads_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> keys_;
    std::vector<std::thread::id> threads_;
};

TEST(ExitWatcher, PeerClosingRunsTheCallbackOnTheWatcherThread) {
    Calls calls;
    ExitWatcher watcher;
    Pair pair = socket_pair();
    watcher.watch("c1", std::move(pair.watched), calls.callback("c1"));
    std::this_thread::sleep_for(20ms);
    EXPECT_TRUE(calls.keys().empty()) << "nothing happened yet";

    pair.monitor.reset();
    ASSERT_TRUE(calls.wait_for(1));
    EXPECT_EQ(calls.keys(), std::vector<std::string>{"c1"});
    EXPECT_NE(calls.threads().at(0), std::this_thread::get_id());
}

TEST(ExitWatcher, PeerWritingRunsTheCallbackOnce) {
    Calls calls;
    ExitWatcher watcher;
    Pair pair = socket_pair();
    watcher.watch("c1", std::move(pair.watched), calls.callback("c1"));
    ASSERT_EQ(::write(pair.monitor.get(), "x", 1), 1);
    ASSERT_TRUE(calls.wait_for(1));
    // More data, then the close: the watch is gone, no second call. (The
    // watcher closed its end with the watch: no SIGPIPE for the test.)
    (void)::send(pair.monitor.get(), "yz", 2, MSG_NOSIGNAL);
    pair.monitor.reset();
    EXPECT_FALSE(calls.wait_for(2, 200ms));
    EXPECT_EQ(calls.keys(), std::vector<std::string>{"c1"});
}

TEST(ExitWatcher, SeveralWatchesEachRunTheirOwnCallback) {
    Calls calls;
    ExitWatcher watcher;
    std::vector<Pair> pairs;
    for (int i = 0; i < 3; ++i) {
        pairs.push_back(socket_pair());
        std::string key = "c" + std::to_string(i);
        watcher.watch(key, std::move(pairs.back().watched), calls.callback(key));
    }
    pairs[2].monitor.reset();
    ASSERT_TRUE(calls.wait_for(1));
    EXPECT_EQ(calls.keys(), std::vector<std::string>{"c2"});

    ASSERT_EQ(::write(pairs[0].monitor.get(), "x", 1), 1);
    ASSERT_TRUE(calls.wait_for(2));
    EXPECT_EQ(calls.keys(), (std::vector<std::string>{"c2", "c0"}));

    pairs[1].monitor.reset();
    ASSERT_TRUE(calls.wait_for(3));
    EXPECT_EQ(calls.keys(), (std::vector<std::string>{"c2", "c0", "c1"}));
    for (auto id : calls.threads()) EXPECT_EQ(id, calls.threads().front());
    EXPECT_NE(calls.threads().front(), std::this_thread::get_id());

    pairs[0].monitor.reset();
    EXPECT_FALSE(calls.wait_for(4, 100ms));
}

// Two containers ending at once: both callbacks, one poll round or two.
TEST(ExitWatcher, SimultaneousExits) {
    Calls calls;
    ExitWatcher watcher;
    Pair a = socket_pair(), b = socket_pair();
    watcher.watch("a", std::move(a.watched), calls.callback("a"));
    watcher.watch("b", std::move(b.watched), calls.callback("b"));
    std::this_thread::sleep_for(20ms);
    a.monitor.reset();
    b.monitor.reset();
    ASSERT_TRUE(calls.wait_for(2));
    auto keys = calls.keys();
    std::ranges::sort(keys);
    EXPECT_EQ(keys, (std::vector<std::string>{"a", "b"}));
}

// A restart policy watches the new monitor from inside the old one's callback.
TEST(ExitWatcher, CallbackMayWatchAgain) {
    Calls calls;
    ExitWatcher watcher;
    Pair first = socket_pair(), second = socket_pair();
    UniqueFd second_watched = std::move(second.watched);
    auto second_callback = calls.callback("second");
    watcher.watch("c", std::move(first.watched), [&] {
        calls.callback("first")();
        watcher.watch("c", std::move(second_watched), second_callback);
    });
    first.monitor.reset();
    ASSERT_TRUE(calls.wait_for(1));
    std::this_thread::sleep_for(20ms);
    second.monitor.reset();
    ASSERT_TRUE(calls.wait_for(2));
    EXPECT_EQ(calls.keys(), (std::vector<std::string>{"first", "second"}));
}

TEST(ExitWatcher, DestroyedWithPendingWatchesRunsNoCallback) {
    Calls calls;
    Pair pair = socket_pair();
    {
        ExitWatcher watcher;
        watcher.watch("c1", std::move(pair.watched), calls.callback("c1"));
        std::this_thread::sleep_for(20ms);
    } // joins its thread
    pair.monitor.reset();
    EXPECT_TRUE(calls.keys().empty());
}

} // namespace
} // namespace berth::containers
