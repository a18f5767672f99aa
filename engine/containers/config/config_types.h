#pragma once
// The typed create request: Docker's container Config and HostConfig after
// validation, with the fields the runtime acts on. What `docker inspect` shows
// is JSON built from the request (inspect_host_config.h, image_merge.h).

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::containers::config {

// Config.Healthcheck. Test: [] inherit the image's, ["NONE"] disabled,
// ["CMD", args...] or ["CMD-SHELL", command]. Durations in nanoseconds, 0 = inherit/default.
struct Healthcheck {
    std::vector<std::string> test;
    int64_t interval = 0;
    int64_t timeout = 0;
    int64_t start_period = 0;
    int64_t start_interval = 0;
    int64_t retries = 0;
};

// Docker's container Config as the client sent it (before the image merge).
struct ContainerConfig {
    std::string image;
    std::string hostname;
    std::string domainname;
    std::string user;
    bool attach_stdin = false;
    bool attach_stdout = false;
    bool attach_stderr = false;
    bool tty = false;
    bool open_stdin = false;
    bool stdin_once = false;
    std::vector<std::string> env; // "KEY=value", or "KEY" (unset)
    // null and [] differ: Entrypoint [] or [""] resets the image's entrypoint.
    std::optional<std::vector<std::string>> cmd;
    std::optional<std::vector<std::string>> entrypoint;
    std::optional<Healthcheck> healthcheck;
    std::string working_dir; // absolute and cleaned, or ""
    std::map<std::string, std::string> labels;
    std::vector<std::string> exposed_ports; // "80/tcp"
    std::vector<std::string> volumes;       // anonymous volume paths
    std::string stop_signal;                // as given ("SIGINT"); validated
    std::optional<int64_t> stop_timeout;    // seconds
    std::optional<std::vector<std::string>> shell;
    std::optional<std::vector<std::string>> on_build;
    std::string mac_address; // deprecated container-wide MacAddress (API < 1.44)
    bool network_disabled = false;
    bool args_escaped = false;
};

struct RestartPolicy {
    std::string name = "no"; // no, always, unless-stopped, on-failure
    int64_t maximum_retry_count = 0;
};

struct LogConfig {
    std::string type; // "json-file", "local", "none", ...
    std::map<std::string, std::string> config;
};

struct Ulimit {
    std::string name; // "nofile", "nproc", ...
    int64_t soft = 0;
    int64_t hard = 0;
};

struct DeviceMapping {
    std::string path_on_host;
    std::string path_in_container;
    std::string cgroup_permissions; // subset of "rwm"
};

struct ThrottleDevice {
    std::string path;
    uint64_t rate = 0;
};

struct WeightDevice {
    std::string path;
    uint16_t weight = 0;
};

// HostConfig's resource fields (Docker's container.Resources).
struct Resources {
    int64_t memory = 0;                    // bytes, 0 unlimited
    int64_t memory_swap = 0;               // memory+swap; -1 unlimited; Docker's default 2*memory
    int64_t memory_reservation = 0;
    std::optional<int64_t> memory_swappiness; // 0..100; none: the kernel's
    int64_t nano_cpus = 0;
    int64_t cpu_shares = 0;
    int64_t cpu_period = 0;
    int64_t cpu_quota = 0;
    int64_t cpu_realtime_period = 0;
    int64_t cpu_realtime_runtime = 0;
    std::string cpuset_cpus;
    std::string cpuset_mems;
    std::optional<int64_t> pids_limit; // none: unlimited (0 and negatives mean that too)
    uint16_t blkio_weight = 0;
    std::vector<WeightDevice> blkio_weight_device;
    std::vector<ThrottleDevice> blkio_device_read_bps;
    std::vector<ThrottleDevice> blkio_device_write_bps;
    std::vector<ThrottleDevice> blkio_device_read_iops;
    std::vector<ThrottleDevice> blkio_device_write_iops;
    std::vector<DeviceMapping> devices;
    std::vector<std::string> device_cgroup_rules; // "c 1:3 mr"
    std::optional<bool> oom_kill_disable;
    std::vector<Ulimit> ulimits;
    std::string cgroup_parent;
};

enum class MountType { Bind, Tmpfs, Volume };

// One mount from Binds, Mounts or Tmpfs, in that order.
struct MountRequest {
    MountType type = MountType::Bind;
    std::string source; // absolute host path (binds)
    std::string target; // absolute path in the container
    bool read_only = false;
    std::string propagation;   // "", "rprivate", "shared", ... ("" = Docker's default rprivate)
    std::string selinux_label; // "z" or "Z": accepted, no effect without SELinux
    bool non_recursive = false;
    bool create_mountpoint = false;           // BindOptions.CreateMountpoint: no "does not exist" error
    std::vector<std::string> tmpfs_options;   // mount(8) options for tmpfs ("noexec", "size=65536k", "mode=1777")
    std::string origin;                       // "Binds", "Mounts" or "Tmpfs"
    // Volumes (source is the volume's name, "" for an anonymous one):
    bool nocopy = false; // -v name:/ctr:nocopy, volume-nocopy: the image's files are not copied in
    std::string volume_driver;                                // "" = local
    std::map<std::string, std::string> volume_options;        // volume-opt
    std::optional<std::map<std::string, std::string>> volume_labels;
};

// One HostConfig.VolumesFrom entry: "container[:ro|rw]".
struct VolumesFrom {
    std::string container;
    std::string mode; // "", "ro" or "rw"
};

// HostConfig.SecurityOpt, parsed as Docker's parseSecurityOpt.
struct SecurityOptions {
    bool no_new_privileges = false;
    bool seccomp_unconfined = false;
    std::string seccomp_profile; // a JSON profile given inline; "" = the daemon's default
    std::string apparmor_profile; // recorded, not applied: this host runs no AppArmor policy of ours
    std::vector<std::string> label_options; // recorded, not applied: no SELinux
};

struct HostConfig {
    Resources resources;
    std::vector<MountRequest> mounts;
    std::vector<VolumesFrom> volumes_from;
    std::string network_mode = "bridge"; // "bridge", "none", "host" or "container:<name|id>"
    std::string ipc_mode;                // "private", "shareable", "none", "host", "container:<name|id>"
    std::string pid_mode;                // "", "host", "container:<name|id>"
    std::string uts_mode;                // "", "host"
    std::string cgroupns_mode;           // "private" or "host"
    std::string userns_mode;
    RestartPolicy restart_policy;
    bool auto_remove = false;
    LogConfig log_config;
    std::vector<std::string> cap_add;  // normalized: "CAP_NET_ADMIN", "ALL"
    std::vector<std::string> cap_drop;
    bool privileged = false;
    bool readonly_rootfs = false;
    bool publish_all_ports = false;
    SecurityOptions security;
    std::optional<bool> init;
    int64_t shm_size = 0; // bytes; Docker's default 64 MiB
    std::vector<std::string> dns;
    std::vector<std::string> dns_search;
    std::vector<std::string> dns_options;
    std::vector<std::string> extra_hosts; // "name:ip" or "name:host-gateway"
    std::vector<std::string> group_add;
    std::map<std::string, std::string> sysctls;
    int64_t oom_score_adj = 0;
    std::array<uint64_t, 2> console_size{0, 0}; // height, width
    std::string runtime;
    std::optional<std::vector<std::string>> masked_paths;   // none: Docker's defaults
    std::optional<std::vector<std::string>> readonly_paths; // none: Docker's defaults
};

} // namespace berth::containers::config
