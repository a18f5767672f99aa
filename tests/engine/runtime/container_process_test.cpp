// Containers made from a RuntimeSpec on the real kernel: a busybox rootfs in a
// temp dir, new namespaces, Docker's default mounts, masked and read-only
// paths, users, exec errors, terminals, exec into a running container. Needs root.
#include "base/files.h"
#include "runtime/devices.h"
#include "runtime/executable.h"
#include "runtime/mounts.h"
#include "runtime/process.h"
#include "runtime/seccomp.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <poll.h>
#include <sstream>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;

// A rootfs with busybox and its applets, /etc/passwd and /etc/group.
class BusyboxRootfs {
public:
    BusyboxRootfs() {
        fs::path root = dir_.path();
        fs::permissions(root, fs::perms(0755)); // mkdtemp makes 0700: no way in for uid 1000
        for (const char* dir : {"bin", "etc", "proc", "sys", "dev", "tmp", "root"}) fs::create_directories(root / dir);
        fs::copy_file("/bin/busybox", root / "bin/busybox");
        for (const char* applet : {"sh", "echo", "cat", "ls", "id", "hostname", "mount", "sleep", "pwd", "touch", "tty",
                                   "grep", "wc", "test", "env", "readlink", "stat", "true", "cut", "head"})
            fs::create_symlink("busybox", root / "bin" / applet);
        std::ofstream(root / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n";
        std::ofstream(root / "etc/group") << "root:x:0:\nuser:x:1000:\n";
    }
    const std::string& path() const { return dir_.path(); }

private:
    testing::TempDir dir_{"berth-rootfs"};
};

MountSpec mount(std::string destination, std::string type, std::string source, std::vector<std::string> options) {
    return {std::move(destination), std::move(type), std::move(source), std::move(options)};
}

// What the daemon makes of `docker run`: Docker's default mounts, devices,
// masked and read-only paths, capabilities, and every namespace new.
RuntimeSpec docker_spec(const std::string& rootfs, std::vector<std::string> args) {
    RuntimeSpec spec;
    spec.rootfs = rootfs;
    spec.hostname = "berth-test";
    spec.process.args = std::move(args);
    spec.process.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    spec.process.capabilities = default_capabilities();
    for (auto kind : {NamespaceKind::Pid, NamespaceKind::Mount, NamespaceKind::Uts, NamespaceKind::Ipc,
                      NamespaceKind::Network, NamespaceKind::Cgroup})
        spec.namespaces.push_back({kind, ""});
    spec.mounts = {
        mount("/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}),
        mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}),
        mount("/dev/pts", "devpts", "devpts", {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
        mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}),
        mount("/sys/fs/cgroup", "cgroup", "cgroup", {"ro", "nosuid", "noexec", "nodev"}),
        mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}),
        mount("/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}),
    };
    spec.devices = default_devices();
    spec.masked_paths = {"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                         "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
                         "/sys/devices/virtual/powercap"};
    spec.readonly_paths = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
    return spec;
}

std::string read_all(int fd) {
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) text.append(buffer, static_cast<size_t>(n));
    return text;
}

struct Pipe {
    UniqueFd read, write;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) std::abort();
        read.reset(fds[0]);
        write.reset(fds[1]);
    }
};

struct Outcome {
    int exit_code = -1;
    std::string out, err;
};

// create + start + wait, stdout and stderr on pipes.
Result<Outcome> run(const RuntimeSpec& spec, const ParentHook& hook = {}) {
    Pipe out, err;
    auto process = ContainerProcess::create(spec, {-1, out.write.get(), err.write.get()}, hook);
    out.write.reset();
    err.write.reset();
    if (!process) return std::unexpected(process.error());
    if (auto started = process->start(); !started) return std::unexpected(started.error());
    Outcome outcome;
    outcome.out = read_all(out.read.get());
    outcome.err = read_all(err.read.get());
    auto code = process->wait();
    if (!code) return std::unexpected(code.error());
    outcome.exit_code = *code;
    return outcome;
}

class ContainerProcessTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    }
    Outcome run_ok(const RuntimeSpec& spec) {
        auto outcome = run(spec);
        EXPECT_TRUE(outcome) << (outcome ? "" : outcome.error().message());
        return outcome ? *outcome : Outcome{};
    }
    Outcome sh(const std::string& script) { return run_ok(docker_spec(rootfs.path(), {"sh", "-c", script})); }

    BusyboxRootfs rootfs;
};

