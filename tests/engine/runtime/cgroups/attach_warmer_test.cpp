// AttachWarmer over a directory playing a cgroup, and finding berthd's own cgroup.
#include "base/files.h"
#include "runtime/cgroups/attach_warmer.h"
#include "support/temp_dir.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) { return read_file(path).value_or(""); }

TEST(AttachWarmer, MovesThisProcessIntoItsOwnCgroupOnAWorker) {
    berth::testing::TempDir cgroup("berth-warmer");
    std::ofstream(cgroup.path() + "/cgroup.procs");
    {
        AttachWarmer warmer(cgroup.path());
        warmer.warm();
        warmer.warm(); // while one is under way: served by it or by one more
        for (int i = 0; i < 200 && read_text(cgroup.path() + "/cgroup.procs").empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    } // the end joins the worker
    EXPECT_EQ(read_text(cgroup.path() + "/cgroup.procs"), std::to_string(::getpid()));
}

TEST(AttachWarmer, WithoutACgroupDoesNothing) {
    AttachWarmer warmer("");
    warmer.warm(); // no worker, no write, no crash
}

TEST(OwnCgroupDir, FromProcSelfCgroup) {
    berth::testing::TempDir root("berth-own-cgroup");
    fs::create_directories(root.path() + "/pids/user.slice");
    std::ofstream(root.path() + "/pids/user.slice/cgroup.procs");
    fs::create_directories(root.path() + "/memory");
    std::ofstream(root.path() + "/memory/cgroup.procs");
    std::string hybrid = "9:name=systemd:/user.slice\n8:pids:/user.slice\n4:memory:/\n0::/user.slice\n";
    EXPECT_EQ(own_cgroup_dir(root.path(), "1", hybrid), root.path() + "/pids/user.slice");
    EXPECT_EQ(own_cgroup_dir(root.path(), "1", "4:memory:/\n"), root.path() + "/memory") << "the root cgroup";
    EXPECT_EQ(own_cgroup_dir(root.path(), "2", hybrid), root.path() + "/user.slice");
    EXPECT_EQ(own_cgroup_dir(root.path(), "2", "0::/\n"), root.path());
    EXPECT_EQ(own_cgroup_dir(root.path(), "1", "8:pids:/elsewhere\n"), "") << "a hierarchy not mounted there";
    EXPECT_EQ(own_cgroup_dir(root.path(), "2", ""), "");
}

} // namespace
} // namespace berth::runtime
