// The cgroup v2 device program against the real kernel. Needs root and a cgroup2
// mount; on a v1 (hybrid) host the unified mount, controllers or not, will do: a
// device program attaches to any cgroup2 directory and is checked on top of v1.
#include "base/files.h"
#include "base/ids.h"
#include "runtime/cgroups/manager.h"
#include "support/temp_dir.h"

#include <cerrno>
#include <fcntl.h>
#include <functional>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

// Where cgroup2 is mounted (/sys/fs/cgroup or /sys/fs/cgroup/unified), or "".
std::string cgroup2_mount() {
    std::istringstream lines(read_file("/proc/self/mountinfo").value_or(""));
    for (std::string line; std::getline(lines, line);) {
        // id parent major:minor root mount-point options... - fstype source super-options
        std::istringstream fields(line);
        std::string id, parent, device, root, mount_point;
        fields >> id >> parent >> device >> root >> mount_point;
        auto dash = line.find(" - ");
        if (dash != std::string::npos && line.compare(dash + 3, 8, "cgroup2 ") == 0 && root == "/")
            return mount_point;
    }
    return "";
}

class DeviceFilterKernel : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "needs root";
        mount_ = cgroup2_mount();
        if (mount_.empty()) GTEST_SKIP() << "no cgroup2 mount";
        manager_ = make_cgroup_v2(mount_, parent_);
        auto created = manager_->create("c");
        ASSERT_TRUE(created) << created.error().message();
    }
    void TearDown() override {
        if (!manager_) return;
        auto removed = manager_->remove("c"); // the programs go with the directory
        EXPECT_TRUE(removed) << removed.error().message();
        ::rmdir((mount_ + "/" + parent_).c_str());
    }

    void restrict(const std::vector<DeviceRule>& rules) {
        auto restricted = manager_->restrict_devices("c", rules);
        ASSERT_TRUE(restricted) << restricted.error().message();
    }

    // Runs `operation` in a child moved into the cgroup first; its errno, 0 if it worked.
    int in_cgroup(const std::function<int()>& operation) {
        int gate[2];
        if (::pipe(gate) != 0) return -1;
        pid_t child = fork();
        if (child == 0) {
            ::close(gate[1]);
            char go;
            if (::read(gate[0], &go, 1) != 1) _exit(255);
            _exit(operation());
        }
        ::close(gate[0]);
        auto added = manager_->add_process("c", child);
        EXPECT_TRUE(added) << added.error().message();
        (void)!::write(gate[1], "x", 1);
        ::close(gate[1]);
        int status = 0;
        ::waitpid(child, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

    static int open_device(const char* path) {
        int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) return errno;
        ::close(fd);
        return 0;
    }
    int make_node(dev_t device) {
        std::string path = dir_ / ("node-" + random_hex(4));
        return ::mknod(path.c_str(), S_IFCHR | 0600, device) == 0 ? 0 : errno;
    }

    std::string mount_;
    std::string parent_ = "berth-devtest-" + random_hex(6);
    std::unique_ptr<CgroupManager> manager_;
    testing::TempDir dir_{"berth-devnodes"};
};

TEST_F(DeviceFilterKernel, AllowsOnlyTheListedDevices) {
    restrict({DeviceRule{'c', 1, 3, "rw"}});
    EXPECT_EQ(in_cgroup([] { return open_device("/dev/null"); }), 0);
    EXPECT_EQ(in_cgroup([] { return open_device("/dev/zero"); }), EPERM);
    EXPECT_EQ(in_cgroup([&] { return make_node(makedev(1, 3)); }), EPERM) << "no m in the rule";
    EXPECT_EQ(open_device("/dev/zero"), 0) << "outside the cgroup nothing changed";
}

TEST_F(DeviceFilterKernel, WildcardMknod) {
    restrict({DeviceRule{'c', -1, -1, "m"}, DeviceRule{'c', 1, 3, "rw"}});
    EXPECT_EQ(in_cgroup([&] { return make_node(makedev(1, 5)); }), 0);
    EXPECT_EQ(in_cgroup([] { return open_device("/dev/zero"); }), EPERM) << "made is not opened";
    EXPECT_EQ(in_cgroup([] { return open_device("/dev/null"); }), 0);
}

TEST_F(DeviceFilterKernel, PrivilegedAllowsEverything) {
    restrict({DeviceRule{}});
    EXPECT_EQ(in_cgroup([] { return open_device("/dev/zero"); }), 0);
    EXPECT_EQ(in_cgroup([&] { return make_node(makedev(1, 5)); }), 0);
}

TEST_F(DeviceFilterKernel, ASecondCallReplacesTheFirst) {
    restrict({DeviceRule{'c', 1, 3, "rw"}});
    restrict({DeviceRule{'c', 1, 5, "r"}});
    EXPECT_EQ(in_cgroup([] { return open_device("/dev/zero"); }), 0);
    EXPECT_EQ(in_cgroup([] { return open_device("/dev/null"); }), EPERM) << "the first program is gone";
}

} // namespace
} // namespace berth::runtime
