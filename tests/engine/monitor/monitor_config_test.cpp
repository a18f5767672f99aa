// monitor.json and exit.json: what berthd writes comes back whole in
// berth-monitor; what is malformed is an Invalid error, not a crash.

#include "monitor/monitor_config.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace berth::monitor {
namespace {

using nlohmann::json;
using runtime::NamespaceKind;

runtime::RuntimeSpec full_spec() {
    runtime::RuntimeSpec spec;
    spec.rootfs = "/var/lib/berth/overlay/abc/merged";
    spec.readonly_rootfs = true;
    spec.hostname = "abc123";
    spec.domainname = "example.com";
    spec.namespaces = {{NamespaceKind::Mount, ""},
                       {NamespaceKind::Pid, ""},
                       {NamespaceKind::Uts, ""},
                       {NamespaceKind::Ipc, "/proc/42/ns/ipc"},
                       {NamespaceKind::Network, "/run/berth/netns/abc"},
                       {NamespaceKind::Cgroup, ""}};
    spec.mounts = {{"/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}},
                   {"/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=67108864"}},
                   {"/data", "bind", "/srv/data", {"rbind", "ro"}},
                   {"/empty", "tmpfs", "tmpfs", {}}};
    runtime::DeviceSpec null_device;
    null_device.path = "/dev/null";
    null_device.major = 1;
    null_device.minor = 3;
    runtime::DeviceSpec disk;
    disk.path = "/dev/xvda";
    disk.type = 'b';
    disk.major = 8;
    disk.minor = 0;
    disk.file_mode = 0660;
    disk.uid = 0;
    disk.gid = 6;
    spec.devices = {null_device, disk};
    spec.masked_paths = {"/proc/kcore", "/sys/firmware"};
    spec.readonly_paths = {"/proc/sys"};
    spec.sysctls = {{"net.ipv4.ip_forward", "1"}, {"kernel.shmmax", "68719476736"}};

    runtime::ProcessSpec& p = spec.process;
    p.args = {"/sbin/docker-init", "--", "/bin/sh", "-c", "sleep 1d"};
    p.env = {"PATH=/usr/bin:/bin", "HOSTNAME=abc123", "TERM=xterm"};
    p.cwd = "/srv";
    p.uid = 1000;
    p.gid = 1001;
    p.additional_gids = {27, 100};
    p.terminal = true;
    p.capabilities = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
    p.no_new_privileges = true;
    runtime::SeccompPlan plan;
    plan.default_action = "SCMP_ACT_ERRNO";
    plan.default_errno_ret = 1;
    plan.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
    plan.rules = {{{"read", "write"}, "SCMP_ACT_ALLOW", std::nullopt, {}},
                  {{"clone3"}, "SCMP_ACT_ERRNO", 38u, {}},
                  {{"personality"},
                   "SCMP_ACT_ALLOW",
                   std::nullopt,
                   {{0, 0xffffffffULL, 0, "SCMP_CMP_EQ"}, {1, 0x7e020000ULL, 0x10000ULL, "SCMP_CMP_MASKED_EQ"}}}};
    p.seccomp = plan;
    p.rlimits = {{RLIMIT_NOFILE, 1024, 2048}, {RLIMIT_NPROC, 512, 512}};
    p.oom_score_adj = -500;
    return spec;
}

MonitorConfig full_config() {
    MonitorConfig c;
    c.container_id = std::string(64, 'a');
    c.spec = full_spec();
    c.tty = true;
    c.open_stdin = true;
    c.stdin_once = true;
    c.log_driver = "local";
    c.log_opts = {{"max-size", "10m"}, {"max-file", "3"}};
    c.log_path = "/var/lib/berth/containers/aaa/aaa-json.log";
    c.cgroup_root = "/sys/fs/cgroup";
    c.cgroup_parent = "berth";
    c.cgroup_name = std::string(64, 'a');
    c.cgroup_version = "2";
    c.pending_attaches = 2;
    c.exec_in_pid = 4242;
    c.init_path = "/usr/libexec/berth/berth-init";
    return c;
}

void expect_same_seccomp(const runtime::SeccompPlan& a, const runtime::SeccompPlan& b) {
    EXPECT_EQ(a.default_action, b.default_action);
    EXPECT_EQ(a.default_errno_ret, b.default_errno_ret);
    EXPECT_EQ(a.architectures, b.architectures);
    ASSERT_EQ(a.rules.size(), b.rules.size());
    for (size_t i = 0; i < a.rules.size(); ++i) {
        EXPECT_EQ(a.rules[i].names, b.rules[i].names) << i;
        EXPECT_EQ(a.rules[i].action, b.rules[i].action) << i;
        EXPECT_EQ(a.rules[i].errno_ret, b.rules[i].errno_ret) << i;
        ASSERT_EQ(a.rules[i].args.size(), b.rules[i].args.size()) << i;
        for (size_t j = 0; j < a.rules[i].args.size(); ++j) {
            EXPECT_EQ(a.rules[i].args[j].index, b.rules[i].args[j].index);
            EXPECT_EQ(a.rules[i].args[j].value, b.rules[i].args[j].value);
            EXPECT_EQ(a.rules[i].args[j].value_two, b.rules[i].args[j].value_two);
            EXPECT_EQ(a.rules[i].args[j].op, b.rules[i].args[j].op);
        }
    }
}

void expect_same_spec(const runtime::RuntimeSpec& a, const runtime::RuntimeSpec& b) {
    EXPECT_EQ(a.rootfs, b.rootfs);
    EXPECT_EQ(a.readonly_rootfs, b.readonly_rootfs);
    EXPECT_EQ(a.hostname, b.hostname);
    EXPECT_EQ(a.domainname, b.domainname);
    ASSERT_EQ(a.namespaces.size(), b.namespaces.size());
    for (size_t i = 0; i < a.namespaces.size(); ++i) {
        EXPECT_EQ(a.namespaces[i].kind, b.namespaces[i].kind) << i;
        EXPECT_EQ(a.namespaces[i].join_path, b.namespaces[i].join_path) << i;
    }
    ASSERT_EQ(a.mounts.size(), b.mounts.size());
    for (size_t i = 0; i < a.mounts.size(); ++i) {
        EXPECT_EQ(a.mounts[i].destination, b.mounts[i].destination) << i;
        EXPECT_EQ(a.mounts[i].type, b.mounts[i].type) << i;
        EXPECT_EQ(a.mounts[i].source, b.mounts[i].source) << i;
        EXPECT_EQ(a.mounts[i].options, b.mounts[i].options) << i;
    }
    ASSERT_EQ(a.devices.size(), b.devices.size());
    for (size_t i = 0; i < a.devices.size(); ++i) {
        EXPECT_EQ(a.devices[i].path, b.devices[i].path) << i;
        EXPECT_EQ(a.devices[i].type, b.devices[i].type) << i;
        EXPECT_EQ(a.devices[i].major, b.devices[i].major) << i;
        EXPECT_EQ(a.devices[i].minor, b.devices[i].minor) << i;
        EXPECT_EQ(a.devices[i].file_mode, b.devices[i].file_mode) << i;
        EXPECT_EQ(a.devices[i].uid, b.devices[i].uid) << i;
        EXPECT_EQ(a.devices[i].gid, b.devices[i].gid) << i;
    }
    EXPECT_EQ(a.masked_paths, b.masked_paths);
    EXPECT_EQ(a.readonly_paths, b.readonly_paths);
    EXPECT_EQ(a.sysctls, b.sysctls);

    const auto& p = a.process;
    const auto& q = b.process;
    EXPECT_EQ(p.args, q.args);
    EXPECT_EQ(p.env, q.env);
    EXPECT_EQ(p.cwd, q.cwd);
    EXPECT_EQ(p.uid, q.uid);
    EXPECT_EQ(p.gid, q.gid);
    EXPECT_EQ(p.additional_gids, q.additional_gids);
    EXPECT_EQ(p.terminal, q.terminal);
    EXPECT_EQ(p.capabilities, q.capabilities);
    EXPECT_EQ(p.no_new_privileges, q.no_new_privileges);
    ASSERT_EQ(p.seccomp.has_value(), q.seccomp.has_value());
    if (p.seccomp) expect_same_seccomp(*p.seccomp, *q.seccomp);
    ASSERT_EQ(p.rlimits.size(), q.rlimits.size());
    for (size_t i = 0; i < p.rlimits.size(); ++i) {
        EXPECT_EQ(p.rlimits[i].resource, q.rlimits[i].resource) << i;
        EXPECT_EQ(p.rlimits[i].soft, q.rlimits[i].soft) << i;
        EXPECT_EQ(p.rlimits[i].hard, q.rlimits[i].hard) << i;
    }
    EXPECT_EQ(p.oom_score_adj, q.oom_score_adj);
}

// Through text, as monitor.json is written and read.
Result<MonitorConfig> round_trip(const MonitorConfig& config) {
    return monitor_config_from_json(json::parse(to_json(config).dump()));
}

TEST(MonitorConfig, FullConfigRoundTrips) {
    MonitorConfig original = full_config();
    auto back = round_trip(original);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(back->container_id, original.container_id);
    EXPECT_EQ(back->tty, original.tty);
    EXPECT_EQ(back->open_stdin, original.open_stdin);
    EXPECT_EQ(back->stdin_once, original.stdin_once);
    EXPECT_EQ(back->log_driver, original.log_driver);
    EXPECT_EQ(back->log_opts, original.log_opts);
    EXPECT_EQ(back->log_path, original.log_path);
    EXPECT_EQ(back->cgroup_root, original.cgroup_root);
    EXPECT_EQ(back->cgroup_parent, original.cgroup_parent);
    EXPECT_EQ(back->cgroup_name, original.cgroup_name);
    EXPECT_EQ(back->cgroup_version, original.cgroup_version);
    EXPECT_EQ(back->pending_attaches, original.pending_attaches);
    EXPECT_EQ(back->exec_in_pid, original.exec_in_pid);
    EXPECT_EQ(back->init_path, original.init_path);
    expect_same_spec(back->spec, original.spec);
    EXPECT_EQ(to_json(*back), to_json(original));
}

TEST(MonitorConfig, UnconfinedMinimalSpecRoundTrips) {
    MonitorConfig original;
    original.container_id = std::string(64, 'b');
    original.spec.process.args = {"sh"};
    auto back = round_trip(original);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_FALSE(back->spec.process.seccomp);
    EXPECT_FALSE(back->spec.process.oom_score_adj);
    EXPECT_EQ(back->log_driver, "json-file");
    EXPECT_EQ(back->cgroup_version, "");
    expect_same_spec(back->spec, original.spec);
}

TEST(MonitorConfig, SeccompWithoutErrnos) {
    MonitorConfig original = full_config();
    original.spec.process.seccomp->default_errno_ret.reset();
    original.spec.process.seccomp->default_action = "SCMP_ACT_KILL_PROCESS";
    auto back = round_trip(original);
    ASSERT_TRUE(back);
    ASSERT_TRUE(back->spec.process.seccomp);
    EXPECT_FALSE(back->spec.process.seccomp->default_errno_ret);
    EXPECT_FALSE(back->spec.process.seccomp->rules[0].errno_ret);
    EXPECT_EQ(back->spec.process.seccomp->rules[1].errno_ret, 38u);
}

// Written by a berthd that predates --init.
TEST(MonitorConfig, InitPathMayBeAbsent) {
    json written = to_json(full_config());
    written.erase("init_path");
    auto back = monitor_config_from_json(written);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(back->init_path, "");
}

// A device's host_path (bind-mounted from there when mknod is refused) survives monitor.json.
TEST(MonitorConfig, DeviceHostPathRoundTrips) {
    MonitorConfig original = full_config();
    original.spec.devices[1].host_path = "/dev/sda";
    auto back = round_trip(original);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->spec.devices[1].host_path, "/dev/sda");
}

