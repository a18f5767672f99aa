#include "monitor/monitor_config.h"

namespace berth::monitor {
namespace {

using nlohmann::json;
using runtime::NamespaceKind;

constexpr std::pair<NamespaceKind, const char*> kNamespaceNames[] = {
    {NamespaceKind::Pid, "pid"},         {NamespaceKind::Mount, "mount"},     {NamespaceKind::Uts, "uts"},
    {NamespaceKind::Ipc, "ipc"},         {NamespaceKind::Network, "network"}, {NamespaceKind::Cgroup, "cgroup"},
};

std::string namespace_name(NamespaceKind kind) {
    for (auto [k, name] : kNamespaceNames)
        if (k == kind) return name;
    return "?";
}

NamespaceKind namespace_kind(const std::string& name) {
    for (auto [kind, n] : kNamespaceNames)
        if (name == n) return kind;
    throw json::other_error::create(501, "unknown namespace kind " + name, nullptr);
}

// The compiled seccomp program, as text JSON can carry.
std::string hex_encode(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        out += kDigits[byte >> 4];
        out += kDigits[byte & 0xf];
    }
    return out;
}

std::string hex_decode(std::string_view text) {
    auto digit = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        throw json::other_error::create(501, "seccomp program: not hex", nullptr);
    };
    if (text.size() % 2 != 0) throw json::other_error::create(501, "seccomp program: odd length", nullptr);
    std::string out(text.size() / 2, '\0');
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>(digit(text[2 * i]) << 4 | digit(text[2 * i + 1]));
    return out;
}

json seccomp_to_json(const runtime::SeccompPlan& plan) {
    json rules = json::array();
    for (const auto& rule : plan.rules) {
        json args = json::array();
        for (const auto& arg : rule.args)
            args.push_back({{"index", arg.index}, {"value", arg.value}, {"value_two", arg.value_two}, {"op", arg.op}});
        json entry{{"names", rule.names}, {"action", rule.action}, {"args", args}};
        if (rule.errno_ret) entry["errno"] = *rule.errno_ret;
        rules.push_back(std::move(entry));
    }
    json out{{"default_action", plan.default_action}, {"architectures", plan.architectures}, {"rules", rules}};
    if (plan.default_errno_ret) out["default_errno"] = *plan.default_errno_ret;
    if (!plan.program.empty()) out["program"] = hex_encode(plan.program);
    return out;
}

runtime::SeccompPlan seccomp_from_json(const json& in) {
    runtime::SeccompPlan plan;
    plan.default_action = in.at("default_action").get<std::string>();
    if (in.contains("default_errno")) plan.default_errno_ret = in.at("default_errno").get<unsigned>();
    plan.architectures = in.at("architectures").get<std::vector<std::string>>();
    for (const auto& entry : in.at("rules")) {
        runtime::SeccompRule rule;
        rule.names = entry.at("names").get<std::vector<std::string>>();
        rule.action = entry.at("action").get<std::string>();
        if (entry.contains("errno")) rule.errno_ret = entry.at("errno").get<unsigned>();
        for (const auto& a : entry.at("args")) {
            runtime::SeccompArg arg;
            arg.index = a.at("index").get<unsigned>();
            arg.value = a.at("value").get<uint64_t>();
            arg.value_two = a.at("value_two").get<uint64_t>();
            arg.op = a.at("op").get<std::string>();
            rule.args.push_back(std::move(arg));
        }
        plan.rules.push_back(std::move(rule));
    }
    if (in.contains("program")) plan.program = hex_decode(in.at("program").get<std::string>());
    return plan;
}

json process_to_json(const runtime::ProcessSpec& p) {
    json rlimits = json::array();
    for (const auto& r : p.rlimits) rlimits.push_back({{"resource", r.resource}, {"soft", r.soft}, {"hard", r.hard}});
    json out{{"args", p.args},
             {"env", p.env},
             {"cwd", p.cwd},
             {"uid", p.uid},
             {"gid", p.gid},
             {"additional_gids", p.additional_gids},
             {"terminal", p.terminal},
             {"capabilities", p.capabilities},
             {"no_new_privileges", p.no_new_privileges},
             {"rlimits", rlimits}};
    if (p.seccomp) out["seccomp"] = seccomp_to_json(*p.seccomp);
    if (p.oom_score_adj) out["oom_score_adj"] = *p.oom_score_adj;
    return out;
}

runtime::ProcessSpec process_from_json(const json& in) {
    runtime::ProcessSpec p;
    p.args = in.at("args").get<std::vector<std::string>>();
    p.env = in.at("env").get<std::vector<std::string>>();
    p.cwd = in.at("cwd").get<std::string>();
    p.uid = in.at("uid").get<uid_t>();
    p.gid = in.at("gid").get<gid_t>();
    p.additional_gids = in.at("additional_gids").get<std::vector<gid_t>>();
    p.terminal = in.at("terminal").get<bool>();
    for (const auto& cap : in.at("capabilities")) p.capabilities.insert(cap.get<std::string>());
    p.no_new_privileges = in.at("no_new_privileges").get<bool>();
    for (const auto& r : in.at("rlimits"))
        p.rlimits.push_back({r.at("resource").get<int>(), r.at("soft").get<uint64_t>(), r.at("hard").get<uint64_t>()});
    if (in.contains("seccomp")) p.seccomp = seccomp_from_json(in.at("seccomp"));
    if (in.contains("oom_score_adj")) p.oom_score_adj = in.at("oom_score_adj").get<int>();
    return p;
}

} // namespace

