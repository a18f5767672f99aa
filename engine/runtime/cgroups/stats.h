#pragma once
// What a container's cgroup has used, read from its control files in one sample.
// Units are the API's, whatever the hierarchy keeps: CPU in nanoseconds (v1's
// cpuacct.stat counts USER_HZ ticks, v2's cpu.stat microseconds), memory in bytes.
// Counters grow from the cgroup's creation; rates come from two samples
// (docker_stats.h).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::runtime {

// One line of a per-device I/O counter, as Docker's BlkioStatEntry carries it.
// v1 ops are the kernel's ("Read", "Write", "Sync", "Async", "Discard", "Total");
// v2 ops are dockerd's translation of io.stat ("read", "write").
struct BlkioEntry {
    uint64_t major = 0;
    uint64_t minor = 0;
    std::string op;
    uint64_t value = 0;

    bool operator==(const BlkioEntry&) const = default;
};

struct CgroupCpuStats {
    uint64_t total_ns = 0;             // v1 cpuacct.usage; v2 cpu.stat usage_usec
    std::vector<uint64_t> percpu_ns;   // v1 cpuacct.usage_percpu; empty on v2
    uint64_t user_ns = 0;              // v1 cpuacct.stat user; v2 user_usec
    uint64_t system_ns = 0;            // v1 cpuacct.stat system; v2 system_usec
    uint64_t periods = 0;              // cpu.stat nr_periods
    uint64_t throttled_periods = 0;    // cpu.stat nr_throttled
    uint64_t throttled_time_ns = 0;    // v1 throttled_time; v2 throttled_usec
};

struct CgroupMemoryStats {
    uint64_t usage = 0;                // v1 memory.usage_in_bytes; v2 memory.current
    uint64_t max_usage = 0;            // v1 memory.max_usage_in_bytes; 0 on v2 (dockerd leaves it out)
    std::optional<uint64_t> limit;     // v1 memory.limit_in_bytes; v2 memory.max; nullopt for "max"
    uint64_t failcnt = 0;              // v1 memory.failcnt; v2 memory.events "oom" (as dockerd reports it)
    uint64_t oom_kills = 0;            // v1 memory.oom_control / v2 memory.events "oom_kill"
    std::map<std::string, uint64_t> stat; // memory.stat, every key the kernel writes
};

struct CgroupBlkioStats {
    // v1 blkio.throttle.io_service_bytes_recursive; v2 io.stat rbytes/wbytes.
    std::vector<BlkioEntry> service_bytes;
    // v1 blkio.throttle.io_serviced_recursive; v2 io.stat rios/wios.
    std::vector<BlkioEntry> serviced;
};

struct CgroupPidsStats {
    uint64_t current = 0;              // pids.current
    std::optional<uint64_t> limit;     // pids.max; nullopt for "max"
};

struct CgroupStats {
    std::string version; // "1" or "2": the JSON Docker returns differs by hierarchy
    CgroupCpuStats cpu;
    CgroupMemoryStats memory;
    CgroupBlkioStats blkio;
    CgroupPidsStats pids;
};

} // namespace berth::runtime
