// Both cgroup backends against a directory that plays cgroupfs: the same
// resources land in each hierarchy's own files and units.
#include "base/files.h"
#include "runtime/cgroups/manager.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;

std::string contents(const std::string& path) {
    auto text = read_file(path);
    return text ? *text : "<missing: " + path + ">";
}

const CgroupResources kResources{.memory = 64 << 20,
                                 .memory_swap = 128 << 20,
                                 .memory_reservation = 32 << 20,
                                 .cpu_shares = 512,
                                 .cpu_quota = 150000,
                                 .cpu_period = 100000,
                                 .cpuset_cpus = "0",
                                 .cpuset_mems = {},
                                 .pids_limit = 50,
                                 .blkio_weight = 300,
                                 .read_bps = {{8, 0, 1048576}},
                                 .write_bps = {{8, 0, 2097152}, {8, 16, 4096}}};

TEST(CgroupV1, WritesEachControllersFiles) {
    testing::TempDir root{"berth-cgv1"};
    for (const char* controller : {"memory", "cpu", "cpuset", "pids", "blkio", "freezer"})
        fs::create_directories(root / controller);
    write_file_atomically(root / "cpuset/cpuset.cpus", "0-1\n");
    write_file_atomically(root / "cpuset/cpuset.mems", "0\n");
    auto manager = make_cgroup_v1(root.path(), "berth");
    ASSERT_TRUE(manager->create("c1"));
    EXPECT_EQ(contents(root / "cpuset/berth/c1/cpuset.cpus"), "0-1") << "cpusets inherit their parent's CPUs";
    EXPECT_EQ(contents(root / "cpuset/berth/cpuset.mems"), "0");
    ASSERT_TRUE(manager->apply("c1", kResources));
    EXPECT_EQ(contents(root / "memory/berth/c1/memory.limit_in_bytes"), "67108864");
    EXPECT_EQ(contents(root / "memory/berth/c1/memory.memsw.limit_in_bytes"), "134217728");
    EXPECT_EQ(contents(root / "memory/berth/c1/memory.soft_limit_in_bytes"), "33554432");
    EXPECT_EQ(contents(root / "cpu/berth/c1/cpu.shares"), "512");
    EXPECT_EQ(contents(root / "cpu/berth/c1/cpu.cfs_quota_us"), "150000");
    EXPECT_EQ(contents(root / "cpu/berth/c1/cpu.cfs_period_us"), "100000");
    EXPECT_EQ(contents(root / "cpuset/berth/c1/cpuset.cpus"), "0");
    EXPECT_EQ(contents(root / "pids/berth/c1/pids.max"), "50");
    EXPECT_EQ(contents(root / "blkio/berth/c1/blkio.weight"), "300");
    // A fake cgroupfs keeps the last line written; the kernel keeps one per device.
    EXPECT_EQ(contents(root / "blkio/berth/c1/blkio.throttle.read_bps_device"), "8:0 1048576");
    EXPECT_EQ(contents(root / "blkio/berth/c1/blkio.throttle.write_bps_device"), "8:16 4096");
    ASSERT_TRUE(manager->add_process("c1", 4242));
    EXPECT_EQ(contents(root / "pids/berth/c1/cgroup.procs"), "4242");
    ASSERT_TRUE(manager->freeze("c1", true));
    EXPECT_EQ(contents(root / "freezer/berth/c1/freezer.state"), "FROZEN");
    ASSERT_TRUE(manager->remove("c1"));
    EXPECT_FALSE(fs::exists(root / "memory/berth/c1"));
    EXPECT_FALSE(fs::exists(root / "pids/berth/c1"));
}

TEST(CgroupV2, WritesUnifiedFilesInV2Units) {
    testing::TempDir root{"berth-cgv2"};
    write_file_atomically(root / "cgroup.controllers", "cpuset cpu io memory pids\n");
    auto manager = make_cgroup_v2(root.path(), "berth");
    ASSERT_TRUE(manager->create("c1"));
    EXPECT_EQ(contents(root / "cgroup.subtree_control"), "+cpuset +cpu +io +memory +pids");
    EXPECT_EQ(contents(root / "berth/cgroup.subtree_control"), "+cpuset +cpu +io +memory +pids");
    ASSERT_TRUE(manager->apply("c1", kResources));
    EXPECT_EQ(contents(root / "berth/c1/memory.max"), "67108864");
    EXPECT_EQ(contents(root / "berth/c1/memory.swap.max"), "67108864") << "swap alone: memory+swap minus memory";
    EXPECT_EQ(contents(root / "berth/c1/memory.low"), "33554432");
    EXPECT_EQ(contents(root / "berth/c1/cpu.weight"), std::to_string(cpu_shares_to_weight(512)));
    EXPECT_EQ(contents(root / "berth/c1/cpu.max"), "150000 100000");
    EXPECT_EQ(contents(root / "berth/c1/pids.max"), "50");
    EXPECT_EQ(contents(root / "berth/c1/io.weight"), "default " + std::to_string(blkio_weight_to_io_weight(300)));
    EXPECT_EQ(contents(root / "berth/c1/io.max"), "8:16 rbps=max wbps=4096");
    ASSERT_TRUE(manager->freeze("c1", true));
    EXPECT_EQ(contents(root / "berth/c1/cgroup.freeze"), "1");
    ASSERT_TRUE(manager->remove("c1"));
    EXPECT_FALSE(fs::exists(root / "berth/c1"));
}

