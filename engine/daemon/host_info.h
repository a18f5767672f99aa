#pragma once
// Facts about the host that /info and /version report: CPUs, memory, kernel, OS,
// and what the cgroup hierarchy and the storage can do. Read from the kernel each
// time they are asked for, never assumed.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace berth::daemon {

struct CgroupSupport {
    std::string version; // "1" or "2"
    bool memory = false;
    bool swap = false;
    bool cpu_cfs_quota = false;
    bool cpu_cfs_period = false;
    bool cpu_shares = false;
    bool cpuset = false;
    bool pids = false;
};

struct HostFacts {
    int ncpu = 0;
    int64_t mem_total = 0;
    std::string kernel_version;   // uname -r
    std::string operating_system; // PRETTY_NAME of os-release
    std::string os_version;       // VERSION_ID of os-release
    std::string architecture;     // uname -m: "x86_64"
    std::string hostname;
    CgroupSupport cgroups;
    bool ipv4_forwarding = false;
};

HostFacts read_host_facts();

// "2" when `root` is a cgroup2 mount (unified hierarchy), "1" otherwise (legacy or
// hybrid: there the controllers live in the v1 hierarchies).
std::string detect_cgroup_version(const std::string& root = "/sys/fs/cgroup");

// What the controllers under `root` offer, for the given version. Takes a root so
// tests can point it at a directory that plays cgroupfs.
CgroupSupport read_cgroup_support(const std::string& root, const std::string& version);

// Go's GOARCH name for a uname machine ("x86_64" -> "amd64"), as /version reports Arch.
std::string go_arch(const std::string& machine);

// Docker's DriverStatus pairs for the storage driver `driver` over `data_root`
// (dockerd's vfs shows none).
std::vector<std::pair<std::string, std::string>> storage_driver_status(const std::string& data_root,
                                                                       const std::string& driver);

} // namespace berth::daemon
