#include "containers/config/create_request.h"

#include <gtest/gtest.h>

namespace berth::containers::config {
namespace {

using nlohmann::json;

CreateContext context_with(int cpus = 4) {
    CreateContext context;
    context.host.cpus = cpus;
    context.host.cpuset_cpus = "0-3";
    context.host.cpuset_mems = "0";
    context.host.cgroup_v2 = true;
    return context;
}

// A body with `host` as HostConfig and `extra` merged into the Config part.
json body(json host = json::object(), json extra = json::object()) {
    json b = {{"Image", "busybox"}, {"Cmd", {"true"}}, {"HostConfig", host}};
    b.update(extra);
    return b;
}

struct ErrorCase {
    const char* name;
    json request;
    int status;
    std::string message;
};

class Refused : public testing::TestWithParam<ErrorCase> {};

TEST_P(Refused, WithDockersWordsAndStatus) {
    const auto& c = GetParam();
    auto request = parse_create_request(c.request, context_with());
    ASSERT_FALSE(request) << c.name;
    EXPECT_EQ(request.error().message(), c.message) << c.name;
    EXPECT_EQ(request.error().http_status(), c.status) << c.name;
}

const ErrorCase kErrors[] = {
    // Shape of the body.
    {"null body", json(nullptr), 400, "config cannot be empty in order to create a container"},
    {"no config field", json{{"HostConfig", json::object()}}, 400,
     "config cannot be empty in order to create a container"},
    {"array body", json::array(), 400,
     "invalid JSON: json: cannot unmarshal array into Go value of type container.CreateRequest"},
    {"memory as string", body({{"Memory", "x"}}), 400,
     "invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.Memory of type int64"},
    {"memory as float", body({{"Memory", 1.5}}), 400,
     "invalid JSON: json: cannot unmarshal number 1.5 into Go struct field HostConfig.Memory of type int64"},
    {"tty as string", body({}, {{"Tty", "yes"}}), 400,
     "invalid JSON: json: cannot unmarshal string into Go struct field Config.Tty of type bool"},
    {"env as object", body({}, {{"Env", json::object()}}), 400,
     "invalid JSON: json: cannot unmarshal object into Go struct field Config.Env of type []string"},
    {"env item number", body({}, {{"Env", {1}}}), 400,
     "invalid JSON: json: cannot unmarshal number 1 into Go struct field Config.Env of type string"},
    {"host config array", json{{"Image", "busybox"}, {"HostConfig", json::array()}}, 400,
     "invalid JSON: json: cannot unmarshal array into Go struct field HostConfig of type container.HostConfig"},
    {"blkio weight overflow", body({{"BlkioWeight", 70000}}), 400,
     "invalid JSON: json: cannot unmarshal number 70000 into Go struct field HostConfig.BlkioWeight of type uint16"},
    {"restart policy string", body({{"RestartPolicy", "always"}}), 400,
     "invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.RestartPolicy of type "
     "container.RestartPolicy"},
    // Config.
    {"relative workdir", body({}, {{"WorkingDir", "app"}}), 400,
     "the working directory 'app' is invalid, it needs to be an absolute path"},
    {"bad stop signal", body({}, {{"StopSignal", "SIGFOO"}}), 400, "Invalid signal: SIGFOO"},
    {"empty env key", body({}, {{"Env", {"=foo"}}}), 400, "invalid environment variable: =foo"},
    {"health interval", body({}, {{"Healthcheck", {{"Interval", 500000}}}}), 400,
     "Interval in Healthcheck cannot be less than 1ms"},
    {"health timeout", body({}, {{"Healthcheck", {{"Timeout", -1}}}}), 400,
     "Timeout in Healthcheck cannot be less than 1ms"},
    {"health retries", body({}, {{"Healthcheck", {{"Retries", -10}}}}), 400, "Retries in Healthcheck cannot be negative"},
    {"health start period", body({}, {{"Healthcheck", {{"StartPeriod", 10}}}}), 400,
     "StartPeriod in Healthcheck cannot be less than 1ms"},
    {"health start interval", body({}, {{"Healthcheck", {{"StartInterval", 10}}}}), 400,
     "StartInterval in Healthcheck cannot be less than 1ms"},
    // Memory.
    {"memory too small", body({{"Memory", 1024}}), 400, "Minimum memory limit allowed is 6MB"},
    {"swap below memory", body({{"Memory", 67108864}, {"MemorySwap", 33554432}}), 400,
     "Minimum memoryswap limit should be larger than memory limit, see usage"},
    {"swap without memory", body({{"MemorySwap", 67108864}}), 400,
     "You should always set the Memory limit when using Memoryswap limit, see usage"},
    {"swappiness", body({{"MemorySwappiness", 101}}), 400, "Invalid value: 101, valid memory swappiness range is 0-100"},
    {"reservation too small", body({{"MemoryReservation", 1024}}), 400, "Minimum memory reservation allowed is 6MB"},
    {"reservation above memory", body({{"Memory", 67108864}, {"MemoryReservation", 134217728}}), 400,
     "Minimum memory limit can not be less than memory reservation limit, see usage"},
    // CPU.
    {"nano and period", body({{"NanoCpus", 500000000}, {"CpuPeriod", 100000}}), 400,
     "Conflicting options: Nano CPUs and CPU Period cannot both be set"},
    {"nano and quota", body({{"NanoCpus", 500000000}, {"CpuQuota", 50000}}), 400,
     "Conflicting options: Nano CPUs and CPU Quota cannot both be set"},
    {"too many cpus", body({{"NanoCpus", 5000000000}}), 400,
     "Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available"},
    {"negative cpus", body({{"NanoCpus", -1}}), 400,
     "Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available"},
    {"cpu period", body({{"CpuPeriod", 999}}), 400,
     "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)"},
    {"cpu quota", body({{"CpuQuota", 999}}), 400, "CPU cfs quota can not be less than 1ms (i.e. 1000)"},
    {"cpuset syntax", body({{"CpusetCpus", "1-a"}}), 400, "Invalid value 1-a for cpuset cpus: invalid format: 1-a"},
    {"cpuset unavailable", body({{"CpusetCpus", "0,7"}}), 400,
     "Requested CPUs are not available - requested 0,7, available: 0-3"},
    {"mems unavailable", body({{"CpusetMems", "1"}}), 400,
     "Requested memory nodes are not available - requested 1, available: 0"},
    {"realtime on v2", body({{"CpuRealtimeRuntime", 950000}}), 400, "Your kernel does not support CPU real-time scheduler"},
    {"io bandwidth", body({{"IOMaximumBandwidth", 10}}), 400,
     "Invalid QoS settings: linux does not support configuration of maximum bandwidth"},
    // Block I/O, devices, ulimits.
    {"blkio weight", body({{"BlkioWeight", 5}}), 400, "Range of blkio weight is from 10 to 1000"},
    {"throttle path", body({{"BlkioDeviceReadBps", {{{"Path", "sda"}, {"Rate", 1}}}}}), 400,
     "invalid device path for BlkioDeviceReadBps: \"sda\""},
    {"ulimit name", body({{"Ulimits", {{{"Name", "files"}, {"Soft", 1}, {"Hard", 2}}}}}), 400,
     "invalid ulimit type: files"},
    {"ulimit soft above hard", body({{"Ulimits", {{{"Name", "nofile"}, {"Soft", 2048}, {"Hard", 1024}}}}}), 400,
     "ulimit soft limit must be less than or equal to hard limit: 2048 > 1024"},
    {"device permissions", body({{"Devices", {{{"PathOnHost", "/dev/fuse"}, {"CgroupPermissions", "rwx"}}}}}), 400,
     "invalid device mode: rwx"},
    {"device relative", body({{"Devices", {{{"PathOnHost", "/dev/fuse"}, {"PathInContainer", "fuse"}}}}}), 400,
     "fuse is not an absolute path"},
    {"device cgroup rule", body({{"DeviceCgroupRules", {"c 1:3"}}}), 400, "invalid device cgroup rule format: 'c 1:3'"},
    {"gpus", body({{"DeviceRequests", {{{"Count", -1}}}}}), 501, "device requests (--gpus) are not supported"},
    // Capabilities, security options.
    {"unknown cap", body({{"CapAdd", {"FOO"}}}), 400, "invalid CapAdd: unknown capability: \"CAP_FOO\""},
    {"unknown cap drop", body({{"CapDrop", {"cap_bar"}}}), 400, "invalid CapDrop: unknown capability: \"CAP_BAR\""},
    {"security opt no separator", body({{"SecurityOpt", {"seccomp"}}}), 400, "invalid --security-opt 1: \"seccomp\""},
    {"security opt unknown", body({{"SecurityOpt", {"foo=bar"}}}), 400, "invalid --security-opt 2: \"foo=bar\""},
    {"security opt bad bool", body({{"SecurityOpt", {"no-new-privileges=maybe"}}}), 400,
     "invalid --security-opt 2: \"no-new-privileges=maybe\""},
    {"seccomp not json", body({{"SecurityOpt", {"seccomp={oops"}}}), 400,
     "Decoding seccomp profile failed: invalid JSON"},
    // Restart policy.
    {"autoremove and restart", body({{"AutoRemove", true}, {"RestartPolicy", {{"Name", "always"}}}}), 400,
     "can't create 'AutoRemove' container with restart policy"},
    {"restart unknown", body({{"RestartPolicy", {{"Name", "sometimes"}}}}), 400,
     "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"},
    {"restart negative", body({{"RestartPolicy", {{"Name", "on-failure"}, {"MaximumRetryCount", -1}}}}), 400,
     "invalid restart policy: maximum retry count cannot be negative"},
    {"restart count on always", body({{"RestartPolicy", {{"Name", "always"}, {"MaximumRetryCount", 3}}}}), 400,
     "invalid restart policy: maximum retry count can only be used with 'on-failure'"},
    {"restart negative on no", body({{"RestartPolicy", {{"Name", "no"}, {"MaximumRetryCount", -3}}}}), 400,
     "invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative"},
    // Namespaces and network.
    {"container mode without name", body({{"NetworkMode", "container:"}}), 400,
     "Invalid network mode: invalid container format container:<name|id>"},
    {"container mode and hostname", body({{"NetworkMode", "container:web"}}, {{"Hostname", "h"}}), 400,
     "conflicting options: hostname and the network mode"},
    {"container mode and dns", body({{"NetworkMode", "container:web"}, {"Dns", {"1.1.1.1"}}}), 400,
     "conflicting options: dns and the network mode"},
    {"container mode and extra hosts", body({{"NetworkMode", "container:web"}, {"ExtraHosts", {"a:1.2.3.4"}}}), 400,
     "conflicting options: custom host-to-IP mapping and the network mode"},
    {"container mode and expose", body({{"NetworkMode", "container:web"}}, {{"ExposedPorts", {{"80/tcp", json::object()}}}}),
     400, "conflicting options: port exposing and the container type network mode"},
    {"host mode and mac", body({{"NetworkMode", "host"}}, {{"MacAddress", "02:42:ac:11:00:02"}}), 400,
     "conflicting options: mac-address and the network mode"},
    {"uts host and hostname", body({{"UTSMode", "host"}}, {{"Hostname", "h"}}), 400,
     "conflicting options: hostname and the UTS mode"},
    {"ipc mode", body({{"IpcMode", "shared"}}), 400, "invalid IPC mode: shared"},
    {"pid mode", body({{"PidMode", "private"}}), 400, "invalid PID mode: private"},
    {"uts mode", body({{"UTSMode", "private"}}), 400, "invalid UTS mode: private"},
    {"cgroupns mode", body({{"CgroupnsMode", "shared"}}), 400, "invalid cgroup namespace mode: shared"},
    {"shm size", body({{"ShmSize", -1}}), 400, "SHM size can not be less than 0"},
    {"oom score adj", body({{"OomScoreAdj", 1001}}), 400, "Invalid value 1001, range for oom score adj is [-1000, 1000]"},
    {"isolation", body({{"Isolation", "hyperv"}}), 400, "invalid isolation 'hyperv' on linux"},
    {"runtime", body({{"Runtime", "kata"}}), 400, "unknown or invalid runtime name: kata"},
    {"extra host format", body({{"ExtraHosts", {"nocolon"}}}), 400, "bad format for add-host: \"nocolon\""},
    {"extra host ip", body({{"ExtraHosts", {"db:999.1.1.1"}}}), 400, "invalid IP address in add-host: \"999.1.1.1\""},
    {"sysctl host network", body({{"NetworkMode", "host"}, {"Sysctls", {{"net.ipv4.ip_forward", "1"}}}}), 400,
     "sysctl \"net.ipv4.ip_forward\" not allowed in host network namespace"},
    {"sysctl host ipc", body({{"IpcMode", "host"}, {"Sysctls", {{"kernel.shmmax", "1"}}}}), 400,
     "sysctl \"kernel.shmmax\" is not allowed in the hosts ipc namespace"},
    {"sysctl not namespaced", body({{"Sysctls", {{"vm.swappiness", "1"}}}}), 400,
     "sysctl \"vm.swappiness\" is not in a separate kernel namespace"},
    {"sysctl hostname", body({{"Sysctls", {{"kernel.hostname", "x"}}}}), 400,
     "sysctl \"kernel.hostname\" is not allowed as it conflicts with the OCI \"hostname\" field"},
    {"port spec", body({{"PortBindings", {{"http/tcp", json::array()}}}}), 400, "invalid port specification: \"http\""},
    {"links", body({{"Links", {"db:db"}}}), 501, "legacy container links (--link) are not supported"},
    {"static ip on bridge",
     body({}, {{"NetworkingConfig", {{"EndpointsConfig", {{"bridge", {{"IPAMConfig", {{"IPv4Address", "172.17.0.9"}}}}}}}}}}),
     400, "invalid config for network bridge: user specified IP address is supported on user defined networks only"},
    {"alias on bridge", body({}, {{"NetworkingConfig", {{"EndpointsConfig", {{"default", {{"Aliases", {"db"}}}}}}}}}),
     400, "invalid config for network bridge: network-scoped alias is supported only for containers in user defined "
          "networks"},
    {"second network with host", body({{"NetworkMode", "host"}}, {{"NetworkingConfig", {{"EndpointsConfig", {{"mynet", json::object()}}}}}}),
     400, "container sharing network namespace with another container or host cannot be connected to any other network"},
    {"second network with none", body({{"NetworkMode", "none"}}, {{"NetworkingConfig", {{"EndpointsConfig", {{"mynet", json::object()}}}}}}),
     400, "container cannot be connected to multiple networks with one of the networks in private (none) mode"},
    {"bad mac on a user network",
     body({{"NetworkMode", "mynet"}}, {{"NetworkingConfig", {{"EndpointsConfig", {{"mynet", {{"MacAddress", "02:42:zz:11:00:02"}}}}}}}}),
     400, "invalid config for network mynet: invalid MAC address 02:42:zz:11:00:02"},
    {"bad link-local ip",
     body({{"NetworkMode", "mynet"}},
          {{"NetworkingConfig", {{"EndpointsConfig", {{"mynet", {{"IPAMConfig", {{"LinkLocalIPs", {"169.254.1.300"}}}}}}}}}}}),
     400, "invalid config for network mynet: invalid link-local IP address: 169.254.1.300"},
    // Mounts.
    {"bind relative target", body({{"Binds", {"/src:dst"}}}), 400,
     "invalid volume specification: '/src:dst': invalid mount config for type \"bind\": invalid mount path: 'dst' mount "
     "path must be absolute"},
    {"bind root target", body({{"Binds", {"/src:/"}}}), 400,
     "invalid volume specification: '/src:/': invalid mount config for type \"bind\": invalid specification: "
     "destination can't be '/'"},
    {"bind bad mode", body({{"Binds", {"/src:/dst:rx"}}}), 400, "invalid mode: rx"},
    {"bind two rw modes", body({{"Binds", {"/src:/dst:ro,rw"}}}), 400, "invalid mode: ro,rw"},
    {"bind too many parts", body({{"Binds", {"/a:/b:ro:x"}}}), 400, "invalid volume specification: '/a:/b:ro:x'"},
    {"bind destination with mode", body({{"Binds", {"/data:ro"}}}), 400, "invalid volume specification: '/data:ro'"},
    {"bind empty", body({{"Binds", {":/dst"}}}), 400, "invalid volume specification: ':/dst'"},
    {"bind nocopy", body({{"Binds", {"/a:/b:nocopy"}}}), 400,
     "invalid volume specification: '/a:/b:nocopy': invalid mount config for type \"bind\": field VolumeOptions must "
     "not be specified"},
    {"volume relative target", body({{"Binds", {"data:data"}}}), 400,
     "invalid volume specification: 'data:data': invalid mount config for type \"volume\": invalid mount path: 'data' "
     "mount path must be absolute"},
    {"volume with propagation", body({{"Binds", {"data:/data:rshared"}}}), 400,
     "invalid volume specification: 'data:/data:rshared': invalid mount config for type \"volume\": field "
     "BindOptions must not be specified"},
    {"mount no target", body({{"Mounts", {{{"Type", "bind"}, {"Source", "/a"}}}}}), 400,
     "invalid mount config for type \"bind\": field Target must not be empty"},
    {"mount no source", body({{"Mounts", {{{"Type", "bind"}, {"Target", "/a"}}}}}), 400,
     "invalid mount config for type \"bind\": field Source must not be empty"},
    {"mount relative source", body({{"Mounts", {{{"Type", "bind"}, {"Source", "a"}, {"Target", "/a"}}}}}), 400,
     "invalid mount config for type \"bind\": invalid mount path: 'a' mount path must be absolute"},
    {"mount propagation", body({{"Mounts", {{{"Type", "bind"}, {"Source", "/a"}, {"Target", "/a"},
                                             {"BindOptions", {{"Propagation", "everywhere"}}}}}}}),
     400, "invalid mount config for type \"bind\": invalid propagation mode: everywhere"},
    {"tmpfs with source", body({{"Mounts", {{{"Type", "tmpfs"}, {"Source", "/a"}, {"Target", "/a"}}}}}), 400,
     "invalid mount config for type \"tmpfs\": field Source must not be specified"},
    {"tmpfs options on bind", body({{"Mounts", {{{"Type", "bind"}, {"Source", "/a"}, {"Target", "/a"},
                                                  {"TmpfsOptions", {{"SizeBytes", 1}}}}}}}),
     400, "TmpfsOptions must not be specified on mount type \"bind\""},
    {"mount type unknown", body({{"Mounts", {{{"Type", "npipe"}, {"Source", "/a"}, {"Target", "/a"}}}}}), 400,
     "invalid mount config for type \"npipe\": mount type unknown"},
    {"volume mount with bind options", body({{"Mounts", {{{"Type", "volume"}, {"Source", "data"}, {"Target", "/data"},
                                                          {"BindOptions", {{"Propagation", "shared"}}}}}}}),
     400, "BindOptions must not be specified on mount type \"volume\""},
    {"volume options on bind", body({{"Mounts", {{{"Type", "bind"}, {"Source", "/a"}, {"Target", "/a"},
                                                   {"VolumeOptions", {{"NoCopy", true}}}}}}}),
     400, "VolumeOptions must not be specified on mount type \"bind\""},
    {"volume and bind on one target", body({{"Binds", {"data:/data"}}, {"Mounts", {{{"Type", "bind"}, {"Source", "/a"},
                                                                                    {"Target", "/data"}}}}}),
     400, "Duplicate mount point: /data"},
    {"duplicate mount point", body({{"Binds", {"/a:/data"}}, {"Tmpfs", {{"/data", ""}}}}), 400,
     "Duplicate mount point: /data"},
    {"tmpfs relative", body({{"Tmpfs", {{"run", ""}}}}), 400, "invalid mount path: 'run' mount path must be absolute"},
    {"tmpfs bad option", body({{"Tmpfs", {{"/run", "size=1m,bogus"}}}}), 400, "invalid tmpfs option [\"bogus\"]"},
    {"volumes from bad mode", body({{"VolumesFrom", {"other:rx"}}}), 400, "invalid mode: rx"},
    {"storage opt", body({{"StorageOpt", {{"size", "1G"}}}}), 400,
     "--storage-opt is supported only for overlay over xfs with 'pquota' mount option"},
};

INSTANTIATE_TEST_SUITE_P(Docker, Refused, testing::ValuesIn(kErrors), [](const auto& param_info) {
    std::string name = param_info.param.name;
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
});

TEST(CreateRequest, TypedFields) {
    json request = {
        {"Image", "busybox"},
        {"Cmd", "sh"}, // a StrSlice may be a single string
        {"Entrypoint", json::array()},
        {"Env", {"A=1", "B"}},
        {"User", "app:staff"},
        {"WorkingDir", "/srv//app/../www/"},
        {"Tty", true},
        {"OpenStdin", true},
        {"StopSignal", "SIGINT"},
        {"StopTimeout", 5},
        {"Labels", {{"k", "v"}}},
        {"Healthcheck", {{"Test", {"CMD-SHELL", "true"}}, {"Interval", 1000000000}, {"Retries", 3}}},
        {"HostConfig",
         {{"Memory", 67108864},
          {"NanoCpus", 500000000},
          {"CapAdd", {"net_admin", "all"}},
          {"CapDrop", {"CAP_CHOWN"}},
          {"SecurityOpt", {"no-new-privileges", "seccomp=unconfined", "apparmor=unconfined", "label=disable"}},
          {"Binds", {"/host/data:/data:ro,Z", "/host/cache:/cache"}},
          {"Mounts", {{{"Type", "tmpfs"}, {"Target", "/scratch"}, {"TmpfsOptions", {{"SizeBytes", 67108864}, {"Mode", 0700}}}}}},
          {"Tmpfs", {{"/run", "size=65536k,exec"}}},
          {"Ulimits", {{{"Name", "nofile"}, {"Soft", 1024}, {"Hard", -1}}}},
          {"Devices", {{{"PathOnHost", "/dev/fuse"}, {"PathInContainer", ""}, {"CgroupPermissions", ""}}}},
          {"PidsLimit", 100},
          {"Init", true},
          {"GroupAdd", {"audio"}},
          {"Sysctls", {{"net.ipv4.ip_forward", "1"}, {"kernel.shmmax", "1"}}},
          {"ExtraHosts", {"db:10.0.0.2", "gw:host-gateway", "v6:[::1]"}},
          {"RestartPolicy", {{"Name", "on-failure"}, {"MaximumRetryCount", 3}}},
          {"LogConfig", {{"Type", "local"}, {"Config", {{"max-size", "10m"}}}}}}},
    };
    auto parsed = parse_create_request(request, context_with());
    ASSERT_TRUE(parsed) << parsed.error().message();
    const auto& config = parsed->config;
    EXPECT_EQ(config.cmd, std::optional<std::vector<std::string>>(std::vector<std::string>{"sh"}));
    ASSERT_TRUE(config.entrypoint);
    EXPECT_TRUE(config.entrypoint->empty());
    EXPECT_EQ(config.working_dir, "/srv/www");
    EXPECT_EQ(config.stop_timeout, 5);
    ASSERT_TRUE(config.healthcheck);
    EXPECT_EQ(config.healthcheck->retries, 3);

    const auto& host = parsed->host_config;
    EXPECT_EQ(host.resources.memory, 67108864);
    EXPECT_EQ(host.resources.memory_swap, 2 * 67108864); // Docker's default: twice the memory
    EXPECT_EQ(host.cap_add, (std::vector<std::string>{"CAP_NET_ADMIN", "ALL"}));
    EXPECT_EQ(host.cap_drop, (std::vector<std::string>{"CAP_CHOWN"}));
    EXPECT_TRUE(host.security.no_new_privileges);
    EXPECT_TRUE(host.security.seccomp_unconfined);
    EXPECT_EQ(host.security.apparmor_profile, "unconfined");
    ASSERT_EQ(host.mounts.size(), 4u);
    EXPECT_EQ(host.mounts[0].source, "/host/data");
    EXPECT_TRUE(host.mounts[0].read_only);
    EXPECT_EQ(host.mounts[0].selinux_label, "Z");
    EXPECT_FALSE(host.mounts[1].read_only);
    EXPECT_EQ(host.mounts[2].origin, "Mounts");
    EXPECT_EQ(host.mounts[2].tmpfs_options,
              (std::vector<std::string>{"noexec", "nosuid", "nodev", "rprivate", "size=64m", "mode=700"}));
    EXPECT_EQ(host.mounts[3].target, "/run");
    EXPECT_EQ(host.mounts[3].tmpfs_options,
              (std::vector<std::string>{"nosuid", "nodev", "rprivate", "size=65536k", "exec"}));
    ASSERT_EQ(host.resources.ulimits.size(), 1u);
    EXPECT_EQ(host.resources.ulimits[0].hard, -1);
    ASSERT_EQ(host.resources.devices.size(), 1u);
    EXPECT_EQ(host.resources.devices[0].path_in_container, "/dev/fuse");
    EXPECT_EQ(host.resources.devices[0].cgroup_permissions, "rwm");
    EXPECT_EQ(host.resources.pids_limit, 100);
    EXPECT_EQ(host.init, true);
    EXPECT_EQ(host.restart_policy.name, "on-failure");
    EXPECT_EQ(host.restart_policy.maximum_retry_count, 3);
    EXPECT_EQ(host.log_config.type, "local");
    EXPECT_EQ(host.network_mode, "bridge");
    EXPECT_EQ(host.ipc_mode, "private");
    EXPECT_EQ(host.cgroupns_mode, "private");
    EXPECT_EQ(host.shm_size, 67108864);
}

TEST(CreateRequest, KeysMatchCaseInsensitivelyLikeGo) {
    auto parsed = parse_create_request({{"image", "busybox"}, {"hostconfig", {{"memory", 67108864}}}}, context_with());
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->config.image, "busybox");
    EXPECT_EQ(parsed->host_config.resources.memory, 67108864);
}

TEST(CreateRequest, SwapMinusOneIsUnlimitedAndPidsLimitZeroIsNone) {
    auto parsed = parse_create_request(body({{"Memory", 67108864}, {"MemorySwap", -1}, {"PidsLimit", -1}}), context_with());
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->host_config.resources.memory_swap, -1);
    EXPECT_FALSE(parsed->host_config.resources.pids_limit);
    EXPECT_TRUE(parsed->inspect_host_config["PidsLimit"].is_null());
}

