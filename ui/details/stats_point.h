#pragma once
// One docker stats sample (GET /containers/{id}/stats) reduced to what the
// charts plot, computed the way the docker CLI computes `docker stats`:
// - CPU %: (cpu_stats.cpu_usage.total_usage - precpu_stats's) /
//   (cpu_stats.system_cpu_usage - precpu_stats's) * online_cpus * 100, so one
//   busy core of four reads 100 %. Of the host divides that by online_cpus; of
//   the limit by the CPUs the limit allows (HostConfig.NanoCpus, or
//   CpuQuota/CpuPeriod).
// - memory used: memory_stats.usage minus the page cache the kernel can drop
//   (stats.total_inactive_file on cgroup v1, stats.inactive_file on v2).
// - network and block I/O: rates from the counters' change since the previous
//   sample (networks.*.rx_bytes/tx_bytes, blkio_stats.io_service_bytes_recursive).

#include <nlohmann/json.hpp>

#include <QMetaType>

namespace berth::ui {

struct StatsPoint {
    double seconds = 0;          // the sample's time ("read"), Unix seconds
    double cpuPercent = 0;       // as docker stats shows it
    double cpuOfHost = 0;        // 0-100
    double cpuOfLimit = -1;      // 0-100, -1 when the container has no CPU limit
    double memoryUsed = 0;       // bytes
    double memoryLimit = 0;      // bytes
    double rxBytesPerSecond = 0;
    double txBytesPerSecond = 0;
    double readBytesPerSecond = 0;
    double writeBytesPerSecond = 0;
    double pids = 0;
};

// The CPUs a container may use by its inspect document; 0 when unlimited.
double cpuLimit(const nlohmann::json& inspect);

// `previous` is the sample before (null for the first: rates are then 0).
StatsPoint statsPoint(const nlohmann::json& sample, const nlohmann::json& previous, double limitCpus);

} // namespace berth::ui

Q_DECLARE_METATYPE(berth::ui::StatsPoint)
