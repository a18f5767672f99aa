// IdleRelease: the release runs once per quiet spell that follows activity
// (starting up counts), never while requests keep coming. Each io.run_one()
// runs one check, so the tests count checks, not time.
#include "daemon/idle_release.h"

#include <gtest/gtest.h>

namespace berth::daemon {
namespace {

using namespace std::chrono_literals;

TEST(IdleRelease, ReleasesOnceAfterEachBurstOfRequests) {
    boost::asio::io_context io;
    uint64_t requests = 7;
    int releases = 0;
    IdleRelease idle(io, 1ms, [&] { return requests; }, [&] { ++releases; });
    idle.start();
    io.run_one(); // nothing since start, and starting up counts as activity
    EXPECT_EQ(releases, 1) << "what starting up mapped in was not released";
    for (int i = 0; i < 5; ++i) io.run_one();
    EXPECT_EQ(releases, 1) << "released again with no request in between";
    requests += 3;
    io.run_one(); // sees the new requests: not idle yet
    EXPECT_EQ(releases, 1) << "released in the same check that saw requests";
    io.run_one(); // quiet since
    EXPECT_EQ(releases, 2) << "not released after the burst";
}

TEST(IdleRelease, NotWhileRequestsKeepComing) {
    boost::asio::io_context io;
    uint64_t requests = 0;
    int releases = 0;
    IdleRelease idle(io, 1ms, [&] { return ++requests; }, [&] { ++releases; });
    idle.start();
    for (int i = 0; i < 10; ++i) io.run_one();
    EXPECT_EQ(releases, 0);
}

} // namespace
} // namespace berth::daemon