TEST(CreateRequest, CpuSharesAreClamped) {
    auto low = parse_create_request(body({{"CpuShares", -5}}), context_with());
    ASSERT_TRUE(low);
    EXPECT_EQ(low->host_config.resources.cpu_shares, 2);
    auto high = parse_create_request(body({{"CpuShares", 1000000}}), context_with());
    ASSERT_TRUE(high);
    EXPECT_EQ(high->inspect_host_config["CpuShares"], 262144);
}

TEST(CreateRequest, OomKillDisableOnCgroupV2IsDroppedWithAWarning) {
    auto parsed = parse_create_request(body({{"OomKillDisable", true}, {"Memory", 67108864}}), context_with());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->inspect_host_config["OomKillDisable"], false);
    ASSERT_EQ(parsed->warnings.size(), 1u);
    EXPECT_EQ(parsed->warnings[0], "Your kernel does not support OomKillDisable. OomKillDisable discarded.");
}

TEST(CreateRequest, PublishedPortsOnTheHostNetworkAreKeptWithDockersWarning) {
    json bindings = {{"80/tcp", {{{"HostIp", ""}, {"HostPort", "8080"}}}}};
    auto parsed = parse_create_request(body({{"NetworkMode", "host"}, {"PortBindings", bindings}}), context_with());
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->inspect_host_config["PortBindings"], bindings);
    ASSERT_EQ(parsed->warnings.size(), 1u);
    EXPECT_EQ(parsed->warnings[0], "Published ports are discarded when using host network mode");
}

