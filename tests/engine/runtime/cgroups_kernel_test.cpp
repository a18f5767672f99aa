// The cgroup backend of this machine's hierarchy against the real kernel.
#include "base/files.h"
#include "base/ids.h"
#include "runtime/cgroups/manager.h"

#include <csignal>
#include <filesystem>
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;

TEST(CgroupKernel, LimitsAndMembershipAreReal) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    struct statfs info{};
    ASSERT_EQ(statfs("/sys/fs/cgroup", &info), 0);
    bool v2 = static_cast<unsigned long>(info.f_type) == CGROUP2_SUPER_MAGIC;
    if (!v2 && !fs::exists("/sys/fs/cgroup/memory/memory.limit_in_bytes")) GTEST_SKIP() << "no v1 memory controller";
    std::string parent = "berth-test-" + random_hex(6);
    auto manager = v2 ? make_cgroup_v2("/sys/fs/cgroup", parent) : make_cgroup_v1("/sys/fs/cgroup", parent);

    ASSERT_TRUE(manager->create("c1"));
    CgroupResources limits;
    limits.memory = 64 << 20;
    limits.pids_limit = 50;
    auto applied = manager->apply("c1", limits);
    EXPECT_TRUE(applied) << (applied ? "" : applied.error().message());
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    auto added = manager->add_process("c1", child);
    EXPECT_TRUE(added) << (added ? "" : added.error().message());
    std::string membership = read_file("/proc/" + std::to_string(child) + "/cgroup").value_or("");
    EXPECT_NE(membership.find("/" + parent + "/c1"), std::string::npos) << membership;
    std::string memory_dir = v2 ? "/sys/fs/cgroup/" + parent + "/c1" : "/sys/fs/cgroup/memory/" + parent + "/c1";
    EXPECT_EQ(read_file(memory_dir + (v2 ? "/memory.max" : "/memory.limit_in_bytes")).value_or(""), "67108864\n");

    EXPECT_FALSE(manager->remove("c1")) << "a cgroup with a process in it cannot go";
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    auto removed = manager->remove("c1");
    EXPECT_TRUE(removed) << (removed ? "" : removed.error().message());
    // The test's own parent directories.
    for (const auto& controller : fs::directory_iterator("/sys/fs/cgroup"))
        if (fs::exists(controller.path() / parent)) ::rmdir((controller.path() / parent).c_str());
    if (v2) ::rmdir(("/sys/fs/cgroup/" + parent).c_str());
    EXPECT_FALSE(fs::exists(memory_dir));
}

} // namespace
} // namespace berth::runtime