TEST_F(ContainerProcessTest, EchoesOnAPipe) {
    auto outcome = run_ok(docker_spec(rootfs.path(), {"/bin/echo", "hi"}));
    EXPECT_EQ(outcome.out, "hi\n");
    EXPECT_EQ(outcome.exit_code, 0);
}

TEST_F(ContainerProcessTest, IsPidOneWithItsHostname) {
    EXPECT_EQ(sh("echo $$; hostname").out, "1\nberth-test\n");
}

TEST_F(ContainerProcessTest, ProcIsMountedWithDockersMaskedAndReadonlyPaths) {
    // Files masked with /dev/null, directories with an empty read-only tmpfs; the
    // masked paths this kernel lacks (/proc/kcore here) are skipped.
    auto outcome = sh("test -e /proc/self/status && echo proc; cat /proc/timer_list /proc/keys | wc -c;"
                      "grep -c ' /proc/timer_list ' /proc/self/mounts; ls -A /proc/acpi /sys/firmware | grep -c -v -e : -e '^$';"
                      "touch /proc/acpi/x 2>/dev/null || echo masked-ro;"
                      "echo x > /proc/sys/kernel/domainname && echo writable || echo readonly;"
                      "grep ' /proc/sys ' /proc/self/mounts | grep -c ' ro,'");
    EXPECT_EQ(outcome.out, "proc\n0\n1\n0\nmasked-ro\nreadonly\n1\n");
}

TEST_F(ContainerProcessTest, DevHasTheStandardDevicesAndPtmx) {
    auto outcome = sh("for d in null zero full random urandom tty; do test -c /dev/$d && echo $d; done;"
                      "readlink /dev/ptmx; test -c /dev/pts/ptmx && echo pts; readlink /dev/fd;"
                      "echo data > /dev/null && echo written; test -d /dev/shm && test -d /dev/mqueue && echo shm");
    EXPECT_EQ(outcome.out, "null\nzero\nfull\nrandom\nurandom\ntty\npts/ptmx\npts\n/proc/self/fd\nwritten\nshm\n");
}

TEST_F(ContainerProcessTest, SeesNothingOfTheHost) {
    auto outcome = sh("test -e /work || test -e " + rootfs.path() + " && echo host || echo contained; ls /");
    EXPECT_TRUE(outcome.out.starts_with("contained\n")) << outcome.out;
    EXPECT_EQ(sh("grep -c . /proc/self/mountinfo | grep -c '^[0-9]*$'").out, "1\n");
}

TEST_F(ContainerProcessTest, CgroupFilesystemIsMountedReadOnly) {
    auto outcome = sh("grep -c ' /sys/fs/cgroup' /proc/self/mountinfo >/dev/null && echo mounted;"
                      "touch /sys/fs/cgroup/x 2>/dev/null && echo writable || echo readonly");
    EXPECT_EQ(outcome.out, "mounted\nreadonly\n");
}

TEST_F(ContainerProcessTest, ReadonlyRootfs) {
    auto spec = docker_spec(rootfs.path(), {"sh", "-c", "touch /file 2>/dev/null && echo rw || echo ro; touch /dev/shm/x && echo shm"});
    spec.readonly_rootfs = true;
    EXPECT_EQ(run_ok(spec).out, "ro\nshm\n");
    EXPECT_FALSE(fs::exists(rootfs.path() + "/file"));
}

TEST_F(ContainerProcessTest, RunsAsAnotherUserWithoutCapabilities) {
    auto spec = docker_spec(rootfs.path(), {"sh", "-c", "id; grep -E '^Cap(Eff|Prm)' /proc/self/status; echo $HOME"});
    spec.process.uid = 1000;
    spec.process.gid = 1000;
    spec.process.additional_gids = {1000};
    EXPECT_EQ(run_ok(spec).out,
              "uid=1000(user) gid=1000(user) groups=1000(user)\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"
              "/home/user\n");
}

