// Choosing the hierarchy from what a directory that plays cgroupfs offers.
#include "fake_cgroupfs.h"
#include "runtime/cgroups/detect.h"

#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

using testing::put;

TEST(CgroupDetect, V2WhenTheRootOffersTheControllers) {
    berth::testing::TempDir root{"berth-det2"};
    put(root / "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
    EXPECT_EQ(choose_cgroup_version(root.path(), true).value(), "2");
}

TEST(CgroupDetect, V2WithoutControllersSaysWhichAreMissing) {
    berth::testing::TempDir root{"berth-det2m"};
    put(root / "cgroup.controllers", "cpu io\n");
    auto chosen = choose_cgroup_version(root.path(), true);
    ASSERT_FALSE(chosen);
    EXPECT_EQ(chosen.error().category(), ErrorCategory::Unavailable);
    EXPECT_NE(chosen.error().message().find("memory, pids"), std::string::npos) << chosen.error().message();
    EXPECT_EQ(chosen.error().message().find("cpu,"), std::string::npos) << chosen.error().message();
}

TEST(CgroupDetect, V1WhenTheControllersAreMounted) {
    berth::testing::TempDir root{"berth-det1"};
    for (const char* controller : {"memory", "cpu", "cpuacct", "pids", "freezer", "blkio"})
        put(root / controller + "/cgroup.procs", "1\n");
    // A hybrid host's empty cgroup2 beside them changes nothing.
    put(root / "unified/cgroup.controllers", "\n");
    EXPECT_EQ(choose_cgroup_version(root.path(), false).value(), "1");
}

TEST(CgroupDetect, NeitherSaysWhatIsMissing) {
    berth::testing::TempDir root{"berth-det0"};
    put(root / "memory/cgroup.procs", "1\n");
    put(root / "cpu/cgroup.procs", "1\n");
    std::filesystem::create_directories(root / "pids"); // a directory, nothing mounted on it
    auto chosen = choose_cgroup_version(root.path(), false);
    ASSERT_FALSE(chosen);
    EXPECT_EQ(chosen.error().category(), ErrorCategory::Unavailable);
    EXPECT_NE(chosen.error().message().find("cpuacct, pids, freezer"), std::string::npos)
        << chosen.error().message();
    EXPECT_NE(chosen.error().message().find("not a cgroup2 mount"), std::string::npos) << chosen.error().message();
}

TEST(CgroupDetect, ATemporaryDirectoryIsNoCgroup2Mount) {
    berth::testing::TempDir root{"berth-det-fs"};
    EXPECT_FALSE(is_cgroup2_mount(root.path()));
}

} // namespace
} // namespace berth::runtime
