// The RUN --mount=type=cache leases and prune (cache_mounts.h) on a temporary
// root: the races and waits the review found (issue 12): a RUN mounting one id
// twice, two RUNs taking two locked caches in opposite orders, private copies
// picked at once, a prune beside RUNs taking the cache.
#include "build/builder/cache_mounts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <latch>
#include <set>
#include <thread>
#include <unistd.h>

namespace berth::build {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A root of its own per test, removed after it.
class CacheMounts : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "berth-cache-mounts-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }

    RunMount cache(const std::string& id, RunMount::Sharing sharing, const std::string& target = "/cache") const {
        RunMount mount;
        mount.type = RunMount::Type::Cache;
        mount.id = id;
        mount.target = target;
        mount.sharing = sharing;
        mount.uid = ::getuid();
        mount.gid = ::getgid();
        return mount;
    }
    HeldCacheMounts take(const std::vector<RunMount>& mounts) const {
        auto held = acquire_cache_mounts(root_, mounts, "/bin/sh -c true");
        EXPECT_TRUE(held) << held.error().message();
        return held ? std::move(*held) : HeldCacheMounts{};
    }

    std::string root_;
};

// Runs `work` on a thread and waits for it with a generous deadline: a
// deadlock fails the test (and ends the process, the thread being stuck for good).
void finishes(const std::function<void()>& work, const char* what) {
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    std::thread([work, done] {
        work();
        done->set_value();
    }).detach();
    if (finished.wait_for(60s) != std::future_status::ready) {
        ADD_FAILURE() << what << ": still waiting after 60 s (a deadlock)";
        std::fflush(nullptr);
        std::_Exit(1);
    }
}

// Polls (no fixed sleep) until `count` lease requests wait.
bool waiters_reach(size_t count) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (waiting_cache_leases() < count)
        if (std::chrono::steady_clock::now() > deadline) return false;
        else std::this_thread::sleep_for(1ms);
    return true;
}

TEST_F(CacheMounts, OneIdMountedTwiceIsOneLease) {
    for (auto sharing : {RunMount::Sharing::Locked, RunMount::Sharing::Shared}) {
        HeldCacheMounts held;
        finishes([&] { held = take({cache("x", sharing, "/a"), cache("x", RunMount::Sharing::Locked, "/b")}); },
                 "a RUN mounting one locked id twice");
        ASSERT_EQ(held.dirs.size(), 2u);
        EXPECT_EQ(held.dirs[0], held.dirs[1]);
        EXPECT_EQ(held.leases.size(), 1u);
        EXPECT_TRUE(fs::is_directory(held.dirs[0]));
    }
}

TEST_F(CacheMounts, LockedLeasesInOppositeOrdersDoNotDeadlock) {
    // Which of the two comes first in the order the leases are taken (their paths).
    std::string first_id = "x", second_id = "y";
    {
        auto both = take({cache("x", RunMount::Sharing::Shared), cache("y", RunMount::Sharing::Shared)});
        ASSERT_EQ(both.dirs.size(), 2u);
        if (both.dirs[1] < both.dirs[0]) std::swap(first_id, second_id);
    }
    auto held_first = std::make_unique<HeldCacheMounts>(take({cache(first_id, RunMount::Sharing::Locked)}));
    // The other RUN names them the other way round: it must wait on the first
    // without holding the second meanwhile.
    std::promise<HeldCacheMounts> other_done;
    std::thread other([&] {
        other_done.set_value(take({cache(second_id, RunMount::Sharing::Locked, "/b"),
                                   cache(first_id, RunMount::Sharing::Locked, "/a")}));
    });
    ASSERT_TRUE(waiters_reach(1)) << "the other RUN never waited for the locked cache";
    finishes([&] { auto second = take({cache(second_id, RunMount::Sharing::Locked)}); },
             "taking the second cache while the other RUN waits for the first");
    held_first.reset();
    auto other_held = other_done.get_future().get();
    other.join();
    EXPECT_EQ(other_held.leases.size(), 2u);
    EXPECT_EQ(waiting_cache_leases(), 0u);
}

