// The parts of a container's /sys/fs/cgroup that come from reading the host:
// which v1 hierarchies to show, where the process's own directory is in each,
// the symlinks of co-mounted controllers, the v2 path.
#include "runtime/cgroup_mount.h"

#include <gtest/gtest.h>

using namespace berth::runtime;

namespace {

// A hybrid host as systemd mounts it, cpu and cpuacct co-mounted, cgroup2 at unified.
constexpr std::string_view kHybridMountinfo =
    "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
    "31 23 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 "
    "rw,nsdelegate\n"
    "33 31 0:30 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup "
    "rw,xattr,name=systemd\n"
    "34 31 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup "
    "rw,cpu,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,memory\n"
    "36 31 0:33 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup "
    "rw,net_cls,net_prio\n"
    "37 31 0:34 /docker /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup "
    "rw,pids\n"
    "38 22 0:32 / /mnt/elsewhere/memory rw,relatime - cgroup cgroup rw,memory\n";

constexpr std::string_view kSelfCgroup = "12:pids:/docker/berth/abc\n"
                                         "7:net_cls,net_prio:/\n"
                                         "5:memory:/berth/abc\n"
                                         "4:cpu,cpuacct:/berth/abc\n"
                                         "1:name=systemd:/system.slice/berthd.service\n"
                                         "0::/system.slice/berthd.service\n";

} // namespace

TEST(CgroupMount, V1HierarchiesWithTheProcesssOwnDirectories) {
    auto found = cgroup_v1_hierarchies(kHybridMountinfo, kSelfCgroup);
    ASSERT_EQ(found.size(), 5u)
        << "cgroup2 at unified and mounts outside /sys/fs/cgroup are not v1 hierarchies of it";
    auto expect = [&](size_t i, std::string name, std::string subsystems, std::string own_path) {
        EXPECT_EQ(found[i].name, name);
        EXPECT_EQ(found[i].subsystems, subsystems) << name;
        EXPECT_EQ(found[i].own_path, own_path) << name;
    };
    expect(0, "systemd", "xattr,name=systemd", "/system.slice/berthd.service");
    expect(1, "cpu,cpuacct", "cpu,cpuacct", "/berth/abc");
    expect(2, "memory", "memory", "/berth/abc");
    expect(3, "net_cls,net_prio", "net_cls,net_prio", "/");
    // Mounted from /docker: the own path is relative to the mount's root.
    expect(4, "pids", "pids", "/berth/abc");
}

TEST(CgroupMount, V1OwnPathIsEmptyWhenTheProcessIsOutsideTheMountOrTheHierarchy) {
    std::string_view mountinfo = "37 31 0:34 /docker /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
                                 "38 31 0:35 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer\n";
    auto found = cgroup_v1_hierarchies(mountinfo, "12:pids:/dockerx/abc\n0::/\n");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].own_path, "") << "/dockerx is not below /docker";
    EXPECT_EQ(found[1].own_path, "") << "no freezer line in /proc/self/cgroup";
    found = cgroup_v1_hierarchies(mountinfo, "12:pids:/docker\n");
    EXPECT_EQ(found[0].own_path, "/") << "the mount's root itself";
}

TEST(CgroupMount, ComountedControllersGetSymlinks) {
    using Links = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(comount_symlinks({"systemd", "cpu,cpuacct", "memory", "net_cls,net_prio"}),
              (Links{{"cpu", "cpu,cpuacct"},
                     {"cpuacct", "cpu,cpuacct"},
                     {"net_cls", "net_cls,net_prio"},
                     {"net_prio", "net_cls,net_prio"}}));
    // A controller that has its own directory keeps it.
    EXPECT_EQ(comount_symlinks({"cpu", "cpu,cpuacct"}), (Links{{"cpuacct", "cpu,cpuacct"}}));
    EXPECT_TRUE(comount_symlinks({"cpu", "cpuacct", "memory"}).empty());
}

TEST(CgroupMount, V2Path) {
    EXPECT_EQ(cgroup_v2_path(kSelfCgroup), "/system.slice/berthd.service");
    EXPECT_EQ(cgroup_v2_path("0::/\n"), "/");
    EXPECT_EQ(cgroup_v2_path("4:memory:/x\n"), "");
}