TEST_F(ContainerProcessTest, RootGetsTheSpecCapabilitiesAndNoNewPrivileges) {
    auto spec = docker_spec(rootfs.path(), {"grep", "-E", "^(CapEff|CapBnd|CapInh|NoNewPrivs)", "/proc/self/status"});
    spec.process.capabilities = {"CAP_CHOWN", "CAP_KILL"};
    spec.process.no_new_privileges = true;
    auto mask = std::format("{:016x}", capability_mask(spec.process.capabilities));
    EXPECT_EQ(run_ok(spec).out, "CapInh:\t0000000000000000\nCapEff:\t" + mask + "\nCapBnd:\t" + mask + "\nNoNewPrivs:\t1\n");
}

TEST_F(ContainerProcessTest, RunsUnderDockersSeccompProfile) {
    struct utsname names{};
    ::uname(&names);
    auto plan = plan_seccomp(read_file(BERTH_SOURCE_DIR "/resources/seccomp-default.json").value(),
                             {default_capabilities(), "amd64", names.release});
    ASSERT_TRUE(plan);
    for (bool no_new_privileges : {false, true}) {
        for (uid_t uid : {0u, 1000u}) {
            auto spec = docker_spec(rootfs.path(), {"sh", "-c", "grep Seccomp: /proc/self/status"});
            spec.process.seccomp = *plan;
            spec.process.no_new_privileges = no_new_privileges;
            spec.process.uid = uid;
            EXPECT_EQ(run_ok(spec).out, "Seccomp:\t2\n") << no_new_privileges << " " << uid;
        }
    }
}

TEST_F(ContainerProcessTest, ExecErrorsAreWordedAsDockerSaysThem) {
    auto missing = run(docker_spec(rootfs.path(), {"nosuch"}));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message(), "exec: \"nosuch\": executable file not found in $PATH");
    EXPECT_EQ(exec_exit_code(missing.error()), 127);

    auto missing_path = run(docker_spec(rootfs.path(), {"/nosuch"}));
    ASSERT_FALSE(missing_path);
    EXPECT_EQ(missing_path.error().message(), "exec: \"/nosuch\": stat /nosuch: no such file or directory");
    EXPECT_EQ(exec_exit_code(missing_path.error()), 127);

    auto not_executable = run(docker_spec(rootfs.path(), {"/etc/passwd"}));
    ASSERT_FALSE(not_executable);
    EXPECT_EQ(not_executable.error().message(), "exec: \"/etc/passwd\": permission denied");
    EXPECT_EQ(exec_exit_code(not_executable.error()), 126);

    auto directory = run(docker_spec(rootfs.path(), {"/bin"}));
    ASSERT_FALSE(directory);
    EXPECT_EQ(directory.error().message(), "exec: \"/bin\": is a directory");
    EXPECT_EQ(exec_exit_code(directory.error()), 126);
}

TEST_F(ContainerProcessTest, ExecveFailureComesBackFromStart) {
    // Executable bit but not a program the kernel can run: found by the lookup, refused by execve.
    std::ofstream(rootfs.path() + "/bin/garbage") << "\x7f" "ELF garbage";
    fs::permissions(rootfs.path() + "/bin/garbage", fs::perms(0755));
    Pipe out;
    auto process = ContainerProcess::create(docker_spec(rootfs.path(), {"garbage"}), {-1, out.write.get(), -1}, {});
    ASSERT_TRUE(process) << process.error().message();
    auto started = process->start();
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().message(), "exec: \"garbage\": exec format error");
    EXPECT_EQ(process->wait().value_or(-1), 127);
}

TEST_F(ContainerProcessTest, SetupFailuresCarryTheChildsMessageAndErrno) {
    auto spec = docker_spec(rootfs.path(), {"true"});
    spec.mounts.push_back(mount("/data", "nosuchfs", "none", {}));
    auto outcome = run(spec);
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().errnum(), ENODEV);
    EXPECT_NE(outcome.error().message().find("on /data"), std::string::npos) << outcome.error().message();
    EXPECT_EQ(exec_exit_code(outcome.error()), std::nullopt);
}

TEST_F(ContainerProcessTest, ExitCodesAndSignals) {
    EXPECT_EQ(sh("exit 3").exit_code, 3);
    auto process = ContainerProcess::create(docker_spec(rootfs.path(), {"sleep", "100"}), {}, {});
    ASSERT_TRUE(process) << process.error().message();
    ASSERT_TRUE(process->start());
    ::kill(process->pid(), SIGKILL);
    EXPECT_EQ(process->wait().value_or(-1), 128 + SIGKILL);
}

