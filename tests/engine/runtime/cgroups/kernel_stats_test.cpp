// Statistics, OOM kills and process lists of real cgroups on this host's
// hierarchy (v1 or v2, as berthd would choose it), with real processes in them.
// Every cgroup and process a test makes goes at its end, failed or not.
#include "runtime/cgroups/detect.h"
#include "runtime/cgroups/docker_stats.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fcntl.h>
#include <filesystem>
#include <gtest/gtest.h>
#include <random>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kRoot = "/sys/fs/cgroup";

enum class Work { Spin, Allocate64MiB };

// What a child does once in its cgroup: only raw syscalls, as after fork.
[[noreturn]] void child_work(int go, Work work) {
    char byte = 0;
    if (::read(go, &byte, 1) != 1) _exit(3);
    if (work == Work::Allocate64MiB) {
        constexpr size_t kSize = 64u << 20;
        void* memory = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) _exit(4);
        auto* bytes = static_cast<volatile char*>(memory);
        for (size_t i = 0; i < kSize; i += 4096) bytes[i] = 1;
        _exit(0); // not killed: the limit did not hold
    }
    // Charge some memory to the cgroup (pages touched after joining are its own),
    // then burn CPU until killed.
    constexpr size_t kSize = 4u << 20;
    void* memory = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) _exit(4);
    auto* bytes = static_cast<volatile char*>(memory);
    for (size_t i = 0; i < kSize; i += 4096) bytes[i] = 1;
    volatile uint64_t spins = 0;
    for (;;) spins = spins + 1;
}

// A test's cgroups and children, gone with it.
class Sandbox {
public:
    Sandbox() {
        std::random_device random;
        parent_ = "berth-test-" + std::to_string(random() % 1'000'000'000);
        auto manager = make_host_cgroup_manager(kRoot, parent_);
        if (manager) manager_ = std::move(*manager);
        else error_ = manager.error().message();
    }

    ~Sandbox() {
        for (pid_t pid : children_) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
        if (!manager_) return;
        for (const auto& name : cgroups_) {
            // A cgroup whose last process just died can be busy for a moment.
            for (int attempt = 0; attempt < 100 && !manager_->remove(name); ++attempt) std::this_thread::sleep_for(20ms);
        }
        std::error_code ec;
        for (const auto& hierarchy : fs::directory_iterator(kRoot, ec))
            if (fs::is_directory(hierarchy.path() / parent_, ec)) ::rmdir((hierarchy.path() / parent_).c_str());
        ::rmdir((fs::path(kRoot) / parent_).c_str());
    }

    CgroupManager* manager() { return manager_.get(); }
    const std::string& error() const { return error_; }
    const std::string& parent() const { return parent_; }

    Result<> create(const std::string& name) {
        cgroups_.push_back(name);
        return manager_->create(name);
    }

    // A child that waits, joins `name`, then works.
    Result<pid_t> spawn(const std::string& name, Work work) {
        int go[2];
        if (::pipe2(go, O_CLOEXEC) != 0) return fail_errno("pipe");
        pid_t pid = ::fork();
        if (pid < 0) return fail_errno("fork");
        if (pid == 0) {
            ::close(go[1]);
            child_work(go[0], work);
        }
        ::close(go[0]);
        children_.push_back(pid);
        auto added = manager_->add_process(name, pid);
        char byte = 1;
        if (added && ::write(go[1], &byte, 1) != 1) added = fail_errno("starting the child");
        ::close(go[1]);
        if (!added) return std::unexpected(added.error());
        return pid;
    }

    // Waits for a child the test expects to end by itself.
    int reap(pid_t pid) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        std::erase(children_, pid);
        return status;
    }

private:
    std::unique_ptr<CgroupManager> manager_;
    std::string error_, parent_;
    std::vector<std::string> cgroups_;
    std::vector<pid_t> children_;
};

#define REQUIRE_ROOT_AND_CGROUPS(sandbox)                                              \
    if (geteuid() != 0) GTEST_SKIP() << "needs root";                                  \
    if (!(sandbox).manager()) GTEST_SKIP() << "no usable cgroups: " << (sandbox).error()

std::string message(const Result<>& result) { return result ? "" : result.error().message(); }