TEST(CreateRequest, BindSourcesOfMountsMustExist) {
    auto context = context_with();
    context.host.path_exists = [](const std::string& path) { return path == "/exists"; };
    json missing = body({{"Mounts", {{{"Type", "bind"}, {"Source", "/missing"}, {"Target", "/m"}}}}});
    auto refused = parse_create_request(missing, context);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(),
              "invalid mount config for type \"bind\": bind source path does not exist: /missing");
    json created = body({{"Mounts", {{{"Type", "bind"}, {"Source", "/missing"}, {"Target", "/m"},
                                      {"BindOptions", {{"CreateMountpoint", true}}}}}}});
    EXPECT_TRUE(parse_create_request(created, context));
    // Binds are made when missing, as Docker does.
    EXPECT_TRUE(parse_create_request(body({{"Binds", {"/missing:/m"}}}), context));
}

TEST(CreateRequest, ApiVersionAdjustments) {
    auto context = context_with();
    context.api_version = {1, 39};
    auto old = parse_create_request(
        body({{"AutoRemove", true}, {"ConsoleSize", {24, 80}}},
             {{"Healthcheck", {{"Test", {"CMD", "true"}}, {"StartInterval", 5000000000}}}}),
        context);
    ASSERT_TRUE(old) << old.error().message();
    EXPECT_EQ(old->host_config.ipc_mode, "shareable"); // API < 1.40 expected shareable
    EXPECT_EQ(old->inspect_host_config["ConsoleSize"], json({0, 0}));
    EXPECT_EQ(old->config.healthcheck->start_interval, 0);

    context.api_version = {1, 24};
    auto ancient = parse_create_request(body({{"AutoRemove", true}}), context);
    ASSERT_TRUE(ancient);
    EXPECT_FALSE(ancient->host_config.auto_remove); // the client removed the container itself

    context.api_version = {1, 43};
    auto two_networks = parse_create_request(
        body({}, {{"NetworkingConfig", {{"EndpointsConfig", {{"bridge", json::object()}, {"host", json::object()}}}}}}),
        context);
    ASSERT_FALSE(two_networks);
    EXPECT_EQ(two_networks.error().message(), "Container cannot be created with multiple network endpoints: bridge, host");

    context.api_version = {1, 40};
    context.host.cgroup_v2 = false;
    auto v1 = parse_create_request(body(), context);
    ASSERT_TRUE(v1);
    EXPECT_EQ(v1->host_config.cgroupns_mode, "host");
}