// A monitor blocks signals for its signalfd and may ignore some: the container
// must start with neither (docker stop's SIGTERM would go nowhere).
TEST_F(ContainerProcessTest, SignalsStartUnblockedAndDefault) {
    sigset_t blocked, saved;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &blocked, &saved), 0);
    auto old_handler = ::signal(SIGINT, SIG_IGN);
    auto outcome = run(docker_spec(rootfs.path(), {"grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"}));
    ::signal(SIGINT, old_handler);
    pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    ASSERT_TRUE(outcome) << outcome.error().message();
    EXPECT_EQ(outcome->out, "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
}

TEST_F(ContainerProcessTest, EnvironmentAndAMissingWorkingDirectory) {
    auto spec = docker_spec(rootfs.path(), {"sh", "-c", "echo $GREETING; pwd; echo $HOME"});
    spec.process.env.push_back("GREETING=hello there");
    spec.process.env.push_back("HOME=/somewhere");
    spec.process.cwd = "/work/dir";
    EXPECT_EQ(run_ok(spec).out, "hello there\n/work/dir\n/somewhere\n");
    EXPECT_TRUE(fs::is_directory(rootfs.path() + "/work/dir"));
}

TEST_F(ContainerProcessTest, RlimitsAndOomScore) {
    auto spec = docker_spec(rootfs.path(), {"sh", "-c", "ulimit -n; ulimit -Hn; cat /proc/self/oom_score_adj"});
    spec.process.rlimits = {{RLIMIT_NOFILE, 1024, 2048}};
    spec.process.oom_score_adj = 500;
    EXPECT_EQ(run_ok(spec).out, "1024\n2048\n500\n");
}

TEST_F(ContainerProcessTest, SysctlsAndDomainName) {
    auto spec = docker_spec(rootfs.path(), {"sh", "-c", "cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/domainname"});
    spec.sysctls = {{"net.ipv4.ip_forward", "1"}};
    spec.domainname = "example.org";
    EXPECT_EQ(run_ok(spec).out, "1\nexample.org\n");
}

// The hook runs with the init's pid before the init does anything: here it
// moves the init into a fresh v1/v2 cgroup, which must then be the root of the
// container's cgroup namespace.
TEST_F(ContainerProcessTest, ParentHookRunsBeforeSetup) {
    std::string cgroup_dir = fs::exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/pids";
    if (!fs::exists(cgroup_dir)) GTEST_SKIP() << "no pids cgroup";
    testing::TempDir name_source{"berth-cg"};
    std::string cgroup = cgroup_dir + "/" + fs::path(name_source.path()).filename().string();
    ASSERT_TRUE(fs::create_directory(cgroup));
    struct RemoveCgroup {
        std::string path;
        ~RemoveCgroup() { ::rmdir(path.c_str()); }
    } remove{cgroup};

    auto spec = docker_spec(rootfs.path(), {"sh", "-c", "cat /hook; grep -E '(:pids:|^0::)' /proc/self/cgroup | cut -d: -f3 | head -n 1"});
    pid_t hooked = 0;
    bool shared_cgroup_ns = false;
    auto outcome = run(spec, [&](pid_t pid) -> Result<> {
        hooked = pid;
        struct stat theirs{}, ours{};
        shared_cgroup_ns = ::stat(std::format("/proc/{}/ns/cgroup", pid).c_str(), &theirs) == 0 &&
                           ::stat("/proc/self/ns/cgroup", &ours) == 0 && theirs.st_ino == ours.st_ino;
        std::ofstream(rootfs.path() + "/hook") << "hook ran\n";
        std::ofstream(cgroup + "/cgroup.procs") << pid;
        return {};
    });
    ASSERT_TRUE(outcome) << outcome.error().message();
    EXPECT_GT(hooked, 0);
    EXPECT_TRUE(shared_cgroup_ns);
    EXPECT_EQ(outcome->out, "hook ran\n/\n");
}

