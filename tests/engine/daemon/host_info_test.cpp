#include "daemon/host_info.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace berth::daemon {
namespace {

namespace fs = std::filesystem;

class FakeCgroupRoot : public ::testing::Test {
protected:
    void touch(const std::string& relative, const std::string& content = "") {
        fs::create_directories(fs::path(root_ + "/" + relative).parent_path());
        std::ofstream(root_ + "/" + relative) << content;
    }
    berth::testing::TempDir temp_{"berth-cgroupfs"};
    std::string root_ = temp_.path();
};

TEST_F(FakeCgroupRoot, V1ControllersAreReadFromTheirHierarchies) {
    touch("memory/memory.limit_in_bytes");
    touch("cpu/cpu.cfs_quota_us");
    touch("cpu/cpu.shares");
    touch("pids/pids.max");
    auto support = read_cgroup_support(root_, "1");
    EXPECT_EQ(support.version, "1");
    EXPECT_TRUE(support.memory);
    EXPECT_FALSE(support.swap); // no memory.memsw.limit_in_bytes
    EXPECT_TRUE(support.cpu_cfs_quota);
    EXPECT_FALSE(support.cpu_cfs_period);
    EXPECT_TRUE(support.cpu_shares);
    EXPECT_FALSE(support.cpuset);
    EXPECT_TRUE(support.pids);
}

TEST_F(FakeCgroupRoot, V2ControllersAreReadFromCgroupControllers) {
    touch("cgroup.controllers", "cpuset cpu io memory pids\n");
    auto support = read_cgroup_support(root_, "2");
    EXPECT_TRUE(support.memory);
    EXPECT_TRUE(support.cpu_cfs_quota);
    EXPECT_TRUE(support.cpuset);
    EXPECT_TRUE(support.pids);
    touch("cgroup.controllers", "io\n");
    EXPECT_FALSE(read_cgroup_support(root_, "2").memory);
}

TEST_F(FakeCgroupRoot, APlainDirectoryIsNotCgroup2) {
    EXPECT_EQ(detect_cgroup_version(root_), "1");
}

TEST(HostFacts, AgreeWithTheKernel) {
    HostFacts facts = read_host_facts();
    EXPECT_EQ(facts.ncpu, static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
    EXPECT_EQ(facts.mem_total, static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE));
    struct utsname names{};
    uname(&names);
    EXPECT_EQ(facts.kernel_version, names.release);
    EXPECT_EQ(facts.architecture, names.machine);
    EXPECT_FALSE(facts.operating_system.empty());
}

TEST(HostFacts, GoArchNames) {
    EXPECT_EQ(go_arch("x86_64"), "amd64");
    EXPECT_EQ(go_arch("aarch64"), "arm64");
    EXPECT_EQ(go_arch("riscv64"), "riscv64");
}

} // namespace
} // namespace berth::daemon
