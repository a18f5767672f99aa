#pragma once
// A container's cgroup, behind one small interface with a backend per hierarchy
// (v1: a directory per controller; v2: the unified tree), chosen once at start.
// Words: the manager's `root` is the cgroupfs mount (/sys/fs/cgroup), its
// `parent` the directory berthd keeps its containers under ("berth"), and `name`
// a container's own directory. Lifecycle: create, apply (again for `docker
// update`), add_process, ..., remove once the processes are gone. Backends take
// the root as a path, so tests point them at a directory that plays cgroupfs.
// Reading (stats, oom_kill_count, processes) works at any point between create
// and remove; a cgroup that does not exist reads as a NotFound error.

#include "base/error.h"
#include "runtime/cgroups/stats.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <sys/types.h>
#include <vector>

namespace berth::runtime {

// HostConfig's resource fields, as the Engine API carries them.
struct CgroupResources {
    std::optional<int64_t> memory;             // bytes (Memory)
    std::optional<int64_t> memory_swap;        // memory + swap in bytes, -1 unlimited (MemorySwap)
    std::optional<int64_t> memory_reservation; // bytes (MemoryReservation)
    std::optional<uint64_t> cpu_shares;        // relative weight, 2..262144 (CpuShares)
    std::optional<int64_t> cpu_quota;          // µs per period (CpuQuota, or from NanoCpus)
    std::optional<uint64_t> cpu_period;        // µs (CpuPeriod)
    std::optional<std::string> cpuset_cpus;    // "0-1" (CpusetCpus)
    std::optional<std::string> cpuset_mems;    // (CpusetMems)
    std::optional<int64_t> pids_limit;         // <= 0 unlimited (PidsLimit)
    std::optional<uint16_t> blkio_weight;      // 10..1000 (BlkioWeight)
    struct Throttle {
        uint32_t major = 0;
        uint32_t minor = 0;
        uint64_t bytes_per_second = 0;
    };
    std::vector<Throttle> read_bps;  // BlkioDeviceReadBps (--device-read-bps)
    std::vector<Throttle> write_bps; // BlkioDeviceWriteBps (--device-write-bps)
};

// One rule of the devices a container may use: type 'a' (all), 'c' or 'b';
// major/minor -1 for '*'; access a subset of "rwm" (Docker's --device and
// --device-cgroup-rule words).
struct DeviceRule {
    char type = 'a';
    int64_t major = -1;
    int64_t minor = -1;
    std::string access = "rwm";
};

class CgroupManager {
public:
    virtual ~CgroupManager() = default;
    virtual std::string version() const = 0; // "1" or "2"
    virtual Result<> create(const std::string& name) = 0;
    virtual Result<> apply(const std::string& name, const CgroupResources& resources) = 0;
    virtual Result<> add_process(const std::string& name, pid_t pid) = 0;
    virtual Result<> freeze(const std::string& name, bool frozen) = 0;
    // Denies every device, then allows `allowed` (the container's default nodes
    // and its --device ones). v1 writes devices.deny/devices.allow; v2 attaches
    // a BPF device program to the directory (device_filter.h).
    virtual Result<> restrict_devices(const std::string& name, const std::vector<DeviceRule>& allowed) = 0;
    virtual Result<> remove(const std::string& name) = 0;

    // One sample of what the cgroup has used (stats.h); docker_stats.h turns two
    // samples into the Engine API's stats JSON.
    virtual Result<CgroupStats> stats(const std::string& name) const = 0;
    // How many times the kernel's OOM killer killed a process of this cgroup
    // (and of cgroups below it). The monitor reads it before the start and at
    // the exit: a difference means OOMKilled.
    virtual Result<uint64_t> oom_kill_count(const std::string& name) const = 0;
    // Every process in the cgroup and in cgroups below it, sorted (docker top,
    // and killing all of a container's processes).
    virtual Result<std::vector<pid_t>> processes(const std::string& name) const = 0;
};

std::unique_ptr<CgroupManager> make_cgroup_v1(std::string root, std::string parent);
std::unique_ptr<CgroupManager> make_cgroup_v2(std::string root, std::string parent);

// The kernel's conversions from v1 values to v2 (as runc and crun do them).
uint64_t cpu_shares_to_weight(uint64_t shares);
uint64_t blkio_weight_to_io_weight(uint16_t weight);

} // namespace berth::runtime
