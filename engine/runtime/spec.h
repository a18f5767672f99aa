#pragma once
// What the runtime needs to make one container process, already decided: the
// daemon turns Docker's create request and the image config into this, the
// monitor hands it to ContainerProcess::create (process.h). Like the OCI runtime spec,
// but only what Berth uses. Paths are absolute host paths unless said otherwise.

#include "runtime/capabilities.h"
#include "runtime/seccomp_profile.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace berth::runtime {

enum class NamespaceKind { Pid, Mount, Uts, Ipc, Network, Cgroup };

// A namespace the container gets. Absent from RuntimeSpec::namespaces: the
// host's is shared (--network host, --pid host, ...). Empty `join_path`: a new
// one. Otherwise setns() into the file (a netns bind mount, /proc/PID/ns/ipc of
// another container for --ipc container:NAME).
struct NamespaceSpec {
    NamespaceKind kind;
    std::string join_path;
};

// A mount made inside the container's mount namespace after the rootfs is in
// place. `destination` is inside the container; `source` is a host path for
// binds, the fs name otherwise (for "cgroup", a path names where the host's
// cgroups are instead of /sys/fs/cgroup: tests). Options as mount(8) spells them: "ro",
// "nosuid", "nodev", "noexec", "bind", "rbind", "rprivate", "mode=755",
// "size=65536k", "newinstance", "ptmxmode=0666", "gid=5".
struct MountSpec {
    std::string destination;
    std::string type; // "proc", "sysfs", "tmpfs", "devpts", "mqueue", "bind", "cgroup"
    std::string source;
    std::vector<std::string> options;
};

// A device node made in /dev (--device, and the standard null/zero/full/random/
// urandom/tty). `path` is inside the container.
struct DeviceSpec {
    std::string path;
    char type = 'c'; // 'c' or 'b'
    uint32_t major = 0;
    uint32_t minor = 0;
    mode_t file_mode = 0666;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string host_path = {}; // bind-mounted from here when mknod is refused; empty: `path`
    std::string cgroup_access = "rwm"; // what the devices cgroup allows on it (--device's third part)
};

struct RlimitSpec {
    int resource; // RLIMIT_NOFILE, ...
    uint64_t soft;
    uint64_t hard;
};

struct ProcessSpec {
    std::vector<std::string> args; // args[0] looked up in PATH of `env` when it has no '/'
    std::vector<std::string> env;  // "KEY=value"
    std::string cwd = "/";         // inside the container; made if missing, as Docker does
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> additional_gids;
    bool terminal = false; // stdio is a pty slave; it becomes the controlling terminal
    CapabilitySet capabilities;
    bool no_new_privileges = false;
    std::optional<SeccompPlan> seccomp; // none: unconfined
    std::vector<RlimitSpec> rlimits;
    std::optional<int> oom_score_adj;
};

struct RuntimeSpec {
    ProcessSpec process;
    std::string rootfs; // a host directory already prepared (the overlay's merged dir)
    bool readonly_rootfs = false;
    std::string hostname;
    std::string domainname;
    std::vector<NamespaceSpec> namespaces;
    std::vector<MountSpec> mounts;          // in order, after the rootfs
    std::vector<DeviceSpec> devices;        // made in /dev (a tmpfs when /dev is mounted in `mounts`)
    std::vector<std::string> masked_paths;  // Docker's MaskedPaths: /dev/null over files, empty ro tmpfs over dirs
    std::vector<std::string> readonly_paths; // Docker's ReadonlyPaths: bind-mounted read-only onto themselves
    std::map<std::string, std::string> sysctls; // "net.ipv4.ip_forward" -> "1", written in /proc/sys
};

} // namespace berth::runtime