// A fresh pids cgroup with pids.max 77 the hook moves the init into: the
// container must see that cgroup (not the host's root, nor berthd's) at
// /sys/fs/cgroup/pids (v1) or /sys/fs/cgroup (v2), whether it has a cgroup
// namespace of its own (fresh mounts) or shares the host's (binds).
class ContainerCgroupsTest : public ContainerProcessTest {
protected:
    void SetUp() override {
        ContainerProcessTest::SetUp();
        if (IsSkipped()) return;
        v2_ = fs::exists("/sys/fs/cgroup/cgroup.controllers");
        std::string parent = v2_ ? "/sys/fs/cgroup" : "/sys/fs/cgroup/pids";
        if (v2_ && read_file(parent + "/cgroup.subtree_control").value_or("").find("pids") == std::string::npos)
            GTEST_SKIP() << "no pids controller delegated at the cgroup2 root";
        if (!fs::exists(parent)) GTEST_SKIP() << "no pids cgroup";
        cgroup_ = parent + "/" + fs::path(name_source_.path()).filename().string();
        ASSERT_TRUE(fs::create_directory(cgroup_));
        std::ofstream(cgroup_ + "/pids.max") << "77";
    }
    void TearDown() override {
        if (!cgroup_.empty()) ::rmdir(cgroup_.c_str());
    }
    // Where the container finds its pids files.
    std::string pids_dir() const { return v2_ ? "/sys/fs/cgroup" : "/sys/fs/cgroup/pids"; }
    Outcome run_in_cgroup(RuntimeSpec spec, bool own_namespace) {
        if (!own_namespace) std::erase_if(spec.namespaces, [](const NamespaceSpec& ns) { return ns.kind == NamespaceKind::Cgroup; });
        auto outcome = run(spec, [&](pid_t pid) -> Result<> {
            std::ofstream(cgroup_ + "/cgroup.procs") << pid;
            return {};
        });
        EXPECT_TRUE(outcome) << (outcome ? "" : outcome.error().message());
        return outcome ? *outcome : Outcome{};
    }
    std::string script() const {
        return "cat " + pids_dir() + "/pids.max; test -e " + pids_dir() + "/" + fs::path(cgroup_).filename().string() +
               " && echo nested; (echo 78 > " + pids_dir() + "/pids.max) 2>/dev/null && echo writable || echo readonly";
    }

    bool v2_ = false;
    testing::TempDir name_source_{"berth-cgfs"};
    std::string cgroup_;
};

TEST_F(ContainerCgroupsTest, OwnCgroupReadOnlyInItsCgroupNamespace) {
    auto outcome = run_in_cgroup(docker_spec(rootfs.path(), {"sh", "-c", script()}), true);
    EXPECT_EQ(outcome.out, "77\nreadonly\n") << outcome.err;
    EXPECT_EQ(read_file(cgroup_ + "/pids.max").value_or(""), "77\n");
}

TEST_F(ContainerCgroupsTest, OwnCgroupReadOnlySharingTheHostsCgroupNamespace) {
    auto outcome = run_in_cgroup(docker_spec(rootfs.path(), {"sh", "-c", script()}), false);
    EXPECT_EQ(outcome.out, "77\nreadonly\n") << outcome.err;
}

// --privileged: read-write, and a write reaches the container's own cgroup.
TEST_F(ContainerCgroupsTest, PrivilegedMountsItReadWrite) {
    for (bool own_namespace : {true, false}) {
        std::ofstream(cgroup_ + "/pids.max") << "77";
        auto spec = docker_spec(rootfs.path(), {"sh", "-c", script()});
        for (auto& m : spec.mounts)
            if (m.type == "cgroup") m.options = {"nosuid", "noexec", "nodev", "relatime"};
        auto outcome = run_in_cgroup(spec, own_namespace);
        EXPECT_EQ(outcome.out, "77\nwritable\n") << "own namespace: " << own_namespace << outcome.err;
        EXPECT_EQ(read_file(cgroup_ + "/pids.max").value_or(""), "78\n");
    }
}

