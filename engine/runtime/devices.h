#pragma once
// Device nodes in a container's /dev: the standard ones every container gets
// and `--device`. Made with mknod; where mknod is not permitted (a user
// namespace, a nodev /dev) the host's node is bind-mounted instead, as runc does.
// Then the symlinks every Linux /dev has (/dev/fd, stdin, stdout, stderr, core,
// ptmx -> pts/ptmx for the container's own devpts).

#include "base/error.h"
#include "runtime/spec.h"

#include <vector>

namespace berth::runtime {

// null, zero, full, random, urandom, tty: runc's default devices, which Docker
// gives every container (not /dev/console: only with a terminal).
std::vector<DeviceSpec> default_devices();

// Makes each device inside the root (`root_fd`: the rootfs before pivot_root).
// An existing node at the path is replaced.
Result<> create_devices(int root_fd, const std::vector<DeviceSpec>& devices);

// /dev/fd -> /proc/self/fd, /dev/std{in,out,err} -> /proc/self/fd/{0,1,2},
// /dev/core -> /proc/kcore and /dev/ptmx -> pts/ptmx (made only when missing:
// a bind-mounted /dev keeps its own).
Result<> create_dev_symlinks(int root_fd);

} // namespace berth::runtime
