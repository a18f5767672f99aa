// Both backends' statistics, OOM counts and process lists from a directory that
// plays cgroupfs, in the files and formats each hierarchy has.
#include "fake_cgroupfs.h"
#include "runtime/cgroups/manager.h"

#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

using testing::put;

// A v1 container "c1" under "berth", with what its controllers would show.
void fill_v1(const berth::testing::TempDir& root) {
    std::string c = "/berth/c1/";
    put(root / "cpuacct" + c + "cpuacct.usage", "123456789\n");
    put(root / "cpuacct" + c + "cpuacct.usage_percpu", "100000000 23456789 \n");
    put(root / "cpuacct" + c + "cpuacct.stat", "user 7\nsystem 3\n");
    put(root / "cpu" + c + "cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 5000\nnr_bursts 0\nburst_time 0\n");
    put(root / "memory" + c + "memory.usage_in_bytes", "10485760\n");
    put(root / "memory" + c + "memory.max_usage_in_bytes", "20971520\n");
    put(root / "memory" + c + "memory.limit_in_bytes", "67108864\n");
    put(root / "memory" + c + "memory.failcnt", "3\n");
    put(root / "memory" + c + "memory.stat", "cache 4096\nrss 8192\nshmem 0\ntotal_inactive_file 2097152\n");
    put(root / "memory" + c + "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    put(root / "blkio" + c + "blkio.throttle.io_service_bytes_recursive",
        "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Async 12288\n8:0 Discard 0\n8:0 Total 12288\nTotal 12288\n");
    put(root / "blkio" + c + "blkio.throttle.io_serviced_recursive", "8:0 Read 1\n8:0 Write 2\nTotal 3\n");
    put(root / "pids" + c + "pids.current", "4\n");
    put(root / "pids" + c + "pids.max", "max\n");
    put(root / "pids" + c + "cgroup.procs", "40\n41\n");
    put(root / "pids" + c + "nested/cgroup.procs", "42\n40\n");
}

