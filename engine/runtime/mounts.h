#pragma once
// Mounts inside a container's rootfs: mount(8)-style options turned into flags
// and fs data, mount points made when missing, and every destination resolved
// inside the rootfs. A rootfs comes from an image, so its symlinks are
// untrusted: /etc -> /host/etc must not lead a mount onto the host. Paths are
// resolved with openat2(RESOLVE_IN_ROOT) (symlinks and ".." stay inside the
// root) and mounts target the resolved O_PATH fd through /proc/self/fd/N, as
// runc does.

#include "base/error.h"
#include "base/unique_fd.h"
#include "runtime/spec.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::runtime {

struct MountOptions {
    unsigned long flags = 0;       // MS_RDONLY, MS_NOSUID, ..., MS_BIND, MS_REC
    unsigned long propagation = 0; // MS_PRIVATE, MS_SLAVE, MS_SHARED, MS_UNBINDABLE (| MS_REC): a second mount call
    std::string data;              // what the fs parses itself: "mode=755,size=65536k"
};

// "ro" -> MS_RDONLY, "rw" clears it, "rbind" -> MS_BIND|MS_REC, "rprivate" ->
// propagation, ... Options the kernel's generic flags do not know go to `data`
// in order; "tmpcopyup" (a runc extension) is dropped. Pure.
MountOptions parse_mount_options(const std::vector<std::string>& options);

// The flags of the mount `fd` is on, in MS_ terms (MS_RDONLY, MS_NOSUID, ...):
// a bind remount resets the flags it does not repeat, and the kernel refuses to
// clear locked ones.
unsigned long current_mount_flags(int fd);

// "/proc/self/fd/N": how mount(2) is given an fd.
std::string proc_fd_path(int fd);

// Opens `path` (absolute or relative, read as inside the root) below `root_fd`
// with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS). `flags` e.g. O_PATH.
Result<UniqueFd> open_in_root(int root_fd, std::string_view path, int flags);

// Like `mkdir -p` inside the root, each component resolved inside it; the last
// component is an empty file when `file` (a mount point for a file bind). Returns
// an O_PATH fd of the result. An existing path is kept as it is.
Result<UniqueFd> make_path_in_root(int root_fd, std::string_view path, bool file, mode_t mode = 0755);

// Mounts `spec` at its destination inside the root (`root_fd` is the rootfs
// directory, before pivot_root). Binds of files get a file mount point; binds
// with ro/nosuid/nodev/noexec are remounted with them (a bind ignores them on
// the first call). Type "cgroup" is the container's own cgroups as the host's
// version has them (cgroup_mount.h); `own_cgroup_namespace`: the init has a
// cgroup namespace of its own.
Result<> mount_in_root(int root_fd, const MountSpec& spec, bool own_cgroup_namespace = false);

} // namespace berth::runtime
