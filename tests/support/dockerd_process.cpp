#include "support/dockerd_process.h"

#include "support/daemon_spawn.h"

#include "api/client/client.h"
#include "base/files.h"
#include "base/ids.h"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/mount.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace berth::testing {

namespace {

// What dockerd and its containerd may leave mounted under the test's directory
// (overlay layers, the exec root's netns and shm mounts) if they die unclean.
void unmount_below(const std::string& dir) {
    std::ifstream mounts("/proc/self/mounts");
    std::vector<std::string> targets;
    for (std::string source, target, rest; mounts >> source >> target && std::getline(mounts, rest);)
        if (target.starts_with(dir + "/")) targets.push_back(target);
    for (auto it = targets.rbegin(); it != targets.rend(); ++it) ::umount2(it->c_str(), MNT_DETACH);
}

void remove_cgroup_tree(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_directory(ec) && !entry.is_symlink(ec)) remove_cgroup_tree(entry.path());
    ::rmdir(dir.c_str());
}

} // namespace

DockerdProcess::DockerdProcess() : temp_("dockerd-test"), dir_(temp_.path()), cgroup_parent_("berth-test-docker-" + random_hex(4)) {}

DockerdProcess::~DockerdProcess() {
    stop();
    unmount_below(dir_);
    std::error_code ec;
    for (const auto& hierarchy : std::filesystem::directory_iterator("/sys/fs/cgroup", ec))
        remove_cgroup_tree(hierarchy.path() / cgroup_parent_);
}

std::optional<std::string> DockerdProcess::binary() {
    for (const char* path : {"/usr/sbin/dockerd", "/usr/bin/dockerd"})
        if (::access(path, X_OK) == 0) return path;
    return std::nullopt;
}

bool DockerdProcess::start() {
    auto dockerd = binary();
    if (!dockerd) return false;
    // --bridge=none with iptables, ip6tables, forwarding and masquerade off: this
    // dockerd changes nothing in the host's network (a dockerd with iptables sets
    // FORWARD to DROP, which would cut berthd's bridges in the tests beside it).
    std::vector<std::string> args = {*dockerd,
                                     "--host=" + host(),
                                     "--data-root=" + dir_ + "/data",
                                     "--exec-root=" + dir_ + "/exec",
                                     "--pidfile=" + dir_ + "/docker.pid",
                                     "--cgroup-parent=" + cgroup_parent_,
                                     "--bridge=none",
                                     "--iptables=false",
                                     "--ip6tables=false",
                                     "--ip-forward=false",
                                     "--ip-masq=false",
                                     "--userland-proxy=false",
                                     "--log-level=warn"};
    // setsid: its containerd and shims go with it, not with the test's terminal.
    pid_ = spawn_daemon(args, {.log_path = dir_ + "/dockerd.log", .new_session = true});
    return wait_for_ping(host(), pid_, 300, std::chrono::milliseconds(100));
}

void DockerdProcess::stop() {
    if (pid_ <= 0) return;
    api::EngineClient client(host());
    client.set_timeout(std::chrono::seconds(15));
    if (auto list = client.get_json("/containers/json?all=1"); list && list->is_array())
        for (const auto& container : *list)
            (void)client.request("DELETE", "/containers/" + container.value("Id", std::string()) + "?force=1");
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int waited_ms = 0; ::waitpid(pid_, &status, WNOHANG) == 0; waited_ms += 20) {
        if (waited_ms >= 20'000) {
            ::kill(-pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
}

std::string DockerdProcess::log() const { return read_file(dir_ + "/dockerd.log").value_or(""); }

} // namespace berth::testing