// v1: every host hierarchy under /sys/fs/cgroup (not cgroup2 at unified), a
// read-only tmpfs around them.
TEST_F(ContainerCgroupsTest, V1HierarchiesInAReadOnlyTmpfs) {
    if (v2_) GTEST_SKIP() << "cgroup v2 host";
    std::string expected;
    for (const auto& entry : fs::directory_iterator("/sys/fs/cgroup"))
        if (entry.path().filename() != "unified") expected += entry.path().filename().string() + "\n";
    auto sorted = [](std::string lines) {
        std::vector<std::string> all;
        std::istringstream in(lines);
        for (std::string line; std::getline(in, line);) all.push_back(line);
        std::ranges::sort(all);
        return all;
    };
    auto outcome = run_in_cgroup(docker_spec(rootfs.path(), {"sh", "-c",
        "ls -1 /sys/fs/cgroup; mkdir /sys/fs/cgroup/x 2>/dev/null && echo writable >&2"}), false);
    EXPECT_EQ(sorted(outcome.out), sorted(expected));
    EXPECT_EQ(outcome.err, "");
}

// The v2 code where the host is v1 or hybrid: the spec's cgroup source points
// at the host's cgroup2 mount (unified), the hook moves the init into a fresh
// cgroup there. The container's cgroup.procs lists only itself (pid 1, read
// with builtins so no other process is there) and no cgroup below it (the
// root has this test's), in its own namespace (cgroup2
// mounted afresh) or the host's (a bind of its directory); read-only.
TEST_F(ContainerProcessTest, CgroupV2OwnCgroupReadOnly) {
    std::string unified = "/sys/fs/cgroup/unified";
    struct statfs info{};
    if (::statfs(unified.c_str(), &info) != 0 || info.f_type != CGROUP2_SUPER_MAGIC)
        GTEST_SKIP() << "no cgroup2 at " << unified << " (a v2 host runs ContainerCgroupsTest on v2)";
    testing::TempDir name_source{"berth-cg2"};
    std::string cgroup = unified + "/" + fs::path(name_source.path()).filename().string();
    ASSERT_TRUE(fs::create_directory(cgroup));
    struct RemoveCgroup {
        std::string path;
        ~RemoveCgroup() { ::rmdir(path.c_str()); }
    } remove{cgroup};
    for (bool own_namespace : {true, false}) {
        auto spec = docker_spec(rootfs.path(), {"sh", "-c",
            "while read -r p; do echo $p; done </sys/fs/cgroup/cgroup.procs; "
            "find /sys/fs/cgroup -mindepth 1 -type d | wc -l; "
            "mkdir /sys/fs/cgroup/x 2>/dev/null && echo writable || echo readonly"});
        for (auto& m : spec.mounts)
            if (m.type == "cgroup") m.source = unified;
        if (!own_namespace)
            std::erase_if(spec.namespaces, [](const NamespaceSpec& ns) { return ns.kind == NamespaceKind::Cgroup; });
        auto outcome = run(spec, [&](pid_t pid) -> Result<> {
            std::ofstream(cgroup + "/cgroup.procs") << pid;
            return {};
        });
        ASSERT_TRUE(outcome) << outcome.error().message();
        EXPECT_EQ(outcome->out, "1\n0\nreadonly\n") << "own namespace: " << own_namespace << outcome->err;
    }
}

TEST_F(ContainerProcessTest, AFailingHookStopsTheContainer) {
    auto outcome = run(docker_spec(rootfs.path(), {"true"}),
                       [](pid_t) -> Result<> { return fail(ErrorCategory::Conflict, "no cgroup for you"); });
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().message(), "no cgroup for you");
}

TEST_F(ContainerProcessTest, BindMountsStayInsideTheRootfs) {
    testing::TempDir host{"berth-host"};
    std::ofstream(host / "file") << "from the host\n";
    // An image's absolute symlink to a host path: must resolve inside the rootfs.
    fs::create_symlink(host.path(), rootfs.path() + "/escape");
    auto spec = docker_spec(rootfs.path(), {"sh", "-c", "cat /data/file; cat /config; touch /data/x 2>/dev/null || echo ro"});
    spec.mounts.push_back(mount("/data", "bind", host.path(), {"rbind", "ro", "rprivate"}));
    spec.mounts.push_back(mount("/config", "bind", host / "file", {"bind"}));
    spec.mounts.push_back(mount("/escape/inside", "tmpfs", "tmpfs", {}));
    EXPECT_EQ(run_ok(spec).out, "from the host\nfrom the host\nro\n");
    EXPECT_FALSE(fs::exists(host / "inside"));
    EXPECT_TRUE(fs::is_directory(rootfs.path() + host.path() + "/inside"));
    EXPECT_TRUE(fs::is_regular_file(rootfs.path() + "/config"));
}

