// BlockingPool: no thread until work comes, one per concurrent piece of work
// up to the limit (then in turn), threads gone once idle, queued work run by join.
#include "api/server/blocking_pool.h"

#include <atomic>
#include <functional>
#include <gtest/gtest.h>
#include <system_error>
#include <thread>

namespace berth::api {
namespace {

using namespace std::chrono_literals;

bool wait_until(const std::function<bool()>& done) {
    for (int i = 0; i < 400 && !done(); ++i) std::this_thread::sleep_for(5ms);
    return done();
}

TEST(BlockingPool, ThreadsStartWithWorkAndEndWhenIdle) {
    BlockingPool pool("test-pool", 3, 100ms);
    EXPECT_EQ(pool.threads(), 0u);
    std::atomic<int> running = 0, done = 0;
    std::atomic<bool> release = false;
    for (int i = 0; i < 5; ++i)
        pool.post([&] {
            ++running;
            while (!release) std::this_thread::sleep_for(1ms);
            ++done;
        });
    ASSERT_TRUE(wait_until([&] { return running == 3; }));
    EXPECT_EQ(pool.threads(), 3u) << "more threads than the limit";
    std::this_thread::sleep_for(20ms);
    EXPECT_EQ(running, 3) << "work beyond the limit ran before a thread was free";
    release = true;
    ASSERT_TRUE(wait_until([&] { return done == 5; }));
    EXPECT_TRUE(wait_until([&] { return pool.threads() == 0; })) << "idle threads did not end";
    pool.post([&] { ++done; }); // a new thread after they all ended
    EXPECT_TRUE(wait_until([&] { return done == 6; }));
}

TEST(BlockingPool, JoinRunsWhatIsQueued) {
    std::atomic<int> done = 0;
    {
        BlockingPool pool("test-pool", 1, 10s);
        for (int i = 0; i < 4; ++i)
            pool.post([&] {
                std::this_thread::sleep_for(5ms);
                ++done;
            });
        pool.join();
        EXPECT_EQ(pool.threads(), 0u);
    }
    EXPECT_EQ(done, 4);
}

// A starter that makes threads while `allowed`, and fails as std::thread does
// at a thread limit otherwise.
BlockingPool::ThreadStarter failing_when_not(const std::atomic<bool>& allowed) {
    return [&allowed](std::function<void()> body) {
        if (!allowed) throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
        BlockingPool::start_detached_thread(std::move(body));
    };
}

TEST(BlockingPool, WithNoThreadToBeHadWorkRunsInTheCaller) {
    std::atomic<bool> allowed = false;
    BlockingPool pool("test-pool", 4, 10s, failing_when_not(allowed));
    std::thread::id ran_on;
    EXPECT_NO_THROW(pool.post([&] { ran_on = std::this_thread::get_id(); }));
    EXPECT_EQ(ran_on, std::this_thread::get_id()) << "the work was lost or deferred";
    EXPECT_EQ(pool.threads(), 0u);
}

TEST(BlockingPool, WithNoNewThreadTheRunningOnesTakeTheWork) {
    std::atomic<bool> allowed = true, release = false;
    std::atomic<int> done = 0;
    BlockingPool pool("test-pool", 4, 10s, failing_when_not(allowed));
    pool.post([&] {
        while (!release) std::this_thread::sleep_for(1ms);
        ++done;
    });
    ASSERT_EQ(pool.threads(), 1u);
    allowed = false;
    std::thread::id ran_on;
    pool.post([&] {
        ran_on = std::this_thread::get_id();
        ++done;
    });
    EXPECT_EQ(done, 0) << "queued work ran in the caller while a pool thread could take it";
    release = true;
    ASSERT_TRUE(wait_until([&] { return done == 2; }));
    EXPECT_NE(ran_on, std::this_thread::get_id());
    EXPECT_EQ(pool.threads(), 1u);
}

} // namespace
} // namespace berth::api