void fill_v2(const berth::testing::TempDir& root) {
    std::string c = root / "berth/c1/";
    put(c + "cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 4\nnr_throttled 1\n"
                        "throttled_usec 250\nnr_bursts 0\nburst_usec 0\n");
    put(c + "memory.current", "10485760\n");
    put(c + "memory.max", "max\n");
    put(c + "memory.stat", "anon 4096\nfile 8192\ninactive_file 2097152\nzswap 0\n");
    put(c + "memory.events", "low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\noom_group_kill 0\n");
    put(c + "io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
    put(c + "pids.current", "3\n");
    put(c + "pids.max", "100\n");
    put(c + "cgroup.procs", "7\n9\n");
    put(c + "init.scope/cgroup.procs", "8\n");
}

TEST(CgroupV1Stats, ReadsEveryControllersFiles) {
    berth::testing::TempDir root{"berth-cgv1s"};
    fill_v1(root);
    auto stats = make_cgroup_v1(root.path(), "berth")->stats("c1");
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(stats->version, "1");
    EXPECT_EQ(stats->cpu.total_ns, 123456789u);
    EXPECT_EQ(stats->cpu.percpu_ns, (std::vector<uint64_t>{100000000, 23456789}));
    EXPECT_EQ(stats->cpu.user_ns, 70'000'000u) << "7 ticks of USER_HZ (100)";
    EXPECT_EQ(stats->cpu.system_ns, 30'000'000u);
    EXPECT_EQ(stats->cpu.periods, 10u);
    EXPECT_EQ(stats->cpu.throttled_periods, 2u);
    EXPECT_EQ(stats->cpu.throttled_time_ns, 5000u);
    EXPECT_EQ(stats->memory.usage, 10485760u);
    EXPECT_EQ(stats->memory.max_usage, 20971520u);
    EXPECT_EQ(stats->memory.limit, std::optional<uint64_t>(67108864));
    EXPECT_EQ(stats->memory.failcnt, 3u);
    EXPECT_EQ(stats->memory.oom_kills, 2u);
    EXPECT_EQ(stats->memory.stat.size(), 4u) << "every key of memory.stat";
    EXPECT_EQ(stats->memory.stat.at("total_inactive_file"), 2097152u);
    ASSERT_EQ(stats->blkio.service_bytes.size(), 6u);
    EXPECT_EQ(stats->blkio.service_bytes[0], (BlkioEntry{8, 0, "Read", 4096}));
    EXPECT_EQ(stats->blkio.service_bytes[5], (BlkioEntry{8, 0, "Total", 12288}));
    ASSERT_EQ(stats->blkio.serviced.size(), 2u);
    EXPECT_EQ(stats->blkio.serviced[1], (BlkioEntry{8, 0, "Write", 2}));
    EXPECT_EQ(stats->pids.current, 4u);
    EXPECT_EQ(stats->pids.limit, std::nullopt) << "\"max\"";
}

TEST(CgroupV1Stats, ControllersNotMountedReadAsZero) {
    berth::testing::TempDir root{"berth-cgv1m"};
    put(root / "memory/berth/c1/memory.usage_in_bytes", "4096\n");
    auto stats = make_cgroup_v1(root.path(), "berth")->stats("c1");
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(stats->memory.usage, 4096u);
    EXPECT_EQ(stats->cpu.total_ns, 0u);
    EXPECT_TRUE(stats->blkio.service_bytes.empty());
    EXPECT_EQ(stats->pids.current, 0u);
}

TEST(CgroupV1Stats, MalformedFilesNameThePath) {
    berth::testing::TempDir root{"berth-cgv1b"};
    put(root / "memory/berth/c1/memory.usage_in_bytes", "lots\n");
    auto stats = make_cgroup_v1(root.path(), "berth")->stats("c1");
    ASSERT_FALSE(stats);
    EXPECT_NE(stats.error().message().find("memory/berth/c1/memory.usage_in_bytes"), std::string::npos)
        << stats.error().message();
}

TEST(CgroupV2Stats, ReadsTheUnifiedFilesInApiUnits) {
    berth::testing::TempDir root{"berth-cgv2s"};
    fill_v2(root);
    auto stats = make_cgroup_v2(root.path(), "berth")->stats("c1");
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(stats->version, "2");
    EXPECT_EQ(stats->cpu.total_ns, 1'500'000u) << "µs to ns";
    EXPECT_TRUE(stats->cpu.percpu_ns.empty());
    EXPECT_EQ(stats->cpu.user_ns, 1'000'000u);
    EXPECT_EQ(stats->cpu.system_ns, 500'000u);
    EXPECT_EQ(stats->cpu.periods, 4u);
    EXPECT_EQ(stats->cpu.throttled_periods, 1u);
    EXPECT_EQ(stats->cpu.throttled_time_ns, 250'000u);
    EXPECT_EQ(stats->memory.usage, 10485760u);
    EXPECT_EQ(stats->memory.limit, std::nullopt);
    EXPECT_EQ(stats->memory.failcnt, 1u) << "memory.events oom, as dockerd reports it";
    EXPECT_EQ(stats->memory.oom_kills, 1u);
    EXPECT_EQ(stats->memory.stat.at("inactive_file"), 2097152u);
    EXPECT_EQ(stats->memory.stat.size(), 4u);
    EXPECT_EQ(stats->blkio.service_bytes,
              (std::vector<BlkioEntry>{{8, 0, "read", 4096}, {8, 0, "write", 8192}}));
    EXPECT_EQ(stats->blkio.serviced, (std::vector<BlkioEntry>{{8, 0, "read", 1}, {8, 0, "write", 2}}));
    EXPECT_EQ(stats->pids.current, 3u);
    EXPECT_EQ(stats->pids.limit, std::optional<uint64_t>(100));
}

TEST(CgroupStats, AMissingCgroupIsNotFound) {
    berth::testing::TempDir root{"berth-cgnf"};
    std::vector<std::unique_ptr<CgroupManager>> managers;
    managers.push_back(make_cgroup_v1(root.path(), "berth"));
    managers.push_back(make_cgroup_v2(root.path(), "berth"));
    for (const auto& manager : managers) {
        auto stats = manager->stats("gone");
        ASSERT_FALSE(stats) << "v" << manager->version();
        EXPECT_EQ(stats.error().category(), ErrorCategory::NotFound) << stats.error().message();
        auto kills = manager->oom_kill_count("gone");
        ASSERT_FALSE(kills);
        EXPECT_EQ(kills.error().category(), ErrorCategory::NotFound) << kills.error().message();
        auto pids = manager->processes("gone");
        ASSERT_FALSE(pids);
        EXPECT_EQ(pids.error().category(), ErrorCategory::NotFound) << pids.error().message();
    }
}

TEST(CgroupOom, CountsFromEachHierarchysFile) {
    berth::testing::TempDir v1{"berth-cgoom1"}, v2{"berth-cgoom2"};
    fill_v1(v1);
    fill_v2(v2);
    EXPECT_EQ(make_cgroup_v1(v1.path(), "berth")->oom_kill_count("c1").value(), 2u);
    EXPECT_EQ(make_cgroup_v2(v2.path(), "berth")->oom_kill_count("c1").value(), 1u);
    // A kernel older than 4.13 writes no oom_kill line: none counted.
    put(v1 / "memory/berth/c2/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n");
    EXPECT_EQ(make_cgroup_v1(v1.path(), "berth")->oom_kill_count("c2").value(), 0u);
}

TEST(CgroupProcesses, ListTheCgroupAndTheOnesBelow) {
    berth::testing::TempDir v1{"berth-cgps1"}, v2{"berth-cgps2"};
    fill_v1(v1);
    fill_v2(v2);
    EXPECT_EQ(make_cgroup_v1(v1.path(), "berth")->processes("c1").value(), (std::vector<pid_t>{40, 41, 42}));
    EXPECT_EQ(make_cgroup_v2(v2.path(), "berth")->processes("c1").value(), (std::vector<pid_t>{7, 8, 9}));
}

TEST(CgroupProcesses, V1FallsBackToAnotherHierarchy) {
    berth::testing::TempDir root{"berth-cgps3"};
    put(root / "freezer/berth/c1/cgroup.procs", "5\n");
    EXPECT_EQ(make_cgroup_v1(root.path(), "berth")->processes("c1").value(), (std::vector<pid_t>{5}));
}

} // namespace
} // namespace berth::runtime