TEST(CgroupV1, DevicesAreDeniedThenAllowedRuleByRule) {
    testing::TempDir root{"berth-cgv1-devices"};
    fs::create_directories(root / "devices");
    auto manager = make_cgroup_v1(root.path(), "berth");
    ASSERT_TRUE(manager->create("c1"));
    DeviceRule tun;
    tun.type = 'c';
    tun.major = 10;
    tun.minor = 200;
    DeviceRule any_block_mknod;
    any_block_mknod.type = 'b';
    any_block_mknod.access = "m";
    ASSERT_TRUE(manager->restrict_devices("c1", {tun, any_block_mknod}));
    EXPECT_EQ(contents(root / "devices/berth/c1/devices.deny"), "a");
    EXPECT_EQ(contents(root / "devices/berth/c1/devices.allow"), "b *:* m") << "the last rule written";
}

TEST(CgroupV2, DeviceRulesNeedARealCgroup2Directory) {
    // A device program attaches only to cgroup2; a directory that plays cgroupfs
    // gets an error that says so (the kernel's half: cgroups_device_kernel_test.cpp).
    testing::TempDir root{"berth-cgv2-devices"};
    write_file_atomically(root / "cgroup.controllers", "memory pids\n");
    auto manager = make_cgroup_v2(root.path(), "berth");
    ASSERT_TRUE(manager->create("c1"));
    auto restricted = manager->restrict_devices("c1", {DeviceRule{}});
    ASSERT_FALSE(restricted);
    EXPECT_NE(restricted.error().category(), ErrorCategory::NotImplemented);
    EXPECT_NE(restricted.error().message().find("berth/c1: not a cgroup2 directory"), std::string::npos)
        << restricted.error().message();

    DeviceRule bad;
    bad.access = "rwx";
    restricted = manager->restrict_devices("c1", {bad});
    ASSERT_FALSE(restricted);
    EXPECT_EQ(restricted.error().category(), ErrorCategory::Invalid) << restricted.error().message();
    EXPECT_FALSE(manager->restrict_devices("missing", {DeviceRule{}})) << "no such cgroup";
}

TEST(CgroupV2, UnlimitedValues) {
    testing::TempDir root{"berth-cgv2u"};
    auto manager = make_cgroup_v2(root.path(), "berth");
    ASSERT_TRUE(manager->create("c1"));
    CgroupResources unlimited;
    unlimited.memory_swap = -1;
    unlimited.cpu_period = 50000;
    unlimited.pids_limit = -1;
    ASSERT_TRUE(manager->apply("c1", unlimited));
    EXPECT_EQ(contents(root / "berth/c1/memory.swap.max"), "max");
    EXPECT_EQ(contents(root / "berth/c1/cpu.max"), "max 50000");
    EXPECT_EQ(contents(root / "berth/c1/pids.max"), "max");
}

TEST(CgroupConversions, MatchRuncs) {
    EXPECT_EQ(cpu_shares_to_weight(2), 1u);
    EXPECT_EQ(cpu_shares_to_weight(1024), 39u);
    EXPECT_EQ(cpu_shares_to_weight(262144), 10000u);
    EXPECT_EQ(blkio_weight_to_io_weight(10), 1u);
    EXPECT_EQ(blkio_weight_to_io_weight(1000), 10000u);
}

TEST(CgroupErrors, NameThePathAndValue) {
    testing::TempDir root{"berth-cgerr"};
    auto manager = make_cgroup_v2(root / "missing", "berth");
    CgroupResources memory;
    memory.memory = 1 << 20;
    auto applied = manager->apply("c1", memory);
    ASSERT_FALSE(applied);
    EXPECT_NE(applied.error().message().find("memory.max"), std::string::npos) << applied.error().message();
}

} // namespace
} // namespace berth::runtime