TEST_F(CacheMounts, LockedWaitsForEveryHolder) {
    auto shared = std::make_unique<HeldCacheMounts>(take({cache("x", RunMount::Sharing::Shared)}));
    std::thread locked([&] { auto held = take({cache("x", RunMount::Sharing::Locked)}); });
    ASSERT_TRUE(waiters_reach(1));
    shared.reset();
    locked.join();
    EXPECT_EQ(waiting_cache_leases(), 0u);
}

TEST_F(CacheMounts, PrivateRunsGetDirectoriesOfTheirOwn) {
    auto first = take({cache("x", RunMount::Sharing::Shared)});
    constexpr int kRuns = 8;
    std::latch all_hold(kRuns);
    std::mutex dirs_mutex;
    std::vector<std::string> dirs;
    std::vector<std::thread> runs;
    for (int i = 0; i < kRuns; ++i)
        runs.emplace_back([&] {
            auto held = take({cache("x", RunMount::Sharing::Private)});
            {
                std::lock_guard lock(dirs_mutex);
                dirs.insert(dirs.end(), held.dirs.begin(), held.dirs.end());
            }
            all_hold.arrive_and_wait(); // each keeps its copy until every one has picked
        });
    for (auto& run : runs) run.join();
    std::set<std::string> distinct(dirs.begin(), dirs.end());
    ASSERT_EQ(dirs.size(), static_cast<size_t>(kRuns));
    EXPECT_EQ(distinct.size(), dirs.size()) << "two private RUNs got the same directory";
    EXPECT_FALSE(distinct.contains(first.dirs[0])) << "a private RUN got the directory another RUN holds";
}

TEST_F(CacheMounts, PruneLeavesInUseAndRemovesTheRest) {
    auto held = take({cache("kept", RunMount::Sharing::Shared)});
    std::string pruned_dir;
    {
        auto used = take({cache("gone", RunMount::Sharing::Shared)});
        pruned_dir = used.dirs[0];
        std::ofstream(pruned_dir + "/file") << "data";
    }
    fs::create_directories(root_ + "/.pruned-leftover/sub"); // a prune berthd did not finish
    for (const auto& record : list_cache_mounts(root_))
        EXPECT_FALSE(record.id.starts_with(".")) << "a tombstone listed as a cache: " << record.id;
    auto report = prune_cache_mounts(root_, {});
    ASSERT_TRUE(report) << report.error().message();
    ASSERT_EQ(report->deleted.size(), 1u);
    EXPECT_EQ(root_ + "/" + report->deleted[0], pruned_dir);
    EXPECT_EQ(report->reclaimed, 4u);
    EXPECT_TRUE(fs::is_directory(held.dirs[0]));
    EXPECT_FALSE(fs::exists(pruned_dir));
    EXPECT_FALSE(fs::exists(pruned_dir + ".json"));
    for (const auto& entry : fs::directory_iterator(root_))
        EXPECT_FALSE(entry.path().filename().string().starts_with(".pruned-")) << entry.path();
}

// Prune running beside RUNs that take and use the cache: a RUN never finds its
// directory gone while it holds it (prune checks the lease and moves the
// directory aside in one step under the lease lock).
TEST_F(CacheMounts, PruneBesideRunsNeverTakesALeasedDirectory) {
    std::atomic<bool> done = false;
    std::thread pruner([&] {
        while (!done) {
            auto report = prune_cache_mounts(root_, {});
            EXPECT_TRUE(report);
        }
    });
    int lost = 0;
    for (int i = 0; i < 100; ++i) {
        auto held = take({cache("x", RunMount::Sharing::Shared)});
        if (held.dirs.empty()) break;
        std::ofstream(held.dirs[0] + "/file") << i;
        if (!fs::exists(held.dirs[0] + "/file")) ++lost;
    }
    done = true;
    pruner.join();
    EXPECT_EQ(lost, 0) << "a RUN's cache directory was pruned while it held it";
}

} // namespace
} // namespace berth::build
