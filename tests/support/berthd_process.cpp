#include "support/berthd_process.h"

#include "support/daemon_spawn.h"

#include "api/client/client.h"
#include "base/files.h"
#include "base/ids.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace berth::testing {

namespace {

// Removes a cgroup directory and those below it (cgroupfs takes rmdir only).
void remove_cgroup_tree(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_directory(ec) && !entry.is_symlink(ec)) remove_cgroup_tree(entry.path());
    ::rmdir(dir.c_str());
}

} // namespace

BerthdProcess::BerthdProcess(std::vector<std::string> extra_args)
    : temp_("berthd-test"), dir_(temp_.path()), bridge_("bt" + random_hex(4)), extra_args_(std::move(extra_args)) {}

BerthdProcess::~BerthdProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    // What berthd leaves on the host by design (a daemon's bridge outlives it,
    // as docker0 does): this test's bridge, its NAT table and its cgroups.
    (void)!std::system(("ip link delete " + bridge_ + " 2>/dev/null").c_str());
    (void)!std::system(("nft delete table ip berth_" + bridge_ + " 2>/dev/null").c_str());
    std::error_code ec;
    for (const auto& hierarchy : std::filesystem::directory_iterator("/sys/fs/cgroup", ec))
        remove_cgroup_tree(hierarchy.path() / ("berth-test-" + bridge_));
    remove_cgroup_tree(std::filesystem::path("/sys/fs/cgroup") / ("berth-test-" + bridge_));
}

bool BerthdProcess::start() {
    std::vector<std::string> args = {BERTHD_PATH,          "-H",          host(),
                                     "--data-root",        data_root(),   "--exec-root",
                                     dir_ + "/exec",       "--pidfile",   dir_ + "/berthd.pid",
                                     "--group",            "0",           "--config-file",
                                     dir_ + "/daemon.json", "-b",          bridge_,
                                     "--cgroup-parent",    "berth-test-" + bridge_};
    if (!std::filesystem::exists(dir_ + "/daemon.json")) write_file_atomically(dir_ + "/daemon.json", "{}\n");
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    pid_ = spawn_daemon(args, {.log_path = dir_ + "/berthd.log"});
    return wait_for_ping(host(), pid_, 200, std::chrono::milliseconds(25));
}

int BerthdProcess::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    // A daemon that ignores SIGTERM for 10 s fails the test instead of hanging it.
    for (int waited_ms = 0; ::waitpid(pid_, &status, WNOHANG) == 0; waited_ms += 10) {
        if (waited_ms >= 10'000) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return status;
}

void BerthdProcess::signal(int signo) const {
    if (pid_ > 0) ::kill(pid_, signo);
}

std::string BerthdProcess::log() const { return read_file(dir_ + "/berthd.log").value_or(""); }

} // namespace berth::testing
