// build_runtime_spec from containers as `docker run` makes them: the CLI's body
// through parse_create_request and the image merge gives Config and HostConfig
// as `docker inspect` shows them, then the RuntimeSpec the monitor would run.
// Docker's own seccomp profile (resources/seccomp-default.json) is planned.

#include "containers/runtime_spec_builder.h"

#include "base/files.h"
#include "containers/config/create_request.h"
#include "containers/config/image_merge.h"
#include "containers/config/inspect_host_config.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <sys/resource.h>

namespace berth::containers {
namespace {

using nlohmann::json;
using runtime::MountSpec;
using runtime::NamespaceKind;

constexpr const char* kId = "9d1c4f7a2b3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c";
constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const std::string kContainerDir = std::string("/var/lib/berth/containers/") + kId;

const json kBusyboxImage = json::parse(R"({
  "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
  "Cmd": ["sh"]
})");

// The HostConfig the docker CLI (28) sends when no flag touches it.
json cli_host_config() {
    return json::parse(R"({
      "Binds": null, "ContainerIDFile": "", "LogConfig": {"Type": "", "Config": {}},
      "NetworkMode": "default", "PortBindings": {}, "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
      "AutoRemove": false, "VolumeDriver": "", "VolumesFrom": null, "ConsoleSize": [0, 0],
      "CapAdd": null, "CapDrop": null, "CgroupnsMode": "", "Dns": [], "DnsOptions": [], "DnsSearch": [],
      "ExtraHosts": null, "GroupAdd": null, "IpcMode": "", "Cgroup": "", "Links": null, "OomScoreAdj": 0,
      "PidMode": "", "Privileged": false, "PublishAllPorts": false, "ReadonlyRootfs": false,
      "SecurityOpt": null, "UTSMode": "", "UsernsMode": "", "ShmSize": 0, "Isolation": "",
      "CpuShares": 0, "Memory": 0, "NanoCpus": 0, "CgroupParent": "", "BlkioWeight": 0,
      "BlkioWeightDevice": [], "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [],
      "BlkioDeviceReadIOps": [], "BlkioDeviceWriteIOps": [], "CpuPeriod": 0, "CpuQuota": 0,
      "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "",
      "Devices": [], "DeviceCgroupRules": null, "DeviceRequests": null, "MemoryReservation": 0,
      "MemorySwap": 0, "MemorySwappiness": null, "OomKillDisable": null, "PidsLimit": null,
      "Ulimits": [], "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
      "MaskedPaths": null, "ReadonlyPaths": null
    })");
}

json cli_body(const json& config, const json& host_changes) {
    json body = json::parse(R"({
      "Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": true,
      "AttachStderr": true, "Tty": false, "OpenStdin": false, "StdinOnce": false, "Env": [], "Cmd": null,
      "Image": "busybox", "Volumes": {}, "WorkingDir": "", "Entrypoint": null, "OnBuild": null, "Labels": {}
    })");
    body.update(config);
    json host = cli_host_config();
    host.update(host_changes);
    body["HostConfig"] = host;
    body["NetworkingConfig"] = {{"EndpointsConfig", json::object()}};
    return body;
}

// The container record berthd would store for `docker create` with this body.
Container create(const json& config, const json& host_changes) {
    config::CreateContext context;
    context.api_version = {1, 45};
    context.host.cpus = 8;
    context.host.cgroup_v2 = true;
    auto request = config::parse_create_request(cli_body(config, host_changes), context);
    EXPECT_TRUE(request) << request.error().message();
    if (!request) return {};
    auto merged = config::merge_image_config(request->config, kBusyboxImage,
                                             {kId, request->host_config.network_mode, "workstation"});
    EXPECT_TRUE(merged) << merged.error().message();
    if (!merged) return {};
    Container c;
    c.id = kId;
    c.name = "web";
    c.config = merged->config;
    c.host_config = request->inspect_host_config;
    c.path = merged->path;
    c.args = merged->args;
    return c;
}

std::string default_profile() { return read_file(BERTH_SOURCE_DIR "/resources/seccomp-default.json").value(); }

// What this "host" may hand out: Docker's defaults and a few more, not CAP_SYS_RESOURCE.
const runtime::CapabilitySet& available() {
    static const runtime::CapabilitySet set = [] {
        runtime::CapabilitySet caps = runtime::default_capabilities();
        caps.insert({"CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_TIME", "CAP_IPC_LOCK", "CAP_BPF"});
        return caps;
    }();
    return set;
}

SpecInputs inputs_for(const Container& c) {
    SpecInputs inputs;
    inputs.rootfs = "/var/lib/berth/overlay/9d1c/merged";
    inputs.container_dir = kContainerDir;
    inputs.hostname = c.config.value("Hostname", "");
    inputs.default_seccomp_profile = default_profile();
    inputs.available_capabilities = available();
    inputs.go_arch = "amd64";
    inputs.kernel_version = "6.12.48";
    inputs.init_path = "/usr/libexec/berth/berth-init";
    inputs.cgroup_v2 = true;
    return inputs;
}

runtime::RuntimeSpec build(const Container& c, const SpecInputs& inputs) {
    auto spec = build_runtime_spec(c, inputs);
    EXPECT_TRUE(spec) << spec.error().message();
    return spec ? *spec : runtime::RuntimeSpec{};
}

runtime::RuntimeSpec build(const Container& c) { return build(c, inputs_for(c)); }

