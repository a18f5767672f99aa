#pragma once
// A container's /sys/fs/cgroup, as runc makes it: the container sees its own
// cgroups (JVMs, Go and Node size themselves from memory.limit_in_bytes,
// cpu.cfs_quota_us or memory.max), read-only unless the spec says "rw"
// (--privileged).
//
// - cgroup v2: with its own cgroup namespace, cgroup2 mounted afresh (its root
//   is the namespace's, the container's cgroup); sharing the host's, a bind of
//   the container's own cgroup directory.
// - cgroup v1: a tmpfs with one directory per hierarchy the host has under
//   /sys/fs/cgroup (cpu, memory, systemd, ...), each a fresh mount of that
//   hierarchy in a cgroup namespace or else a bind of the container's own
//   directory in it; co-mounted controllers get symlinks (cpu -> cpu,cpuacct).
//
// Runs in the container's init, after it joined its cgroup and namespaces and
// before pivot_root (the host's /sys/fs/cgroup and /proc are still visible).

#include "base/error.h"
#include "runtime/spec.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::runtime {

// A v1 hierarchy the host mounts under /sys/fs/cgroup.
struct CgroupV1Hierarchy {
    std::string name;       // its directory: "memory", "cpu,cpuacct", "systemd"
    std::string subsystems; // the options to mount it again with: "cpu,cpuacct", "xattr,name=systemd"
    std::string own_path;   // the process's own cgroup directory in it on the host, "" if not visible
};

// The v1 hierarchies of `mountinfo` (/proc/self/mountinfo) mounted directly
// under `host_root`, each with the directory of the process whose
// /proc/self/cgroup is `self_cgroup` (relative to the mount's root). Pure.
std::vector<CgroupV1Hierarchy> cgroup_v1_hierarchies(std::string_view mountinfo, std::string_view self_cgroup,
                                                     std::string_view host_root = "/sys/fs/cgroup");

// The "0::/path" line of /proc/self/cgroup (the v2 cgroup), "" if none. Pure.
std::string cgroup_v2_path(std::string_view self_cgroup);

// The symlinks runc makes for co-mounted hierarchies: "cpu,cpuacct" gives
// cpu -> cpu,cpuacct and cpuacct -> cpu,cpuacct, unless a hierarchy has that
// name already. Pairs of (link name, target). Pure.
std::vector<std::pair<std::string, std::string>>
comount_symlinks(const std::vector<std::string>& hierarchy_names);

// Mounts the container's cgroups at `spec.destination` inside the root. The
// host's are at /sys/fs/cgroup, or at `spec.source` when it is a path (tests).
// `own_namespace`: the init is in a cgroup namespace of its own (made or
// joined), whose root is its cgroup.
Result<> mount_cgroups(int root_fd, const MountSpec& spec, bool own_namespace);

} // namespace berth::runtime
