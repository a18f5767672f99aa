// cgroup v1 statistics: each controller's files in its own hierarchy, read as
// containerd's cgroup1 package reads them for dockerd.
#include "runtime/cgroups/stat_parsers.h"
#include "runtime/cgroups/stat_readers.h"

#include <array>
#include <filesystem>

namespace berth::runtime {
Result<CgroupStats> read_v1_stats(const std::string& root, const std::string& relative) {
    auto dir = [&](const char* controller) { return root + "/" + controller + "/" + relative; };
    constexpr std::array kRead = {"cpuacct", "cpu", "memory", "blkio", "pids"};
    bool exists = false;
    for (const char* controller : kRead) exists = exists || std::filesystem::is_directory(dir(controller));
    if (!exists) return fail(ErrorCategory::NotFound, "no cgroup {} under {}", relative, root);

    CgroupStats stats;
    stats.version = "1";
    StatFileReader reader;

    std::string cpuacct = dir("cpuacct");
    reader.read(cpuacct, "cpuacct.usage", parse_counter, stats.cpu.total_ns);
    reader.read(cpuacct, "cpuacct.usage_percpu", parse_counter_list, stats.cpu.percpu_ns);
    std::map<std::string, uint64_t> ticks;
    reader.read(cpuacct, "cpuacct.stat", parse_flat_keyed, ticks);
    // USER_HZ ticks; the API wants nanoseconds.
    stats.cpu.user_ns = value_or_zero(ticks, "user") * kNanosPerTick;
    stats.cpu.system_ns = value_or_zero(ticks, "system") * kNanosPerTick;
    std::map<std::string, uint64_t> throttling;
    reader.read(dir("cpu"), "cpu.stat", parse_flat_keyed, throttling);
    stats.cpu.periods = value_or_zero(throttling, "nr_periods");
    stats.cpu.throttled_periods = value_or_zero(throttling, "nr_throttled");
    stats.cpu.throttled_time_ns = value_or_zero(throttling, "throttled_time");

    std::string memory = dir("memory");
    reader.read(memory, "memory.usage_in_bytes", parse_counter, stats.memory.usage);
    reader.read(memory, "memory.max_usage_in_bytes", parse_counter, stats.memory.max_usage);
    // v1 has no "max": no limit reads as the largest page-aligned size
    // (9223372036854771712), which dockerd caps at the machine's memory.
    reader.read(memory, "memory.limit_in_bytes", parse_limit, stats.memory.limit);
    reader.read(memory, "memory.failcnt", parse_counter, stats.memory.failcnt);
    reader.read(memory, "memory.stat", parse_flat_keyed, stats.memory.stat);
    std::map<std::string, uint64_t> oom;
    reader.read(memory, "memory.oom_control", parse_flat_keyed, oom);
    stats.memory.oom_kills = value_or_zero(oom, "oom_kill");

    // The throttle files count I/O of every scheduler; the CFQ ones went with
    // CFQ in Linux 5.0.
    std::string blkio = dir("blkio");
    reader.read(blkio, "blkio.throttle.io_service_bytes_recursive", parse_v1_blkio, stats.blkio.service_bytes);
    reader.read(blkio, "blkio.throttle.io_serviced_recursive", parse_v1_blkio, stats.blkio.serviced);

    std::string pids = dir("pids");
    reader.read(pids, "pids.current", parse_counter, stats.pids.current);
    reader.read(pids, "pids.max", parse_limit, stats.pids.limit);

    if (auto status = reader.status(); !status) return std::unexpected(status.error());
    return stats;
}

Result<uint64_t> read_v1_oom_kill_count(const std::string& memory_directory) {
    if (!std::filesystem::is_directory(memory_directory))
        return fail(ErrorCategory::NotFound, "no cgroup {}", memory_directory);
    // "oom_kill N" is in memory.oom_control since Linux 4.13.
    std::map<std::string, uint64_t> oom;
    StatFileReader reader;
    reader.read(memory_directory, "memory.oom_control", parse_flat_keyed, oom);
    if (auto status = reader.status(); !status) return std::unexpected(status.error());
    return value_or_zero(oom, "oom_kill");
}

} // namespace berth::runtime