const MountSpec* mount_at(const runtime::RuntimeSpec& spec, std::string_view destination) {
    for (const auto& m : spec.mounts)
        if (m.destination == destination) return &m;
    return nullptr;
}

std::vector<std::string> destinations(const runtime::RuntimeSpec& spec) {
    std::vector<std::string> out;
    for (const auto& m : spec.mounts) out.push_back(m.destination);
    return out;
}

bool has_option(const MountSpec* mount, std::string_view option) {
    return mount && std::ranges::find(mount->options, option) != mount->options.end();
}

bool allows(const runtime::SeccompPlan& plan, std::string_view syscall) {
    return std::ranges::any_of(plan.rules, [&](const runtime::SeccompRule& rule) {
        return rule.action == "SCMP_ACT_ALLOW" && rule.args.empty() &&
               std::ranges::find(rule.names, syscall) != rule.names.end();
    });
}

std::vector<std::pair<NamespaceKind, std::string>> namespaces(const runtime::RuntimeSpec& spec) {
    std::vector<std::pair<NamespaceKind, std::string>> out;
    for (const auto& ns : spec.namespaces) out.emplace_back(ns.kind, ns.join_path);
    return out;
}

void expect_mount(const runtime::RuntimeSpec& spec, const MountSpec& expected) {
    const MountSpec* m = mount_at(spec, expected.destination);
    ASSERT_TRUE(m) << expected.destination;
    EXPECT_EQ(m->type, expected.type) << expected.destination;
    EXPECT_EQ(m->source, expected.source) << expected.destination;
    EXPECT_EQ(m->options, expected.options) << expected.destination;
}

