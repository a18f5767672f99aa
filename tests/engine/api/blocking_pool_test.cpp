// BlockingPool: no thread until work comes, one per concurrent piece of work
// up to the limit (then in turn), threads gone once idle, queued work run by join.
#include "api/server/blocking_pool.h"

#include <atomic>
#include <gtest/gtest.h>
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

} // namespace
} // namespace berth::api
