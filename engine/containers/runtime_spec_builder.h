#pragma once
// From a container's stored Config and HostConfig (Docker's JSON, validated at
// create) to what the runtime runs: the RuntimeSpec with Docker's default
// mounts, devices, masked and read-only paths, capabilities, seccomp filter,
// user and limits, and the cgroup resources. Pure: the caller reads the files
// (passwd, group, the seccomp profile) and makes the namespaces to join.

#include "base/error.h"
#include "containers/container.h"
#include "runtime/cgroups/manager.h"
#include "runtime/spec.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace berth::containers {

// The container's own mounts (-v binds, --mount, --tmpfs), as the runtime mounts them.
Result<std::vector<runtime::MountSpec>> user_mounts(const nlohmann::json& host_config);
// The container's volumes (and the binds --volumes-from gave it), from its mount points.
std::vector<runtime::MountSpec> volume_mounts(const Container& container);
// Docker's sortMounts: parents before what is mounted inside them (stable).
void order_by_depth(std::vector<runtime::MountSpec>& mounts);

struct SpecInputs {
    std::string rootfs;        // the mounted root filesystem
    std::string container_dir; // holds hostname, hosts, resolv.conf
    std::string hostname;
    // Namespaces to join instead of making new ones: the netns file of the
    // bridge or none network, /proc/<pid>/ns/... of another container.
    std::map<runtime::NamespaceKind, std::string> joins;
    // Namespaces shared with the host (--network host, --pid host, --ipc host, --uts host).
    std::vector<runtime::NamespaceKind> host;
    std::string default_seccomp_profile; // Docker's profile JSON (resources/seccomp-default.json)
    runtime::CapabilitySet available_capabilities;
    std::string go_arch, kernel_version;
    // The user, resolved by the caller from --user, --group-add and the rootfs's passwd and group files.
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> additional_gids;
    std::string home = "/";
    std::string init_path;     // berth-init, for --init
    bool cgroup_v2 = false; // the host's version: the cgroupns default of containers stored without a mode
};

Result<runtime::RuntimeSpec> build_runtime_spec(const Container& container, const SpecInputs& inputs);

// HostConfig's resource fields as the cgroup managers take them (the device
// throttles' paths are stat'ed for their numbers).
runtime::CgroupResources cgroup_resources(const nlohmann::json& host_config);

// A --device-cgroup-rule line ("c 1:3 rwm", "a *:* r") as a rule; nullopt when
// it does not parse.
std::optional<runtime::DeviceRule> parse_device_cgroup_rule(std::string_view text);

// The devices a container may use, as Docker allows them: mknod of any, the
// standard nodes, ptys, tun; the --device nodes with their permissions and the
// --device-cgroup-rule lines. Privileged: everything.
std::vector<runtime::DeviceRule> device_rules(const nlohmann::json& host_config, const runtime::RuntimeSpec& spec);

// Docker's default environment additions: PATH when the image has none,
// HOSTNAME, TERM=xterm with a tty, HOME from the user's passwd entry.
std::vector<std::string> container_env(const nlohmann::json& config, const std::string& hostname, bool tty,
                                       const std::string& home);

} // namespace berth::containers
