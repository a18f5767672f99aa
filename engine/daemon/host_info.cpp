#include "daemon/host_info.h"

#include "base/files.h"

#include <filesystem>
#include <linux/magic.h>
#include <sched.h>
#include <sstream>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace berth::daemon {
namespace {

namespace fs = std::filesystem;

bool path_exists(const fs::path& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}

std::string os_release_value(const std::string& content, std::string_view key) {
    std::istringstream lines(content);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != '=') continue;
        std::string value = line.substr(key.size() + 1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) value = value.substr(1, value.size() - 2);
        return value;
    }
    return {};
}

int online_cpus() {
    // Like Go's runtime.NumCPU, which dockerd reports: the CPUs this process may run on.
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
    return static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
}

std::string backing_filesystem(const std::string& path) {
    struct statfs info{};
    if (statfs(path.c_str(), &info) != 0) return "unknown";
    switch (static_cast<unsigned long>(info.f_type)) {
    case EXT4_SUPER_MAGIC: return "extfs";
    case XFS_SUPER_MAGIC: return "xfs";
    case BTRFS_SUPER_MAGIC: return "btrfs";
    case TMPFS_MAGIC: return "tmpfs";
    case OVERLAYFS_SUPER_MAGIC: return "overlayfs";
    default: return std::format("0x{:x}", static_cast<unsigned long>(info.f_type));
    }
}

} // namespace

std::string detect_cgroup_version(const std::string& root) {
    struct statfs info{};
    if (statfs(root.c_str(), &info) == 0 && static_cast<unsigned long>(info.f_type) == CGROUP2_SUPER_MAGIC) return "2";
    return "1";
}

CgroupSupport read_cgroup_support(const std::string& root, const std::string& version) {
    CgroupSupport support;
    support.version = version;
    fs::path base(root);
    if (version == "2") {
        auto controllers = read_file((base / "cgroup.controllers").string()).value_or("");
        auto has = [&](std::string_view name) {
            std::istringstream words(controllers);
            std::string word;
            while (words >> word)
                if (word == name) return true;
            return false;
        };
        support.memory = has("memory");
        support.swap = support.memory;
        support.cpu_cfs_quota = support.cpu_cfs_period = support.cpu_shares = has("cpu");
        support.cpuset = has("cpuset");
        support.pids = has("pids");
        return support;
    }
    support.memory = path_exists(base / "memory/memory.limit_in_bytes");
    support.swap = path_exists(base / "memory/memory.memsw.limit_in_bytes");
    support.cpu_cfs_quota = path_exists(base / "cpu/cpu.cfs_quota_us");
    support.cpu_cfs_period = path_exists(base / "cpu/cpu.cfs_period_us");
    support.cpu_shares = path_exists(base / "cpu/cpu.shares");
    support.cpuset = path_exists(base / "cpuset/cpuset.cpus");
    support.pids = path_exists(base / "pids");
    return support;
}

std::string go_arch(const std::string& machine) {
    if (machine == "x86_64") return "amd64";
    if (machine == "aarch64") return "arm64";
    if (machine == "i686" || machine == "i386") return "386";
    if (machine.starts_with("armv")) return "arm";
    return machine;
}

std::vector<std::pair<std::string, std::string>> storage_driver_status(const std::string& data_root,
                                                                       const std::string& driver) {
    if (driver != "overlay2") return {};
    // As dockerd's overlay2 reports itself; berthd mounts with metacopy=off and reads upper dirs for diffs.
    return {{"Backing Filesystem", backing_filesystem(data_root)},
            {"Supports d_type", "true"},
            {"Using metacopy", "false"},
            {"Native Overlay Diff", "true"},
            {"userxattr", "false"}};
}

HostFacts read_host_facts() {
    HostFacts facts;
    facts.ncpu = online_cpus();
    struct sysinfo info{};
    if (sysinfo(&info) == 0) facts.mem_total = static_cast<int64_t>(info.totalram) * info.mem_unit;
    struct utsname names{};
    if (uname(&names) == 0) {
        facts.kernel_version = names.release;
        facts.architecture = names.machine;
    }
    char hostname[256] = {};
    if (gethostname(hostname, sizeof hostname - 1) == 0) facts.hostname = hostname;
    auto os_release = read_file("/etc/os-release");
    if (!os_release) os_release = read_file("/usr/lib/os-release");
    facts.operating_system = os_release_value(os_release.value_or(""), "PRETTY_NAME");
    facts.os_version = os_release_value(os_release.value_or(""), "VERSION_ID");
    if (facts.operating_system.empty()) facts.operating_system = "Linux";
    facts.cgroups = read_cgroup_support("/sys/fs/cgroup", detect_cgroup_version());
    facts.ipv4_forwarding = read_file("/proc/sys/net/ipv4/ip_forward").value_or("0").starts_with('1');
    return facts;
}

} // namespace berth::daemon
