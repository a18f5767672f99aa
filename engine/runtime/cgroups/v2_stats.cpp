// cgroup v2 statistics: the unified directory's files, in the units and shapes
// dockerd reports them (containerd's cgroup2 package, then daemon/stats_unix.go).
#include "runtime/cgroups/stat_parsers.h"
#include "runtime/cgroups/stat_readers.h"

#include <filesystem>

namespace berth::runtime {

Result<CgroupStats> read_v2_stats(const std::string& directory) {
    if (!std::filesystem::is_directory(directory)) return fail(ErrorCategory::NotFound, "no cgroup {}", directory);
    CgroupStats stats;
    stats.version = "2";
    StatFileReader reader;

    // usage_usec, user_usec and system_usec are there without the cpu controller;
    // the throttling counters only with it.
    std::map<std::string, uint64_t> cpu;
    reader.read(directory, "cpu.stat", parse_flat_keyed, cpu);
    stats.cpu.total_ns = value_or_zero(cpu, "usage_usec") * 1000;
    stats.cpu.user_ns = value_or_zero(cpu, "user_usec") * 1000;
    stats.cpu.system_ns = value_or_zero(cpu, "system_usec") * 1000;
    stats.cpu.periods = value_or_zero(cpu, "nr_periods");
    stats.cpu.throttled_periods = value_or_zero(cpu, "nr_throttled");
    stats.cpu.throttled_time_ns = value_or_zero(cpu, "throttled_usec") * 1000;

    reader.read(directory, "memory.current", parse_counter, stats.memory.usage);
    reader.read(directory, "memory.max", parse_limit, stats.memory.limit);
    reader.read(directory, "memory.stat", parse_flat_keyed, stats.memory.stat);
    std::map<std::string, uint64_t> events;
    reader.read(directory, "memory.events", parse_flat_keyed, events);
    // dockerd reports v2's "oom" (the limit was hit and reclaim failed) as failcnt.
    stats.memory.failcnt = value_or_zero(events, "oom");
    stats.memory.oom_kills = value_or_zero(events, "oom_kill");

    reader.read(directory, "io.stat", parse_io_stat, stats.blkio);

    reader.read(directory, "pids.current", parse_counter, stats.pids.current);
    reader.read(directory, "pids.max", parse_limit, stats.pids.limit);

    if (auto status = reader.status(); !status) return std::unexpected(status.error());
    return stats;
}

Result<uint64_t> read_v2_oom_kill_count(const std::string& directory) {
    if (!std::filesystem::is_directory(directory)) return fail(ErrorCategory::NotFound, "no cgroup {}", directory);
    // memory.events counts for the cgroup and its descendants (memory.events.local
    // would count this level only): a container's nested cgroups are its own.
    std::map<std::string, uint64_t> events;
    StatFileReader reader;
    reader.read(directory, "memory.events", parse_flat_keyed, events);
    if (auto status = reader.status(); !status) return std::unexpected(status.error());
    return value_or_zero(events, "oom_kill");
}

} // namespace berth::runtime
