#pragma once
// Which hierarchy berthd drives on this host, chosen once at start (as crun and
// runc choose): v2 when the cgroupfs root is itself a cgroup2 mount offering the
// controllers berthd needs; v1 when those controllers are mounted one hierarchy
// each (a "hybrid" host with an empty cgroup2 at <root>/unified is v1); else an
// error that names what is missing.
//
// Needed: memory (Memory, OOM kills, memory_stats), cpu (CpuShares, CpuQuota,
// throttling), pids (PidsLimit, pids_stats); on v1 also cpuacct (cpu_stats) and
// freezer (docker pause; v2 freezes through cgroup.freeze, no controller).
// cpuset, io/blkio and devices are used when present.

#include "base/error.h"
#include "runtime/cgroups/manager.h"

#include <memory>
#include <string>

namespace berth::runtime {

// statfs(2): is `path` the root of a cgroup2 mount?
bool is_cgroup2_mount(const std::string& path);

// "2" or "1" for the hierarchy at `root`, or an Unavailable error naming the
// missing controllers. `root_is_cgroup2` is what is_cgroup2_mount(root) says on a
// real host; tests pass it for a directory that plays cgroupfs.
Result<std::string> choose_cgroup_version(const std::string& root, bool root_is_cgroup2);

// The backend for this host: statfs(root), choose_cgroup_version, make_cgroup_v1/v2.
Result<std::unique_ptr<CgroupManager>> make_host_cgroup_manager(const std::string& root = "/sys/fs/cgroup",
                                                                std::string parent = "berth");

} // namespace berth::runtime