void expect_invalid(const json& input, std::string_view what) {
    auto config = monitor_config_from_json(input);
    ASSERT_FALSE(config) << what;
    EXPECT_EQ(config.error().category(), ErrorCategory::Invalid) << what;
    EXPECT_TRUE(config.error().message().starts_with("malformed monitor configuration: ")) << config.error().message();
}

TEST(MonitorConfig, MalformedIsInvalid) {
    const json good = to_json(full_config());
    expect_invalid(json::object(), "empty object");
    expect_invalid(json::array(), "array");
    expect_invalid(nullptr, "null");

    json missing = good;
    missing.erase("container_id");
    expect_invalid(missing, "no container_id");

    json wrong_type = good;
    wrong_type["tty"] = "yes";
    expect_invalid(wrong_type, "tty a string");

    json no_process = good;
    no_process["spec"].erase("process");
    expect_invalid(no_process, "no process");

    json bad_namespace = good;
    bad_namespace["spec"]["namespaces"][0]["kind"] = "user";
    expect_invalid(bad_namespace, "unknown namespace");

    json bad_seccomp = good;
    bad_seccomp["spec"]["process"]["seccomp"]["rules"][0].erase("action");
    expect_invalid(bad_seccomp, "rule without action");

    json bad_device = good;
    bad_device["spec"]["devices"][0]["major"] = "one";
    expect_invalid(bad_device, "device major a string");

    json bad_opts = good;
    bad_opts["log_opts"] = {{"max-size", 10}};
    expect_invalid(bad_opts, "log option not a string");
}

