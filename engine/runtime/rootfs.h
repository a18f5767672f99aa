#pragma once
// A container's filesystem view, made by its init inside its new mount
// namespace: the rootfs bound onto itself, the spec's mounts and devices in it,
// pivot_root into it, then Docker's masked and read-only paths and an optional
// read-only root. Everything here runs in the child, never in the daemon.

#include "base/error.h"
#include "runtime/spec.h"

#include <string>
#include <vector>

namespace berth::runtime {

// Before pivot_root: makes every mount private (nothing leaks back to the
// host), binds spec.rootfs onto itself (pivot_root needs a mount point), mounts
// spec.mounts in order, makes spec.devices and the /dev symlinks, and creates
// the process's cwd when missing (Docker's WORKDIR semantics).
Result<> prepare_rootfs(const RuntimeSpec& spec);

// pivot_root into `rootfs` without a directory for the old root: runc's
// pivot_root(".", ".") then a lazy unmount of the old root stacked below.
Result<> pivot_into(const std::string& rootfs);

// After pivot_root. Missing paths are skipped, as runc skips them.
// Masked: /dev/null bound over files, an empty read-only tmpfs over directories.
Result<> mask_paths(const std::vector<std::string>& paths);
// Read-only: each path bound onto itself and remounted read-only.
Result<> make_paths_readonly(const std::vector<std::string>& paths);
// --read-only: the root mount remounted read-only (mounts on it keep their own mode).
Result<> make_root_readonly();

} // namespace berth::runtime