TEST_F(ContainerProcessTest, TerminalIsTheContainersOwnPty) {
    // /dev/console is the same terminal, as runc gives it.
    auto spec = docker_spec(rootfs.path(), {"sh", "-c", "tty; test -t 0 && echo interactive; echo console >/dev/console"});
    spec.process.terminal = true;
    auto process = ContainerProcess::create(spec, {}, {});
    ASSERT_TRUE(process) << process.error().message();
    UniqueFd master = process->take_terminal();
    ASSERT_TRUE(master);
    ASSERT_TRUE(process->start());
    std::string output = read_all(master.get()); // ends with EIO once the slave is closed
    EXPECT_EQ(process->wait().value_or(-1), 0);
    EXPECT_EQ(output, "/dev/pts/0\r\ninteractive\r\nconsole\r\n");
}

TEST_F(ContainerProcessTest, ExecJoinsTheRunningContainer) {
    auto container = ContainerProcess::create(docker_spec(rootfs.path(), {"sleep", "100"}), {}, {});
    ASSERT_TRUE(container) << container.error().message();
    ASSERT_TRUE(container->start());
    std::vector<NamespaceKind> all = {NamespaceKind::Pid, NamespaceKind::Mount, NamespaceKind::Uts,
                                      NamespaceKind::Ipc, NamespaceKind::Network, NamespaceKind::Cgroup};
    ProcessSpec process;
    process.args = {"sh", "-c", "hostname; cat /proc/1/comm; echo $$; pwd; test -e /work || echo contained"};
    process.cwd = "/tmp";
    process.capabilities = default_capabilities();
    Pipe out;
    pid_t hooked = 0;
    auto exec = spawn_exec(container->pid(), process, all, {-1, out.write.get(), -1}, [&](pid_t pid) -> Result<> {
        hooked = pid;
        return {};
    });
    out.write.reset();
    ASSERT_TRUE(exec) << exec.error().message();
    EXPECT_EQ(hooked, exec->pid());
    EXPECT_TRUE(exec->start()); // already running: a no-op
    std::string output = read_all(out.read.get());
    EXPECT_EQ(exec->wait().value_or(-1), 0);
    EXPECT_TRUE(output.starts_with("berth-test\nsleep\n")) << output;
    EXPECT_TRUE(output.ends_with("\n/tmp\ncontained\n")) << output;
    EXPECT_EQ(output.find("\n1\n"), std::string::npos) << output; // not pid 1: the init is

    process.args = {"nosuch"};
    auto missing = spawn_exec(container->pid(), process, all, {}, {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message(), "exec: \"nosuch\": executable file not found in $PATH");

    process.args = {"tty"};
    process.terminal = true;
    auto with_tty = spawn_exec(container->pid(), process, all, {}, {});
    ASSERT_TRUE(with_tty) << with_tty.error().message();
    UniqueFd master = with_tty->take_terminal();
    ASSERT_TRUE(master);
    std::string tty = read_all(master.get());
    EXPECT_EQ(with_tty->wait().value_or(-1), 0);
    EXPECT_TRUE(tty.starts_with("/dev/pts/")) << tty;
}

TEST(MountOptions, FlagsPropagationAndData) {
    auto parsed = parse_mount_options({"nosuid", "noexec", "ro", "rw", "rbind", "rprivate", "mode=755", "size=65536k", "tmpcopyup"});
    EXPECT_EQ(parsed.flags, MS_NOSUID | MS_NOEXEC | MS_BIND | MS_REC);
    EXPECT_EQ(parsed.propagation, MS_PRIVATE | MS_REC);
    EXPECT_EQ(parsed.data, "mode=755,size=65536k");
}

TEST(LookPath, UsesTheEnvironmentsPath) {
    EXPECT_EQ(env_value({"A=1", "PATH=/x", "PATH=/bin"}, "PATH"), "/bin");
    EXPECT_EQ(look_path("sh", {"PATH=/nonexistent:/bin"}).value_or(""), "/bin/sh");
    auto missing = look_path("berth-nosuch", {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().category(), ErrorCategory::NotFound);
}

} // namespace
} // namespace berth::runtime