json to_json(const runtime::RuntimeSpec& spec) {
    json namespaces = json::array();
    for (const auto& ns : spec.namespaces)
        namespaces.push_back({{"kind", namespace_name(ns.kind)}, {"join_path", ns.join_path}});
    json mounts = json::array();
    for (const auto& m : spec.mounts)
        mounts.push_back(
            {{"destination", m.destination}, {"type", m.type}, {"source", m.source}, {"options", m.options}});
    json devices = json::array();
    for (const auto& d : spec.devices)
        devices.push_back({{"path", d.path},
                           {"type", std::string(1, d.type)},
                           {"major", d.major},
                           {"minor", d.minor},
                           {"file_mode", d.file_mode},
                           {"uid", d.uid},
                           {"gid", d.gid},
                           {"host_path", d.host_path}});
    return {{"process", process_to_json(spec.process)},
            {"rootfs", spec.rootfs},
            {"readonly_rootfs", spec.readonly_rootfs},
            {"hostname", spec.hostname},
            {"domainname", spec.domainname},
            {"namespaces", namespaces},
            {"mounts", mounts},
            {"devices", devices},
            {"masked_paths", spec.masked_paths},
            {"readonly_paths", spec.readonly_paths},
            {"sysctls", spec.sysctls}};
}

runtime::RuntimeSpec runtime_spec_from_json(const json& in) {
    runtime::RuntimeSpec spec;
    spec.process = process_from_json(in.at("process"));
    spec.rootfs = in.at("rootfs").get<std::string>();
    spec.readonly_rootfs = in.at("readonly_rootfs").get<bool>();
    spec.hostname = in.at("hostname").get<std::string>();
    spec.domainname = in.at("domainname").get<std::string>();
    for (const auto& ns : in.at("namespaces"))
        spec.namespaces.push_back({namespace_kind(ns.at("kind").get<std::string>()), ns.at("join_path").get<std::string>()});
    for (const auto& m : in.at("mounts")) {
        runtime::MountSpec mount;
        mount.destination = m.at("destination").get<std::string>();
        mount.type = m.at("type").get<std::string>();
        mount.source = m.at("source").get<std::string>();
        mount.options = m.at("options").get<std::vector<std::string>>();
        spec.mounts.push_back(std::move(mount));
    }
    for (const auto& d : in.at("devices")) {
        runtime::DeviceSpec device;
        device.path = d.at("path").get<std::string>();
        auto type = d.at("type").get<std::string>();
        if (type.size() != 1)
            throw json::other_error::create(501, std::format("device type \"{}\" is not one letter", type), &d);
        device.type = type[0];
        device.major = d.at("major").get<uint32_t>();
        device.minor = d.at("minor").get<uint32_t>();
        device.file_mode = d.at("file_mode").get<mode_t>();
        device.uid = d.at("uid").get<uid_t>();
        device.gid = d.at("gid").get<gid_t>();
        device.host_path = d.value("host_path", "");
        spec.devices.push_back(std::move(device));
    }
    spec.masked_paths = in.at("masked_paths").get<std::vector<std::string>>();
    spec.readonly_paths = in.at("readonly_paths").get<std::vector<std::string>>();
    spec.sysctls = in.at("sysctls").get<std::map<std::string, std::string>>();
    return spec;
}

json to_json(const MonitorConfig& c) {
    return {{"container_id", c.container_id},   {"spec", to_json(c.spec)},
            {"tty", c.tty},                     {"open_stdin", c.open_stdin},
            {"stdin_once", c.stdin_once},       {"log_driver", c.log_driver},
            {"log_opts", c.log_opts},           {"log_path", c.log_path},
            {"cgroup_root", c.cgroup_root},     {"cgroup_parent", c.cgroup_parent},
            {"cgroup_name", c.cgroup_name},     {"cgroup_version", c.cgroup_version},
            {"pending_attaches", c.pending_attaches}, {"exec_in_pid", c.exec_in_pid},
            {"init_path", c.init_path},
            {"console_size", {c.console_rows, c.console_cols}}};
}

Result<MonitorConfig> monitor_config_from_json(const json& in) {
    try {
        MonitorConfig c;
        c.container_id = in.at("container_id").get<std::string>();
        c.spec = runtime_spec_from_json(in.at("spec"));
        c.tty = in.at("tty").get<bool>();
        c.open_stdin = in.at("open_stdin").get<bool>();
        c.stdin_once = in.at("stdin_once").get<bool>();
        c.log_driver = in.at("log_driver").get<std::string>();
        c.log_opts = in.at("log_opts").get<std::map<std::string, std::string>>();
        c.log_path = in.at("log_path").get<std::string>();
        c.cgroup_root = in.at("cgroup_root").get<std::string>();
        c.cgroup_parent = in.at("cgroup_parent").get<std::string>();
        c.cgroup_name = in.at("cgroup_name").get<std::string>();
        c.cgroup_version = in.at("cgroup_version").get<std::string>();
        c.pending_attaches = in.at("pending_attaches").get<int>();
        c.exec_in_pid = in.at("exec_in_pid").get<int>();
        c.init_path = in.value("init_path", "");
        if (auto size = in.find("console_size"); size != in.end() && size->is_array() && size->size() == 2) {
            c.console_rows = (*size)[0].get<unsigned>();
            c.console_cols = (*size)[1].get<unsigned>();
        }
        return c;
    } catch (const json::exception& e) {
        return fail(ErrorCategory::Invalid, "malformed monitor configuration: {}", e.what());
    }
}

json to_json(const ExitRecord& r) {
    return {{"exit_code", r.exit_code}, {"oom_killed", r.oom_killed}, {"finished_at", r.finished_at}, {"error", r.error}};
}

ExitRecord exit_record_from_json(const json& in) {
    ExitRecord r;
    r.exit_code = in.value("exit_code", 0);
    r.oom_killed = in.value("oom_killed", false);
    r.finished_at = in.value("finished_at", "");
    r.error = in.value("error", "");
    return r;
}

} // namespace berth::monitor
