#pragma once
// Linux namespaces of a container: the clone flags of the new ones and setns()
// into the joined ones (a netns bind mount, /proc/PID/ns/ipc of another
// container, every /proc/PID/ns/* of a running container for `docker exec`).
//
// Joining a pid namespace only affects the children forked afterwards, and a new
// pid namespace (CLONE_NEWPID) likewise holds the next child, not the caller:
// process.cpp forks once more after entering namespaces.

#include "base/error.h"
#include "base/unique_fd.h"
#include "runtime/spec.h"

#include <string>
#include <sys/types.h>
#include <vector>

namespace berth::runtime {

// CLONE_NEWPID, CLONE_NEWNS, ...
int namespace_clone_flag(NamespaceKind kind);

// The file name under /proc/PID/ns/: "pid", "mnt", "uts", "ipc", "net", "cgroup".
const char* namespace_proc_name(NamespaceKind kind);

// The clone flags of the namespaces the container gets new (no join_path).
// `except` leaves some out (the cgroup namespace is unshared later, once the
// process is in its cgroup).
int new_namespace_flags(const std::vector<NamespaceSpec>& namespaces, int except = 0);

// A namespace file opened, ready to be entered.
struct NamespaceHandle {
    NamespaceKind kind;
    UniqueFd fd;
};

// Opens the join_path of every joined namespace in `namespaces`. Opening them
// all before entering any matters: after entering a mount namespace, paths
// resolve inside it.
Result<std::vector<NamespaceHandle>> open_joined_namespaces(const std::vector<NamespaceSpec>& namespaces);

// Opens /proc/<pid>/ns/<kind> for each kind, skipping the ones the process
// shares with us (the same inode as /proc/self/ns/<kind>): setns into one's own
// namespace is harmless except for mnt, where it would reset root and cwd.
Result<std::vector<NamespaceHandle>> open_process_namespaces(pid_t pid, const std::vector<NamespaceKind>& kinds);

// setns() into each handle; the mount namespace last, so the others' effects
// do not depend on the root it brings.
Result<> enter_namespaces(const std::vector<NamespaceHandle>& handles);

} // namespace berth::runtime