// `docker run busybox`
TEST(RuntimeSpecBuilder, PlainRunHasDockersDefaults) {
    Container c = create(json::object(), json::object());
    auto spec = build(c);

    EXPECT_EQ(spec.rootfs, "/var/lib/berth/overlay/9d1c/merged");
    EXPECT_FALSE(spec.readonly_rootfs);
    EXPECT_EQ(spec.hostname, "9d1c4f7a2b3e");
    EXPECT_EQ(spec.domainname, "");

    EXPECT_EQ(destinations(spec),
              (std::vector<std::string>{"/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm",
                                        "/etc/hostname", "/etc/hosts", "/etc/resolv.conf"}));
    expect_mount(spec, {"/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}});
    expect_mount(spec, {"/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}});
    expect_mount(spec, {"/dev/pts", "devpts", "devpts",
                        {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}});
    expect_mount(spec, {"/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}});
    expect_mount(spec, {"/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"}});
    expect_mount(spec, {"/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}});
    // HostConfig.ShmSize's default, 64 MiB.
    expect_mount(spec, {"/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=67108864"}});
    expect_mount(spec, {"/etc/hostname", "bind", kContainerDir + "/hostname", {"rbind", "rprivate"}});
    expect_mount(spec, {"/etc/hosts", "bind", kContainerDir + "/hosts", {"rbind", "rprivate"}});
    expect_mount(spec, {"/etc/resolv.conf", "bind", kContainerDir + "/resolv.conf", {"rbind", "rprivate"}});

    std::vector<std::string> devices;
    for (const auto& d : spec.devices) devices.push_back(std::format("{} {} {}:{}", d.path, d.type, d.major, d.minor));
    EXPECT_EQ(devices, (std::vector<std::string>{"/dev/null c 1:3", "/dev/zero c 1:5", "/dev/full c 1:7",
                                                 "/dev/random c 1:8", "/dev/urandom c 1:9", "/dev/tty c 5:0"}));
    EXPECT_EQ(spec.masked_paths, config::default_masked_paths());
    EXPECT_EQ(spec.readonly_paths, config::default_readonly_paths());
    EXPECT_TRUE(spec.sysctls.empty());

    EXPECT_EQ(namespaces(spec), (std::vector<std::pair<NamespaceKind, std::string>>{{NamespaceKind::Mount, ""},
                                                                                    {NamespaceKind::Pid, ""},
                                                                                    {NamespaceKind::Uts, ""},
                                                                                    {NamespaceKind::Ipc, ""},
                                                                                    {NamespaceKind::Network, ""},
                                                                                    {NamespaceKind::Cgroup, ""}}));

    const auto& p = spec.process;
    EXPECT_EQ(p.args, std::vector<std::string>{"sh"});
    EXPECT_EQ(p.env, (std::vector<std::string>{"HOSTNAME=9d1c4f7a2b3e", "HOME=/", std::string("PATH=") + kDefaultPath}));
    EXPECT_EQ(p.cwd, "/");
    EXPECT_EQ(p.uid, 0u);
    EXPECT_EQ(p.gid, 0u);
    EXPECT_FALSE(p.terminal);
    EXPECT_EQ(p.capabilities, runtime::default_capabilities());
    EXPECT_FALSE(p.no_new_privileges);
    EXPECT_TRUE(p.rlimits.empty());
    EXPECT_FALSE(p.oom_score_adj);
    ASSERT_TRUE(p.seccomp);
    EXPECT_EQ(p.seccomp->default_action, "SCMP_ACT_ERRNO");
    EXPECT_EQ(p.seccomp->architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
    EXPECT_TRUE(allows(*p.seccomp, "read"));
    EXPECT_FALSE(allows(*p.seccomp, "mount")) << "mount needs CAP_SYS_ADMIN";
}

// `docker run --shm-size 128m busybox`, on a cgroup v1 host.
TEST(RuntimeSpecBuilder, ShmSizeAndCgroupV1) {
    Container c = create(json::object(), {{"ShmSize", 134217728}});
    SpecInputs inputs = inputs_for(c);
    inputs.cgroup_v2 = false;
    auto spec = build(c, inputs);
    expect_mount(spec, {"/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=134217728"}});
    // v1 too: the container's own hierarchies, read-only (the runtime picks the version).
    expect_mount(spec, {"/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"}});
}

// --cgroupns: "host" shares the host's cgroup namespace, "private" makes one
// (on v1 too, as Docker allows); a record stored without a mode gets the
// daemon's default for the host's version (private on v2, host on v1).
TEST(RuntimeSpecBuilder, CgroupNamespaceModes) {
    auto has_cgroupns = [](std::string mode, bool cgroup_v2) {
        Container c = create(json::object(), json::object());
        c.host_config["CgroupnsMode"] = mode;
        SpecInputs inputs = inputs_for(c);
        inputs.cgroup_v2 = cgroup_v2;
        auto spec = build(c, inputs);
        return std::ranges::any_of(spec.namespaces,
                                   [](const runtime::NamespaceSpec& ns) { return ns.kind == NamespaceKind::Cgroup; });
    };
    EXPECT_FALSE(has_cgroupns("host", true));
    EXPECT_FALSE(has_cgroupns("host", false));
    EXPECT_TRUE(has_cgroupns("private", true));
    EXPECT_TRUE(has_cgroupns("private", false));
    EXPECT_TRUE(has_cgroupns("", true));
    EXPECT_FALSE(has_cgroupns("", false));
}

// `docker run -v /srv/data:/data:ro -v /srv/logs:/logs:rw,slave -v /srv/x:/x busybox`
TEST(RuntimeSpecBuilder, BindsWithReadOnlyAndPropagation) {
    Container c = create(json::object(), {{"Binds", {"/srv/data:/data:ro", "/srv/logs:/logs:rw,slave", "/srv/x:/x"}}});
    auto spec = build(c);
    expect_mount(spec, {"/data", "bind", "/srv/data", {"rbind", "ro"}});
    expect_mount(spec, {"/logs", "bind", "/srv/logs", {"rbind", "rslave"}});
    expect_mount(spec, {"/x", "bind", "/srv/x", {"rbind"}});
    // The user's mounts come after Docker's own, in the order given.
    auto all = destinations(spec);
    EXPECT_EQ(std::vector<std::string>(all.end() - 3, all.end()), (std::vector<std::string>{"/data", "/logs", "/x"}));
}

// `docker run --tmpfs /run --tmpfs /cache:size=64m,exec,mode=1777 busybox`
TEST(RuntimeSpecBuilder, TmpfsOptions) {
    Container c = create(json::object(), {{"Tmpfs", {{"/run", ""}, {"/cache", "size=64m,exec,mode=1777"}}}});
    auto spec = build(c);
    expect_mount(spec, {"/run", "tmpfs", "tmpfs", {"nosuid", "nodev", "noexec"}});
    expect_mount(spec, {"/cache", "tmpfs", "tmpfs", {"nosuid", "nodev", "size=64m", "mode=1777"}});
}

// `docker run --mount type=bind,src=/srv/conf,dst=/etc/app,readonly
//            --mount type=tmpfs,dst=/scratch,tmpfs-size=1m,tmpfs-mode=0700 busybox`
TEST(RuntimeSpecBuilder, Mounts) {
    json mounts = json::parse(R"([
      {"Type": "bind", "Source": "/srv/conf", "Target": "/etc/app", "ReadOnly": true},
      {"Type": "bind", "Source": "/srv/rw", "Target": "/rw"},
      {"Type": "tmpfs", "Target": "/scratch", "TmpfsOptions": {"SizeBytes": 1048576, "Mode": 448}}
    ])");
    Container c = create(json::object(), {{"Mounts", mounts}});
    auto spec = build(c);
    expect_mount(spec, {"/etc/app", "bind", "/srv/conf", {"rbind", "ro"}});
    expect_mount(spec, {"/rw", "bind", "/srv/rw", {"rbind"}});
    expect_mount(spec, {"/scratch", "tmpfs", "tmpfs", {"nosuid", "nodev", "noexec", "size=1048576", "mode=700"}});
}

// `docker run -v data:/srv -v /srv/app/cache -v /host/conf:/srv/app/conf:ro busybox`: the
// volumes come from the record's mount points (their sources resolved at
// create); binds named by a volume name are not taken for host paths; a mount
// goes after the one its destination is inside, whatever the order given.
TEST(RuntimeSpecBuilder, VolumesFromMountPointsAfterTheirParents) {
    Container c = create(json::object(), {{"Binds", {"/host/conf:/srv/app/conf:ro", "data:/srv", "/srv/app/cache"}}});
    c.mount_points = json::parse(R"([
      {"Type": "volume", "Name": "data", "Source": "/var/lib/berth/volumes/data/_data", "Destination": "/srv",
       "Driver": "local", "Mode": "z", "RW": true, "Propagation": ""},
      {"Type": "volume", "Name": "f00d", "Source": "/var/lib/berth/volumes/f00d/_data", "Destination": "/srv/app/cache",
       "Driver": "local", "Mode": "", "RW": false, "Propagation": ""}
    ])");
    auto spec = build(c);
    expect_mount(spec, {"/srv", "bind", "/var/lib/berth/volumes/data/_data", {"rbind"}});
    expect_mount(spec, {"/srv/app/cache", "bind", "/var/lib/berth/volumes/f00d/_data", {"rbind", "ro"}});
    expect_mount(spec, {"/srv/app/conf", "bind", "/host/conf", {"rbind", "ro"}});
    auto all = destinations(spec);
    EXPECT_EQ(std::vector<std::string>(all.end() - 3, all.end()),
              (std::vector<std::string>{"/srv", "/srv/app/conf", "/srv/app/cache"}));
    EXPECT_EQ(std::ranges::count(all, "/srv"), 1);
}

// `docker run --privileged busybox`
TEST(RuntimeSpecBuilder, Privileged) {
    Container c = create(json::object(), {{"Privileged", true}});
    auto spec = build(c);
    EXPECT_TRUE(spec.masked_paths.empty());
    EXPECT_TRUE(spec.readonly_paths.empty());
    expect_mount(spec, {"/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev"}});
    expect_mount(spec, {"/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime"}});
    EXPECT_FALSE(spec.process.seccomp);
    EXPECT_EQ(spec.process.capabilities, available());
}

// `docker run --security-opt systempaths=unconfined busybox`: the CLI sends [] for both.
TEST(RuntimeSpecBuilder, UnconfinedSystemPaths) {
    Container c = create(json::object(), {{"MaskedPaths", json::array()}, {"ReadonlyPaths", json::array()}});
    auto spec = build(c);
    EXPECT_TRUE(spec.masked_paths.empty());
    EXPECT_TRUE(spec.readonly_paths.empty());
    EXPECT_TRUE(has_option(mount_at(spec, "/sys"), "ro")) << "still not privileged";
}

// `docker run --cap-add NET_ADMIN --cap-add sys_admin --cap-drop MKNOD --cap-drop CAP_NET_RAW busybox`
TEST(RuntimeSpecBuilder, CapAddAndDrop) {
    Container c = create(json::object(),
                         {{"CapAdd", {"NET_ADMIN", "sys_admin"}}, {"CapDrop", {"MKNOD", "CAP_NET_RAW"}}});
    auto spec = build(c);
    runtime::CapabilitySet expected = runtime::default_capabilities();
    expected.erase("CAP_MKNOD");
    expected.erase("CAP_NET_RAW");
    expected.insert({"CAP_NET_ADMIN", "CAP_SYS_ADMIN"});
    EXPECT_EQ(spec.process.capabilities, expected);
    // The seccomp plan is made for the capabilities the process gets.
    ASSERT_TRUE(spec.process.seccomp);
    EXPECT_TRUE(allows(*spec.process.seccomp, "mount"));
    EXPECT_TRUE(allows(*spec.process.seccomp, "umount2"));
}

// `docker run --cap-drop ALL --cap-add CHOWN busybox`
TEST(RuntimeSpecBuilder, CapDropAll) {
    Container c = create(json::object(), {{"CapAdd", {"CHOWN"}}, {"CapDrop", {"ALL"}}});
    auto spec = build(c);
    EXPECT_EQ(spec.process.capabilities, runtime::CapabilitySet{"CAP_CHOWN"});
}

TEST(RuntimeSpecBuilder, UnknownCapabilityFails) {
    Container c = create(json::object(), json::object());
    c.host_config["CapAdd"] = {"FOO"};
    auto spec = build_runtime_spec(c, inputs_for(c));
    ASSERT_FALSE(spec);
    EXPECT_EQ(spec.error().category(), ErrorCategory::Invalid);
    EXPECT_EQ(spec.error().message(), "unknown capability: \"CAP_FOO\"");
}

// `docker run --security-opt seccomp=unconfined --security-opt no-new-privileges busybox`
TEST(RuntimeSpecBuilder, SeccompUnconfinedAndNoNewPrivileges) {
    Container c = create(json::object(), {{"SecurityOpt", {"seccomp=unconfined", "no-new-privileges"}}});
    auto spec = build(c);
    EXPECT_FALSE(spec.process.seccomp);
    EXPECT_TRUE(spec.process.no_new_privileges);
    EXPECT_EQ(spec.process.capabilities, runtime::default_capabilities());
}

TEST(RuntimeSpecBuilder, NoNewPrivilegesSpellings) {
    for (const char* option : {"no-new-privileges", "no-new-privileges=true", "no-new-privileges:true"}) {
        Container c = create(json::object(), {{"SecurityOpt", {option}}});
        EXPECT_TRUE(build(c).process.no_new_privileges) << option;
    }
    Container c = create(json::object(), {{"SecurityOpt", {"no-new-privileges=false"}}});
    EXPECT_FALSE(build(c).process.no_new_privileges);
}

// `docker run --security-opt seccomp=profile.json busybox`: the CLI sends the file's content.
TEST(RuntimeSpecBuilder, CustomSeccompProfile) {
    std::string profile = R"({"defaultAction": "SCMP_ACT_ALLOW",
                              "syscalls": [{"names": ["chmod", "fchmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]})";
    Container c = create(json::object(), {{"SecurityOpt", {"seccomp=" + profile}}});
    auto spec = build(c);
    ASSERT_TRUE(spec.process.seccomp);
    EXPECT_EQ(spec.process.seccomp->default_action, "SCMP_ACT_ALLOW");
    ASSERT_EQ(spec.process.seccomp->rules.size(), 1u);
    EXPECT_EQ(spec.process.seccomp->rules[0].names, (std::vector<std::string>{"chmod", "fchmod"}));
    EXPECT_EQ(spec.process.seccomp->rules[0].errno_ret, 1u);
}

TEST(RuntimeSpecBuilder, BrokenSeccompProfileFails) {
    Container c = create(json::object(), json::object());
    c.host_config["SecurityOpt"] = {R"(seccomp={"syscalls": []})"};
    auto spec = build_runtime_spec(c, inputs_for(c));
    ASSERT_FALSE(spec);
    EXPECT_EQ(spec.error().category(), ErrorCategory::Invalid);
    EXPECT_TRUE(spec.error().message().starts_with("loading seccomp profile: ")) << spec.error().message();
}

// `--security-opt seccomp=builtin` is dockerd's SeccompProfileDefault: the
// default profile, not JSON text.
TEST(RuntimeSpecBuilder, SeccompBuiltinIsTheDefaultProfile) {
    Container c = create(json::object(), {{"SecurityOpt", {"seccomp=builtin"}}});
    auto spec = build_runtime_spec(c, inputs_for(c));
    ASSERT_TRUE(spec) << spec.error().message();
    ASSERT_TRUE(spec->process.seccomp);
    EXPECT_EQ(spec->process.seccomp->default_action, "SCMP_ACT_ERRNO");
    EXPECT_TRUE(allows(*spec->process.seccomp, "read"));
}

// dockerd's WithSeccomp returns before loading any profile for a privileged
// container, an explicit --security-opt seccomp=<profile> included.
TEST(RuntimeSpecBuilder, PrivilegedIgnoresExplicitSeccompProfile) {
    std::string profile = R"({"defaultAction": "SCMP_ACT_ALLOW",
                              "syscalls": [{"names": ["chmod"], "action": "SCMP_ACT_ERRNO"}]})";
    Container c = create(json::object(), {{"Privileged", true}, {"SecurityOpt", {"seccomp=" + profile}}});
    auto spec = build(c);
    EXPECT_FALSE(spec.process.seccomp);
}

// `docker run --ulimit nofile=1024:2048 --ulimit nproc=512 busybox`
TEST(RuntimeSpecBuilder, UlimitsBecomeRlimits) {
    Container c = create(json::object(), {{"Ulimits",
                                           {{{"Name", "nofile"}, {"Hard", 2048}, {"Soft", 1024}},
                                            {{"Name", "nproc"}, {"Hard", 512}, {"Soft", 512}}}}});
    auto spec = build(c);
    ASSERT_EQ(spec.process.rlimits.size(), 2u);
    EXPECT_EQ(spec.process.rlimits[0].resource, RLIMIT_NOFILE);
    EXPECT_EQ(spec.process.rlimits[0].soft, 1024u);
    EXPECT_EQ(spec.process.rlimits[0].hard, 2048u);
    EXPECT_EQ(spec.process.rlimits[1].resource, RLIMIT_NPROC);
    EXPECT_EQ(spec.process.rlimits[1].soft, 512u);
    EXPECT_EQ(spec.process.rlimits[1].hard, 512u);
}

TEST(RuntimeSpecBuilder, UnknownUlimitFails) {
    Container c = create(json::object(), json::object());
    c.host_config["Ulimits"] = {{{"Name", "bogus"}, {"Hard", 1}, {"Soft", 1}}};
    auto spec = build_runtime_spec(c, inputs_for(c));
    ASSERT_FALSE(spec);
    EXPECT_EQ(spec.error().category(), ErrorCategory::Invalid);
    EXPECT_EQ(spec.error().message(), "invalid ulimit type: bogus");
}

// `docker run --init --entrypoint /bin/sh busybox -c 'sleep 1d'`
TEST(RuntimeSpecBuilder, InitPrependsDockerInit) {
    Container c = create({{"Entrypoint", {"/bin/sh"}}, {"Cmd", {"-c", "sleep 1d"}}}, {{"Init", true}});
    auto spec = build(c);
    EXPECT_EQ(spec.process.args, (std::vector<std::string>{"/sbin/docker-init", "--", "/bin/sh", "-c", "sleep 1d"}));
    expect_mount(spec, {"/sbin/docker-init", "bind", "/usr/libexec/berth/berth-init", {"bind", "ro"}});
}

TEST(RuntimeSpecBuilder, WithoutInitRunsPathAndArgs) {
    Container c = create({{"Entrypoint", {"/bin/sh"}}, {"Cmd", {"-c", "sleep 1d"}}}, json::object());
    auto spec = build(c);
    EXPECT_EQ(spec.process.args, (std::vector<std::string>{"/bin/sh", "-c", "sleep 1d"}));
    EXPECT_FALSE(mount_at(spec, "/sbin/docker-init"));
}

// `docker run --network host --pid host --uts host --ipc container:db busybox`
// (the caller resolves container:db to the other container's namespace file).
TEST(RuntimeSpecBuilder, HostNamespacesAndJoins) {
    Container c = create(json::object(), {{"NetworkMode", "host"}, {"PidMode", "host"}, {"UTSMode", "host"}});
    SpecInputs inputs = inputs_for(c);
    inputs.host = {NamespaceKind::Network, NamespaceKind::Pid, NamespaceKind::Uts};
    inputs.joins = {{NamespaceKind::Ipc, "/proc/4242/ns/ipc"}};
    auto spec = build(c, inputs);
    EXPECT_EQ(namespaces(spec), (std::vector<std::pair<NamespaceKind, std::string>>{
                                    {NamespaceKind::Mount, ""},
                                    {NamespaceKind::Ipc, "/proc/4242/ns/ipc"},
                                    {NamespaceKind::Cgroup, ""}}));
    // The host's UTS namespace: the container sets no hostname, but HOSTNAME is still the host's name.
    EXPECT_EQ(spec.hostname, "");
    EXPECT_EQ(c.config["Hostname"], "workstation");
    EXPECT_TRUE(std::ranges::contains(spec.process.env, std::string("HOSTNAME=workstation")));
}

// A bridge network's netns file is joined, not made.
TEST(RuntimeSpecBuilder, JoinsNetworkNamespace) {
    Container c = create(json::object(), json::object());
    SpecInputs inputs = inputs_for(c);
    inputs.joins = {{NamespaceKind::Network, "/run/berth/netns/9d1c4f7a2b3e"}};
    auto spec = build(c, inputs);
    auto all = namespaces(spec);
    EXPECT_TRUE(std::ranges::contains(all, std::pair{NamespaceKind::Network, std::string("/run/berth/netns/9d1c4f7a2b3e")}));
    EXPECT_EQ(all.size(), 6u);
}

// `docker run --ipc host busybox`: the host's /dev/shm, bound.
TEST(RuntimeSpecBuilder, HostIpcBindsDevShm) {
    Container c = create(json::object(), {{"IpcMode", "host"}});
    SpecInputs inputs = inputs_for(c);
    inputs.host = {NamespaceKind::Ipc};
    auto spec = build(c, inputs);
    expect_mount(spec, {"/dev/shm", "bind", "/dev/shm", {"rbind", "rprivate"}});
    EXPECT_FALSE(std::ranges::any_of(spec.namespaces, [](const auto& ns) { return ns.kind == NamespaceKind::Ipc; }));
}

// `docker run -it -u 1000 -w /srv --read-only --domainname example.com --sysctl net.ipv4.ip_forward=1
//   --oom-score-adj 500 -e A=1 busybox`
TEST(RuntimeSpecBuilder, ProcessAndRootfsSettings) {
    Container c = create({{"Tty", true}, {"OpenStdin", true}, {"User", "1000"}, {"WorkingDir", "/srv"},
                          {"Domainname", "example.com"}, {"Env", {"A=1"}}},
                         {{"ReadonlyRootfs", true}, {"Sysctls", {{"net.ipv4.ip_forward", "1"}}}, {"OomScoreAdj", 500}});
    SpecInputs inputs = inputs_for(c);
    inputs.uid = 1000;
    inputs.gid = 1000;
    inputs.additional_gids = {27, 100};
    inputs.home = "/home/app";
    auto spec = build(c, inputs);
    EXPECT_TRUE(spec.readonly_rootfs);
    EXPECT_EQ(spec.domainname, "example.com");
    EXPECT_EQ(spec.sysctls, (std::map<std::string, std::string>{{"net.ipv4.ip_forward", "1"}}));
    const auto& p = spec.process;
    EXPECT_TRUE(p.terminal);
    EXPECT_EQ(p.cwd, "/srv");
    EXPECT_EQ(p.uid, 1000u);
    EXPECT_EQ(p.gid, 1000u);
    EXPECT_EQ(p.additional_gids, (std::vector<gid_t>{27, 100}));
    EXPECT_EQ(p.oom_score_adj, 500);
    EXPECT_EQ(p.env, (std::vector<std::string>{"HOSTNAME=9d1c4f7a2b3e", "TERM=xterm", "HOME=/home/app", "A=1",
                                               std::string("PATH=") + kDefaultPath}));
}

// `docker run --device /dev/null:/dev/mynull busybox`
TEST(RuntimeSpecBuilder, HostDevices) {
    Container c = create(json::object(), json::object());
    c.host_config["Devices"] = {{{"PathOnHost", "/dev/null"}, {"PathInContainer", "/dev/mynull"}, {"CgroupPermissions", "rwm"}},
                                {{"PathOnHost", "/dev/zero"}, {"PathInContainer", ""}, {"CgroupPermissions", "rwm"}}};
    auto spec = build(c);
    ASSERT_EQ(spec.devices.size(), 8u);
    const auto& mynull = spec.devices[6];
    EXPECT_EQ(mynull.path, "/dev/mynull");
    EXPECT_EQ(mynull.type, 'c');
    EXPECT_EQ(mynull.major, 1u);
    EXPECT_EQ(mynull.minor, 3u);
    EXPECT_EQ(mynull.file_mode, 0666u);
    EXPECT_EQ(spec.devices[7].path, "/dev/zero");
    EXPECT_EQ(spec.devices[7].minor, 5u);
}

// `--device /dev/null:/dev/mynull`: where mknod is refused the node is
// bind-mounted from PathOnHost, not from the container path.
TEST(RuntimeSpecBuilder, HostDeviceKeepsItsHostPath) {
    Container c = create(json::object(), json::object());
    c.host_config["Devices"] = {{{"PathOnHost", "/dev/null"}, {"PathInContainer", "/dev/mynull"}, {"CgroupPermissions", "rwm"}}};
    auto spec = build(c);
    ASSERT_EQ(spec.devices.size(), 7u);
    EXPECT_EQ(spec.devices[6].path, "/dev/mynull");
    EXPECT_EQ(spec.devices[6].host_path, "/dev/null");
}

TEST(RuntimeSpecBuilder, MissingOrNonDeviceFails) {
    Container c = create(json::object(), json::object());
    c.host_config["Devices"] = {{{"PathOnHost", "/dev/berth-no-such-device"}, {"PathInContainer", "/dev/x"}}};
    auto missing = build_runtime_spec(c, inputs_for(c));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().errnum(), ENOENT);
    EXPECT_NE(missing.error().message().find("error gathering device information while adding custom device "
                                             "\"/dev/berth-no-such-device\""),
              std::string::npos)
        << missing.error().message();

    c.host_config["Devices"] = {{{"PathOnHost", "/etc/passwd"}, {"PathInContainer", "/dev/x"}}};
    auto not_device = build_runtime_spec(c, inputs_for(c));
    ASSERT_FALSE(not_device);
    EXPECT_EQ(not_device.error().category(), ErrorCategory::Invalid);
}

// --device's permissions reach the devices cgroup for that node; the rest is
// Docker's allow list.
TEST(DeviceRules, DevicePermissionsAndDefaults) {
    Container c = create(json::object(), json::object());
    c.host_config["Devices"] = {{{"PathOnHost", "/dev/null"}, {"PathInContainer", "/dev/mynull"}, {"CgroupPermissions", "r"}}};
    auto spec = build(c);
    auto rules = device_rules(c.host_config, spec);
    auto mine = std::find_if(rules.begin(), rules.end(), [](const runtime::DeviceRule& r) {
        return r.type == 'c' && r.major == 1 && r.minor == 3 && r.access == "r";
    });
    EXPECT_NE(mine, rules.end());
    EXPECT_TRUE(std::none_of(rules.begin(), rules.end(), [](const runtime::DeviceRule& r) { return r.type == 'a'; }));
    c.host_config["Privileged"] = true;
    auto privileged = device_rules(c.host_config, spec);
    ASSERT_EQ(privileged.size(), 1u);
    EXPECT_EQ(privileged[0].type, 'a');
    EXPECT_EQ(privileged[0].access, "rwm");
}

// An 'a' rule keeps its own access; a line that does not parse adds nothing.
TEST(DeviceRules, CgroupRuleLines) {
    Container c = create(json::object(), json::object());
    c.host_config["DeviceCgroupRules"] = {"a *:* r", "b 8:* rw", "c 1:3", "x 1:1 rwm", "c 1:1 rwx", "c -1:1 r"};
    auto spec = build(c);
    auto rules = device_rules(c.host_config, spec);
    std::vector<runtime::DeviceRule> added(rules.end() - 2, rules.end());
    EXPECT_EQ(added[0].type, 'a');
    EXPECT_EQ(added[0].access, "r");
    EXPECT_EQ(added[1].type, 'b');
    EXPECT_EQ(added[1].major, 8);
    EXPECT_EQ(added[1].minor, -1);
    EXPECT_EQ(added[1].access, "rw");
    EXPECT_EQ(std::count_if(rules.begin(), rules.end(), [](const runtime::DeviceRule& r) { return r.type == 'a'; }), 1);
}

TEST(DeviceRules, ParseRule) {
    auto rule = parse_device_cgroup_rule("c 136:* rwm");
    ASSERT_TRUE(rule);
    EXPECT_EQ(rule->type, 'c');
    EXPECT_EQ(rule->major, 136);
    EXPECT_EQ(rule->minor, -1);
    EXPECT_EQ(rule->access, "rwm");
    for (const char* bad : {"", "a", "c", "c 1:3", "c 1:3 ", "c :3 r", "c 1: r", "c 1:3 rz", "c 1x:3 r", "z 1:3 r",
                            "c 1:3 rwmr", "c1:3 r"})
        EXPECT_FALSE(parse_device_cgroup_rule(bad)) << bad;
}

TEST(ContainerEnv, DefaultsAdded) {
    json config = {{"Env", {"A=1"}}};
    EXPECT_EQ(container_env(config, "web", false, "/"),
              (std::vector<std::string>{std::string("PATH=") + kDefaultPath, "HOSTNAME=web", "HOME=/", "A=1"}));
}

TEST(ContainerEnv, ImagePathKept) {
    json config = {{"Env", {"PATH=/opt/bin:/bin", "A=1"}}};
    EXPECT_EQ(container_env(config, "web", false, "/root"),
              (std::vector<std::string>{"HOSTNAME=web", "HOME=/root", "PATH=/opt/bin:/bin", "A=1"}));
}

TEST(ContainerEnv, TermWithTtyUnlessSet) {
    json config = {{"Env", {"PATH=/bin"}}};
    EXPECT_EQ(container_env(config, "h", true, "/"),
              (std::vector<std::string>{"HOSTNAME=h", "TERM=xterm", "HOME=/", "PATH=/bin"}));
    config["Env"].push_back("TERM=vt100");
    EXPECT_EQ(container_env(config, "h", true, "/"),
              (std::vector<std::string>{"HOSTNAME=h", "HOME=/", "PATH=/bin", "TERM=vt100"}));
}

TEST(ContainerEnv, HomeFromEnvWins) {
    json config = {{"Env", {"PATH=/bin", "HOME=/data"}}};
    EXPECT_EQ(container_env(config, "h", false, "/home/app"),
              (std::vector<std::string>{"HOSTNAME=h", "PATH=/bin", "HOME=/data"}));
}

// A key that only starts like PATH is not PATH.
TEST(ContainerEnv, PrefixIsNotTheKey) {
    json config = {{"Env", {"PATHS=x", "HOMEDIR=/x"}}};
    auto env = container_env(config, "h", false, "/");
    EXPECT_TRUE(std::ranges::contains(env, std::string("PATH=") + kDefaultPath));
    EXPECT_TRUE(std::ranges::contains(env, std::string("HOME=/")));
}

TEST(ContainerEnv, NullEnv) {
    json config = {{"Env", nullptr}};
    EXPECT_EQ(container_env(config, "h", false, "/"),
              (std::vector<std::string>{std::string("PATH=") + kDefaultPath, "HOSTNAME=h", "HOME=/"}));
}

// `docker run -e HOSTNAME=custom`: Config.Env replaces the generated HOSTNAME
// (dockerd's CreateDaemonEnvironment + ReplaceOrAppendEnvValues), one entry only.
TEST(ContainerEnv, HostnameFromEnvWins) {
    json config = {{"Env", {"PATH=/bin", "HOSTNAME=custom"}}};
    auto env = container_env(config, "web", false, "/");
    EXPECT_EQ(std::ranges::count_if(env, [](const std::string& e) { return e.starts_with("HOSTNAME="); }), 1);
    EXPECT_TRUE(std::ranges::contains(env, std::string("HOSTNAME=custom")));
}

// `docker run -m 64m --cpus 1.5 --pids-limit 100 busybox`
TEST(CgroupResources, FromDockerRunFlags) {
    Container c = create(json::object(), {{"Memory", 67108864}, {"NanoCpus", 1500000000}, {"PidsLimit", 100}});
    auto r = cgroup_resources(c.host_config);
    EXPECT_EQ(r.memory, 67108864);
    EXPECT_EQ(r.memory_swap, 134217728); // dockerd's default: twice the memory
    EXPECT_EQ(r.cpu_period, 100000u);
    EXPECT_EQ(r.cpu_quota, 150000);
    EXPECT_EQ(r.pids_limit, 100);
    EXPECT_FALSE(r.memory_reservation);
    EXPECT_FALSE(r.cpu_shares);
    EXPECT_FALSE(r.cpuset_cpus);
    EXPECT_FALSE(r.blkio_weight);
}

TEST(CgroupResources, NoneAsked) {
    Container c = create(json::object(), json::object());
    auto r = cgroup_resources(c.host_config);
    EXPECT_FALSE(r.memory);
    EXPECT_FALSE(r.memory_swap);
    EXPECT_FALSE(r.memory_reservation);
    EXPECT_FALSE(r.cpu_shares);
    EXPECT_FALSE(r.cpu_quota);
    EXPECT_FALSE(r.cpu_period);
    EXPECT_FALSE(r.cpuset_cpus);
    EXPECT_FALSE(r.cpuset_mems);
    EXPECT_FALSE(r.pids_limit) << "PidsLimit null";
    EXPECT_FALSE(r.blkio_weight);
}

// `docker run -m 256m --memory-swap -1 --memory-reservation 128m --cpu-shares 512
//   --cpu-period 50000 --cpu-quota 25000 --cpuset-cpus 0-1 --cpuset-mems 0 --blkio-weight 300 busybox`
TEST(CgroupResources, EveryField) {
    json host = {{"Memory", 268435456},  {"MemorySwap", -1},    {"MemoryReservation", 134217728},
                 {"CpuShares", 512},     {"CpuPeriod", 50000},  {"CpuQuota", 25000},
                 {"CpusetCpus", "0-1"},  {"CpusetMems", "0"},   {"BlkioWeight", 300},
                 {"PidsLimit", -1}};
    auto r = cgroup_resources(host);
    EXPECT_EQ(r.memory, 268435456);
    EXPECT_EQ(r.memory_swap, -1);
    EXPECT_EQ(r.memory_reservation, 134217728);
    EXPECT_EQ(r.cpu_shares, 512u);
    EXPECT_EQ(r.cpu_period, 50000u);
    EXPECT_EQ(r.cpu_quota, 25000);
    EXPECT_EQ(r.cpuset_cpus, "0-1");
    EXPECT_EQ(r.cpuset_mems, "0");
    EXPECT_EQ(r.blkio_weight, 300);
    EXPECT_EQ(r.pids_limit, -1);
}

// --cpus wins over --cpu-period/--cpu-quota (dockerd refuses both together at create anyway).
TEST(CgroupResources, NanoCpusSetsPeriodAndQuota) {
    auto r = cgroup_resources({{"NanoCpus", 500000000}, {"CpuPeriod", 0}, {"CpuQuota", 0}});
    EXPECT_EQ(r.cpu_period, 100000u);
    EXPECT_EQ(r.cpu_quota, 50000);
    r = cgroup_resources({{"NanoCpus", 2000000000}});
    EXPECT_EQ(r.cpu_quota, 200000);
}

} // namespace
} // namespace berth::containers
