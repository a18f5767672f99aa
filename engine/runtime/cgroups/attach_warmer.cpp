#include "runtime/cgroups/attach_warmer.h"

#include "runtime/cgroups/cgroup_files.h"
#include "base/log.h"

#include <filesystem>
#include <ranges>
#include <string_view>
#include <unistd.h>

namespace berth::runtime {

AttachWarmer::AttachWarmer(std::string cgroup_dir) : cgroup_dir_(std::move(cgroup_dir)) {}

AttachWarmer::~AttachWarmer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (worker_.joinable()) worker_.join();
}

void AttachWarmer::warm() {
    if (cgroup_dir_.empty()) return;
    {
        std::lock_guard lock(mutex_);
        wanted_ = true;
        if (!worker_.joinable()) worker_ = std::thread([this] { run(); });
    }
    wake_.notify_one();
}

void AttachWarmer::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || wanted_; });
        if (stopping_) return;
        wanted_ = false;
        lock.unlock();
        // Errors change nothing: the lock is taken before the kernel checks the move.
        if (auto moved = write_control(cgroup_dir_, "cgroup.procs", std::to_string(::getpid())); !moved)
            log::debug("warming the cgroup attach lock: {}", moved.error().message());
        lock.lock();
    }
}

std::string own_cgroup_dir(const std::string& root, const std::string& version, const std::string& proc_self_cgroup) {
    // Lines "ID:CONTROLLERS:PATH": v2's is "0::/path"; v1's name the controllers ("4:memory:/path").
    for (auto line_range : std::views::split(proc_self_cgroup, '\n')) {
        std::string_view line(line_range.begin(), line_range.end());
        auto first = line.find(':');
        auto second = first == std::string_view::npos ? first : line.find(':', first + 1);
        if (second == std::string_view::npos) continue;
        std::string_view controllers = line.substr(first + 1, second - first - 1);
        std::string path(line.substr(second + 1));
        if (path == "/") path.clear();
        if (version == "2" && controllers.empty()) return root + path;
        if (version != "2" && !controllers.empty() && !controllers.starts_with("name=")) {
            std::string dir = root + "/" + std::string(controllers) + path;
            std::error_code ec;
            if (std::filesystem::exists(dir + "/cgroup.procs", ec)) return dir;
        }
    }
    return "";
}

} // namespace berth::runtime
