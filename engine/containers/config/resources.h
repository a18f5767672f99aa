#pragma once
// HostConfig's resources (memory, CPU, cpuset, block I/O, pids, devices,
// ulimits), read and checked as dockerd's verifyPlatformContainerResources and
// adaptContainerSettings do on Linux, with Docker's messages.

#include "base/error.h"
#include "containers/config/config_types.h"
#include "containers/config/go_json.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::containers::config {

struct HostFacts;

// Reads the fields of `host_config` (the HostConfig object), validates them
// against the host and fills Docker's adjustments: MemorySwap 2*Memory when
// only Memory is set, MemorySwappiness -1 as unset, PidsLimit <= 0 as
// unlimited, CpuShares clamped to 2..262144, OomKillDisable false when unset
// (and dropped with a warning on cgroup v2, which has no such knob).
Result<Resources> parse_resources(const GoObject& host_config, const HostFacts& host, std::vector<std::string>& warnings);

// "0-3,5" (Docker's ParseUintList); an error for anything else.
Result<std::vector<unsigned>> parse_cpuset(std::string_view list);

// The RLIMIT_* of a Docker ulimit name ("nofile"), or -1.
int ulimit_resource(std::string_view name);

} // namespace berth::containers::config
