#pragma once
// cgroup v2 has no devices controller files: a container's device access is a
// BPF_PROG_TYPE_CGROUP_DEVICE program attached to its cgroup directory, asked
// (type, major, minor, access) on every open and mknod of a device node. The
// program is built here from the same `DeviceRule`s v1 writes to devices.allow,
// the way runc and crun build theirs: an allow list, anything else denied.

#include "base/error.h"
#include "runtime/cgroups/manager.h"

#include <linux/bpf.h>
#include <string>
#include <vector>

namespace berth::runtime {

// The program for `allowed`: per rule, fall through to the next unless the
// type (any for 'a'), the major and minor (any for -1) match and the requested
// access is a subset of the rule's; a match returns 1 (allow), the end 0 (deny).
// A rule that matches everything ends the program (the verifier refuses code it
// cannot reach). Invalid: a type not a/b/c, access not a non-empty subset of
// "rwm", a number below -1 or above INT32_MAX.
Result<std::vector<bpf_insn>> device_filter_program(const std::vector<DeviceRule>& allowed);

// Loads the program for `allowed` and attaches it to `cgroup_dir` (a cgroup2
// directory). Programs berthd attached there before are detached once the new
// one is in, so a second call replaces the first instead of adding to it (the
// kernel allows only what every attached program allows). The attachment keeps
// the program alive; it goes with the directory. Needs CAP_SYS_ADMIN (or CAP_BPF).
Result<> attach_device_filter(const std::string& cgroup_dir, const std::vector<DeviceRule>& allowed);

} // namespace berth::runtime