// A device type that is not one letter is Invalid, not an exception that kills the monitor.
TEST(MonitorConfig, EmptyDeviceTypeIsInvalid) {
    json bad_device = to_json(full_config());
    bad_device["spec"]["devices"][0]["type"] = "";
    EXPECT_NO_THROW(expect_invalid(bad_device, "empty device type"));
}

TEST(RuntimeSpecJson, SpecAloneRoundTrips) {
    runtime::RuntimeSpec spec = full_spec();
    expect_same_spec(runtime_spec_from_json(json::parse(to_json(spec).dump())), spec);
    json broken = to_json(spec);
    broken.erase("mounts");
    EXPECT_THROW(runtime_spec_from_json(broken), json::exception);
}

TEST(ExitRecord, RoundTrips) {
    ExitRecord original{137, true, "2025-01-02T03:04:05.123456789Z", ""};
    ExitRecord back = exit_record_from_json(json::parse(to_json(original).dump()));
    EXPECT_EQ(back.exit_code, 137);
    EXPECT_TRUE(back.oom_killed);
    EXPECT_EQ(back.finished_at, original.finished_at);
    EXPECT_EQ(back.error, "");

    ExitRecord never_ran{127, false, "2025-01-02T03:04:05Z",
                         "exec: \"nope\": executable file not found in $PATH"};
    back = exit_record_from_json(to_json(never_ran));
    EXPECT_EQ(back.exit_code, 127);
    EXPECT_FALSE(back.oom_killed);
    EXPECT_EQ(back.error, never_ran.error);
}

TEST(ExitRecord, MissingFieldsTakeDefaults) {
    ExitRecord back = exit_record_from_json(json::object());
    EXPECT_EQ(back.exit_code, 0);
    EXPECT_FALSE(back.oom_killed);
    EXPECT_EQ(back.finished_at, "");
    EXPECT_EQ(back.error, "");
}

TEST(BundlePaths, FilesOfABundle) {
    EXPECT_EQ(config_path("/run/berth/x"), "/run/berth/x/monitor.json");
    EXPECT_EQ(socket_path("/run/berth/x"), "/run/berth/x/monitor.sock");
    EXPECT_EQ(exit_path("/run/berth/x"), "/run/berth/x/exit.json");
    EXPECT_EQ(pid_path("/run/berth/x"), "/run/berth/x/monitor.pid");
}

} // namespace
} // namespace berth::monitor
