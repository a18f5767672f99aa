#include "runtime/cgroups/docker_stats.h"

#include "base/clock.h"
#include "base/files.h"
#include "runtime/cgroups/stat_parsers.h"

#include <array>
#include <limits>

namespace berth::runtime {
namespace {

using nlohmann::json;

// The memory.stat keys dockerd copies into memory_stats.stats, all of them
// always (zero when the kernel does not write one).
constexpr std::array kV1MemoryKeys = {
    "cache", "rss", "rss_huge", "mapped_file", "dirty", "writeback", "pgpgin", "pgpgout", "pgfault",
    "pgmajfault", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
    "hierarchical_memory_limit", "hierarchical_memsw_limit", "total_cache", "total_rss", "total_rss_huge",
    "total_mapped_file", "total_dirty", "total_writeback", "total_pgpgin", "total_pgpgout", "total_pgfault",
    "total_pgmajfault", "total_inactive_anon", "total_active_anon", "total_inactive_file", "total_active_file",
    "total_unevictable"};
constexpr std::array kV2MemoryKeys = {
    "anon", "file", "kernel_stack", "slab", "sock", "shmem", "file_mapped", "file_dirty", "file_writeback",
    "anon_thp", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
    "slab_reclaimable", "slab_unreclaimable", "pgfault", "pgmajfault", "workingset_refault",
    "workingset_activate", "workingset_nodereclaim", "pgrefill", "pgscan", "pgsteal", "pgactivate",
    "pgdeactivate", "pglazyfree", "pglazyfreed", "thp_fault_alloc", "thp_collapse_alloc"};

constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();

// Go's omitempty: a zero number is not written.
void put_nonzero(json& object, const char* key, uint64_t value) {
    if (value != 0) object[key] = value;
}

json blkio_entries(const std::vector<BlkioEntry>& entries) {
    json out = json::array();
    for (const auto& e : entries) out.push_back({{"major", e.major}, {"minor", e.minor}, {"op", e.op}, {"value", e.value}});
    return out;
}

json cpu_json(const CgroupCpuStats& cpu, const HostCpuUsage& host) {
    json usage = {{"total_usage", cpu.total_ns},
                  {"usage_in_kernelmode", cpu.system_ns},
                  {"usage_in_usermode", cpu.user_ns}};
    if (!cpu.percpu_ns.empty()) usage["percpu_usage"] = cpu.percpu_ns;
    json out = {{"cpu_usage", usage},
                {"throttling_data",
                 {{"periods", cpu.periods},
                  {"throttled_periods", cpu.throttled_periods},
                  {"throttled_time", cpu.throttled_time_ns}}}};
    put_nonzero(out, "system_cpu_usage", host.system_cpu_usage_ns);
    put_nonzero(out, "online_cpus", host.online_cpus);
    return out;
}

json memory_json(const CgroupStats& stats, uint64_t machine_memory) {
    const CgroupMemoryStats& memory = stats.memory;
    bool v1 = stats.version == "1";
    json keyed = json::object();
    if (v1)
        for (const char* key : kV1MemoryKeys) keyed[key] = value_or_zero(memory.stat, key);
    else
        for (const char* key : kV2MemoryKeys) keyed[key] = value_or_zero(memory.stat, key);
    json out = json::object();
    put_nonzero(out, "usage", memory.usage);
    if (v1) put_nonzero(out, "max_usage", memory.max_usage);
    out["stats"] = keyed;
    put_nonzero(out, "failcnt", memory.failcnt);
    uint64_t limit = memory.limit.value_or(kUnlimited);
    if (machine_memory > 0 && limit > machine_memory) limit = machine_memory;
    put_nonzero(out, "limit", limit);
    return out;
}

json blkio_json(const CgroupStats& stats) {
    json out;
    if (stats.version == "1") {
        // dockerd copies every list, so the ones it does not read are [] too.
        out = {{"io_service_bytes_recursive", blkio_entries(stats.blkio.service_bytes)},
               {"io_serviced_recursive", blkio_entries(stats.blkio.serviced)}};
        for (const char* key : {"io_queue_recursive", "io_service_time_recursive", "io_wait_time_recursive",
                                "io_merged_recursive", "io_time_recursive", "sectors_recursive"})
            out[key] = json::array();
        return out;
    }
    // On v2 dockerd fills service bytes alone (null when io.stat is empty) and
    // leaves every other list null.
    out["io_service_bytes_recursive"] =
        stats.blkio.service_bytes.empty() ? json(nullptr) : blkio_entries(stats.blkio.service_bytes);
    for (const char* key : {"io_serviced_recursive", "io_queue_recursive", "io_service_time_recursive",
                            "io_wait_time_recursive", "io_merged_recursive", "io_time_recursive",
                            "sectors_recursive"})
        out[key] = nullptr;
    return out;
}

json pids_json(const CgroupStats& stats) {
    json out = json::object();
    put_nonzero(out, "current", stats.pids.current);
    // containerd reads v1's "max" as 0 (left out) and v2's as the largest uint64.
    uint64_t limit = stats.pids.limit.value_or(stats.version == "1" ? 0 : kUnlimited);
    put_nonzero(out, "limit", limit);
    return out;
}

} // namespace

Result<HostCpuUsage> parse_proc_stat(std::string_view text) {
    HostCpuUsage out;
    bool found = false;
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        // The cpu lines come first (glibc's get_nprocs relies on it too).
        if (line.size() < 4 || !line.starts_with("cpu")) break;
        if (line[3] >= '0' && line[3] <= '9') {
            ++out.online_cpus;
            continue;
        }
        if (line[3] != ' ') continue;
        std::string_view rest = line.substr(4);
        uint64_t ticks = 0;
        for (int field = 0; field < 7; ++field) {
            while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
            size_t space = rest.find(' ');
            auto value = parse_counter(rest.substr(0, space));
            if (rest.empty() || !value)
                return fail(ErrorCategory::System, "invalid cpu line in /proc/stat: \"{}\"", line);
            ticks += *value;
            rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space);
        }
        out.system_cpu_usage_ns = ticks * kNanosPerTick;
        found = true;
    }
    if (!found) return fail(ErrorCategory::System, "no cpu line in /proc/stat");
    return out;
}

