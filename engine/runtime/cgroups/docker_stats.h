#pragma once
// The Engine API's stats JSON (GET /containers/{id}/stats; what `docker stats`
// reads), built from cgroup samples in the shape dockerd gives it on each
// hierarchy (daemon/stats_unix.go's statsV1/statsV2 over containerd's cgroups):
//
//   read, preread          RFC 3339 times of this sample and the previous one
//                          ("0001-01-01T00:00:00Z", Go's zero time, for none)
//   cpu_stats              this sample; precpu_stats the previous one (zeros for none)
//     cpu_usage            total_usage, percpu_usage (v1 only), usage_in_kernelmode, usage_in_usermode (ns)
//     system_cpu_usage     the host's CPU time in ns (/proc/stat), online_cpus
//     throttling_data      periods, throttled_periods, throttled_time (ns)
//   memory_stats           usage, max_usage (v1), stats{memory.stat keys dockerd copies},
//                          failcnt, limit (capped at the machine's memory)
//   blkio_stats            io_service_bytes_recursive, io_serviced_recursive (v1), ... ({major,minor,op,value})
//   pids_stats             current, limit
//   num_procs (0), storage_stats ({}), name ("/web"), id
//
// Zero fields are left out where Go's omitempty leaves them out. `networks` is
// the network code's: the daemon adds it to the object.
//
// The client computes from two samples in one object (docker/cli stats_helpers.go):
//   CPU %  = (cpu_stats.cpu_usage.total_usage - precpu_stats.cpu_usage.total_usage)
//          / (cpu_stats.system_cpu_usage - precpu_stats.system_cpu_usage) * online_cpus * 100
//   memory = usage - stats.total_inactive_file (v1) or stats.inactive_file (v2)

#include "base/error.h"
#include "runtime/cgroups/manager.h"
#include "runtime/cgroups/stats.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace berth::runtime {

// The host's side of the CPU ratio, as dockerd reads it from /proc/stat: the sum
// of the first seven fields of the "cpu" line (user nice system idle iowait irq
// softirq, not steal or guest) in ns, and the number of "cpuN" lines.
struct HostCpuUsage {
    uint64_t system_cpu_usage_ns = 0;
    uint32_t online_cpus = 0;
};
Result<HostCpuUsage> parse_proc_stat(std::string_view text);
Result<HostCpuUsage> read_system_cpu_usage(const std::string& proc_stat = "/proc/stat");

// One sample of a container: its cgroup, the host's CPU time, and when.
struct StatsSample {
    int64_t read_ns = 0; // Unix ns
    CgroupStats cgroup;
    HostCpuUsage host;
};

// Reads the cgroup `name`, /proc/stat and the clock, in that order (dockerd reads
// the host's CPU time after the container's).
Result<StatsSample> take_stats_sample(const CgroupManager& cgroups, const std::string& name);

// One object of the stats stream. `previous` is the sample before (nullptr for
// the first: precpu_stats zero, preread zero time). `name` is the container's
// name as the API writes it ("/web"). `machine_memory` (MemTotal in bytes, 0 if
// unknown) caps memory_stats.limit, as dockerd caps it when no limit is set.
nlohmann::json docker_stats_json(const StatsSample& now, const StatsSample* previous, std::string_view name,
                                 std::string_view id, uint64_t machine_memory);

// The samples of one stream: each object carries the sample before it.
class DockerStatsStream {
public:
    DockerStatsStream(std::string name, std::string id, uint64_t machine_memory)
        : name_(std::move(name)), id_(std::move(id)), machine_memory_(machine_memory) {}

    nlohmann::json next(StatsSample sample);
    bool has_previous() const { return previous_.has_value(); }

private:
    std::string name_, id_;
    uint64_t machine_memory_;
    std::optional<StatsSample> previous_;
};

} // namespace berth::runtime