TEST(CgroupKernelStats, BusyChildrenShowInEveryCounter) {
    Sandbox sandbox;
    REQUIRE_ROOT_AND_CGROUPS(sandbox);
    CgroupManager& cgroups = *sandbox.manager();
    auto created = sandbox.create("busy");
    ASSERT_TRUE(created) << message(created);
    auto first = sandbox.spawn("busy", Work::Spin);
    ASSERT_TRUE(first) << first.error().message();
    auto second = sandbox.spawn("busy", Work::Spin);
    ASSERT_TRUE(second) << second.error().message();

    std::this_thread::sleep_for(200ms);
    auto before = take_stats_sample(cgroups, "busy");
    ASSERT_TRUE(before) << before.error().message();
    std::this_thread::sleep_for(500ms);
    auto after = take_stats_sample(cgroups, "busy");
    ASSERT_TRUE(after) << after.error().message();

    const CgroupStats& stats = after->cgroup;
    EXPECT_EQ(stats.version, cgroups.version());
    EXPECT_GT(stats.cpu.total_ns, before->cgroup.cpu.total_ns) << "spinning children use CPU";
    EXPECT_GT(stats.cpu.user_ns, 0u);
    if (stats.version == "1") {
        EXPECT_FALSE(stats.cpu.percpu_ns.empty());
    }
    EXPECT_GE(stats.memory.usage, 4u << 20) << "each child touched 4 MiB after joining";
    EXPECT_EQ(stats.pids.current, 2u);
    EXPECT_EQ(stats.pids.limit, std::nullopt) << "no PidsLimit set";
    EXPECT_FALSE(stats.memory.stat.empty());

    // Two spinning children for 0.5 s show up in docker stats' CPU %: how much of
    // the machine they got depends on what else runs (CI builds share the two
    // cores), so only "clearly some" and "not more than the machine" are checked.
    DockerStatsStream stream("/busy", "id", 0);
    stream.next(*before);
    nlohmann::json out = stream.next(*after);
    double cpu_delta = out["cpu_stats"]["cpu_usage"]["total_usage"].get<double>() -
                       out["precpu_stats"]["cpu_usage"]["total_usage"].get<double>();
    double system_delta =
        out["cpu_stats"]["system_cpu_usage"].get<double>() - out["precpu_stats"]["system_cpu_usage"].get<double>();
    double percent = cpu_delta / system_delta * out["cpu_stats"]["online_cpus"].get<double>() * 100.0;
    double expected = std::min(2.0, static_cast<double>(after->host.online_cpus)) * 100.0;
    EXPECT_GT(percent, 5.0) << out.dump();
    EXPECT_LT(percent, expected * 1.3) << out.dump();
    EXPECT_EQ(out["pids_stats"]["current"], 2);
}

TEST(CgroupKernelStats, ProcessesListsTheChildren) {
    Sandbox sandbox;
    REQUIRE_ROOT_AND_CGROUPS(sandbox);
    auto created = sandbox.create("procs");
    ASSERT_TRUE(created) << message(created);
    auto empty = sandbox.manager()->processes("procs");
    ASSERT_TRUE(empty) << empty.error().message();
    EXPECT_TRUE(empty->empty());
    auto first = sandbox.spawn("procs", Work::Spin);
    ASSERT_TRUE(first) << first.error().message();
    auto second = sandbox.spawn("procs", Work::Spin);
    ASSERT_TRUE(second) << second.error().message();
    auto listed = sandbox.manager()->processes("procs");
    ASSERT_TRUE(listed) << listed.error().message();
    std::vector<pid_t> expected{*first, *second};
    std::ranges::sort(expected);
    EXPECT_EQ(*listed, expected);
}

TEST(CgroupKernelStats, OomKillIsCounted) {
    Sandbox sandbox;
    REQUIRE_ROOT_AND_CGROUPS(sandbox);
    CgroupManager& cgroups = *sandbox.manager();
    auto created = sandbox.create("oom");
    ASSERT_TRUE(created) << message(created);
    CgroupResources limits;
    limits.memory = 16 << 20;
    // Swap must not take the overflow: memory+swap = memory where the kernel counts swap.
    std::string dir = cgroups.version() == "2" ? std::string(kRoot) + "/" + sandbox.parent() + "/oom"
                                                : std::string(kRoot) + "/memory/" + sandbox.parent() + "/oom";
    if (fs::exists(dir + (cgroups.version() == "2" ? "/memory.swap.max" : "/memory.memsw.limit_in_bytes")))
        limits.memory_swap = 16 << 20;
    auto applied = cgroups.apply("oom", limits);
    ASSERT_TRUE(applied) << message(applied);
    auto before = cgroups.oom_kill_count("oom");
    ASSERT_TRUE(before) << before.error().message();
    EXPECT_EQ(*before, 0u);

    auto child = sandbox.spawn("oom", Work::Allocate64MiB);
    ASSERT_TRUE(child) << child.error().message();
    int status = sandbox.reap(*child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << status << ": the 16 MiB limit did not stop 64 MiB";
    EXPECT_EQ(WTERMSIG(status), SIGKILL);
    auto after = cgroups.oom_kill_count("oom");
    ASSERT_TRUE(after) << after.error().message();
    EXPECT_EQ(*after, 1u);
    auto stats = cgroups.stats("oom");
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(stats->memory.oom_kills, 1u);
    EXPECT_EQ(stats->memory.limit, std::optional<uint64_t>(16 << 20));
}

TEST(CgroupKernelStats, HostDetectionMatchesTheMount) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
    auto manager = make_host_cgroup_manager(kRoot, "berth-test-unused");
    ASSERT_TRUE(manager) << manager.error().message();
    EXPECT_EQ((*manager)->version(), is_cgroup2_mount(kRoot) ? "2" : "1");
}

} // namespace
} // namespace berth::runtime