Result<HostCpuUsage> read_system_cpu_usage(const std::string& proc_stat) {
    auto text = read_file(proc_stat);
    if (!text) return std::unexpected(text.error());
    auto usage = parse_proc_stat(*text);
    if (!usage) return std::unexpected(std::move(usage.error()).wrap("reading {}", proc_stat));
    return usage;
}

Result<StatsSample> take_stats_sample(const CgroupManager& cgroups, const std::string& name) {
    StatsSample sample;
    auto stats = cgroups.stats(name);
    if (!stats) return std::unexpected(std::move(stats.error()).wrap("reading the stats of cgroup {}", name));
    sample.cgroup = std::move(*stats);
    auto host = read_system_cpu_usage();
    if (!host) return std::unexpected(host.error());
    sample.host = *host;
    sample.read_ns = now_ns();
    return sample;
}

json docker_stats_json(const StatsSample& now, const StatsSample* previous, std::string_view name, std::string_view id,
                       uint64_t machine_memory) {
    json out = json::object();
    out["read"] = format_rfc3339_nano(now.read_ns);
    out["preread"] = previous ? format_rfc3339_nano(previous->read_ns) : "0001-01-01T00:00:00Z";
    out["pids_stats"] = pids_json(now.cgroup);
    out["blkio_stats"] = blkio_json(now.cgroup);
    out["num_procs"] = 0;
    out["storage_stats"] = json::object();
    out["cpu_stats"] = cpu_json(now.cgroup.cpu, now.host);
    out["precpu_stats"] = previous ? cpu_json(previous->cgroup.cpu, previous->host) : cpu_json({}, {});
    out["memory_stats"] = memory_json(now.cgroup, machine_memory);
    if (!name.empty()) out["name"] = name;
    if (!id.empty()) out["id"] = id;
    return out;
}

json DockerStatsStream::next(StatsSample sample) {
    json out = docker_stats_json(sample, previous_ ? &*previous_ : nullptr, name_, id_, machine_memory_);
    previous_ = std::move(sample);
    return out;
}

} // namespace berth::runtime