TEST(CreateRequest, ContainerWideMacAddressMovesToTheEndpoint) {
    auto parsed = parse_create_request(body({}, {{"MacAddress", "02:42:ac:11:00:02"}}), context_with());
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->endpoints_config["bridge"]["MacAddress"], "02:42:ac:11:00:02");
    EXPECT_TRUE(parsed->config.mac_address.empty());
    ASSERT_EQ(parsed->warnings.size(), 1u);

    auto mismatch = parse_create_request(
        body({}, {{"MacAddress", "02:42:ac:11:00:02"},
                  {"NetworkingConfig", {{"EndpointsConfig", {{"bridge", {{"MacAddress", "02:42:ac:11:00:03"}}}}}}}}),
        context_with());
    ASSERT_FALSE(mismatch);
    EXPECT_EQ(mismatch.error().message(), "the container-wide MAC address must match the endpoint-specific MAC address "
                                          "for the main network, or be left empty");
}

TEST(CreateRequest, NetworkModes) {
    for (auto [sent, expected] : {std::pair{"", "bridge"}, {"default", "bridge"}, {"bridge", "bridge"},
                                  {"none", "none"}, {"host", "host"}, {"container:web", "container:web"},
                                  {"mynet", "mynet"}}) {
        auto parsed = parse_create_request(body({{"NetworkMode", sent}}), context_with());
        ASSERT_TRUE(parsed) << sent;
        EXPECT_EQ(parsed->host_config.network_mode, expected);
        EXPECT_EQ(parsed->inspect_host_config["NetworkMode"], expected);
    }
}

TEST(CreateRequest, AliasesAndStaticAddressesAreKeptForTheUserNetwork) {
    json endpoints = {{"mynet", {{"Aliases", {"db"}}, {"IPAMConfig", {{"IPv4Address", "10.9.0.5"}}}}}};
    auto parsed =
        parse_create_request(body({{"NetworkMode", "mynet"}}, {{"NetworkingConfig", {{"EndpointsConfig", endpoints}}}}),
                             context_with());
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->endpoints_config["mynet"]["Aliases"], json({"db"}));
    EXPECT_EQ(parsed->endpoints_config["mynet"]["IPAMConfig"]["IPv4Address"], "10.9.0.5");
}

} // namespace
} // namespace berth::containers::config
