#include "containers/config/create_request.h"

#include "containers/config/go_json.h"
#include "containers/config/inspect_host_config.h"
#include "containers/config/mounts.h"
#include "containers/config/namespace_modes.h"
#include "containers/config/network_settings.h"
#include "containers/config/resources.h"
#include "containers/config/restart_policy.h"
#include "containers/config/security_options.h"
#include "containers/config/signals.h"
#include "runtime/capabilities.h"

#include <array>
#include <cctype>

namespace berth::containers::config {
namespace {

using nlohmann::json;

constexpr int64_t kMinimumHealthDuration = 1000000; // 1ms, Docker's MinimumDuration

// The fields of Docker's container.Config: any of them present makes the
// (embedded) Config non-nil, as Go's decoder does.
constexpr std::array<std::string_view, 25> kConfigFields{
    "Hostname",   "Domainname",  "User",       "AttachStdin", "AttachStdout", "AttachStderr", "ExposedPorts",
    "Tty",        "OpenStdin",   "StdinOnce",  "Env",         "Cmd",          "Healthcheck",  "ArgsEscaped",
    "Image",      "Volumes",     "WorkingDir", "Entrypoint",  "NetworkDisabled", "MacAddress", "OnBuild",
    "Labels",     "StopSignal",  "StopTimeout", "Shell",
};

bool has_key(const json& object, std::string_view key) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string& k = it.key();
        if (k.size() != key.size()) continue;
        bool same = true;
        for (size_t i = 0; same && i < k.size(); ++i)
            same = std::tolower(static_cast<unsigned char>(k[i])) == std::tolower(static_cast<unsigned char>(key[i]));
        if (same) return true;
    }
    return false;
}

std::unexpected<Error> invalid(std::string message) {
    return std::unexpected(Error(ErrorCategory::Invalid, std::move(message)));
}

Result<std::optional<Healthcheck>> parse_healthcheck(const GoObject& config) {
    if (!config.has("Healthcheck")) return std::optional<Healthcheck>();
    BERTH_TRY(object, config.object("Healthcheck", "container.HealthConfig"));
    Healthcheck health;
    BERTH_TRY(test, object->strings("Test"));
    BERTH_TRY(interval, object->int64("Interval"));
    BERTH_TRY(timeout, object->int64("Timeout"));
    BERTH_TRY(start_period, object->int64("StartPeriod"));
    BERTH_TRY(start_interval, object->int64("StartInterval"));
    BERTH_TRY(retries, object->int64("Retries"));
    health.test = std::move(*test);
    health.interval = *interval;
    health.timeout = *timeout;
    health.start_period = *start_period;
    health.start_interval = *start_interval;
    health.retries = *retries;
    return std::optional<Healthcheck>(std::move(health));
}

Result<ContainerConfig> parse_config(const GoObject& c) {
    ContainerConfig config;
    BERTH_TRY(image, c.string("Image"));
    BERTH_TRY(hostname, c.string("Hostname"));
    BERTH_TRY(domainname, c.string("Domainname"));
    BERTH_TRY(user, c.string("User"));
    BERTH_TRY(attach_stdin, c.boolean("AttachStdin"));
    BERTH_TRY(attach_stdout, c.boolean("AttachStdout"));
    BERTH_TRY(attach_stderr, c.boolean("AttachStderr"));
    BERTH_TRY(tty, c.boolean("Tty"));
    BERTH_TRY(open_stdin, c.boolean("OpenStdin"));
    BERTH_TRY(stdin_once, c.boolean("StdinOnce"));
    BERTH_TRY(env, c.strings("Env"));
    BERTH_TRY(cmd, c.str_slice("Cmd"));
    BERTH_TRY(entrypoint, c.str_slice("Entrypoint"));
    BERTH_TRY(shell, c.str_slice("Shell"));
    BERTH_TRY(healthcheck, parse_healthcheck(c));
    BERTH_TRY(working_dir, c.string("WorkingDir"));
    BERTH_TRY(labels, c.string_map("Labels"));
    BERTH_TRY(exposed_ports, c.key_set("ExposedPorts"));
    BERTH_TRY(volumes, c.key_set("Volumes"));
    BERTH_TRY(stop_signal, c.string("StopSignal"));
    BERTH_TRY(stop_timeout, c.optional_int64("StopTimeout"));
    BERTH_TRY(mac_address, c.string("MacAddress"));
    BERTH_TRY(network_disabled, c.boolean("NetworkDisabled"));
    BERTH_TRY(args_escaped, c.boolean("ArgsEscaped"));
    std::optional<std::vector<std::string>> on_build;
    if (c.has("OnBuild")) {
        BERTH_TRY(list, c.strings("OnBuild"));
        on_build = std::move(*list);
    }
    config.image = std::move(*image);
    config.hostname = std::move(*hostname);
    config.domainname = std::move(*domainname);
    config.user = std::move(*user);
    config.attach_stdin = *attach_stdin;
    config.attach_stdout = *attach_stdout;
    config.attach_stderr = *attach_stderr;
    config.tty = *tty;
    config.open_stdin = *open_stdin;
    config.stdin_once = *stdin_once;
    config.env = std::move(*env);
    config.cmd = std::move(*cmd);
    config.entrypoint = std::move(*entrypoint);
    config.shell = std::move(*shell);
    config.on_build = std::move(on_build);
    config.healthcheck = std::move(*healthcheck);
    config.working_dir = std::move(*working_dir);
    config.labels = std::move(*labels);
    config.exposed_ports = std::move(*exposed_ports);
    config.volumes = std::move(*volumes);
    config.stop_signal = std::move(*stop_signal);
    config.stop_timeout = *stop_timeout;
    config.mac_address = std::move(*mac_address);
    config.network_disabled = *network_disabled;
    config.args_escaped = *args_escaped;
    return config;
}

// dockerd's validateContainerConfig.
Result<> validate_config(ContainerConfig& config) {
    if (!config.working_dir.empty()) {
        if (!config.working_dir.starts_with('/'))
            return invalid(std::format("the working directory '{}' is invalid, it needs to be an absolute path",
                                       config.working_dir));
        config.working_dir = clean_path(config.working_dir);
    }
    if (!config.stop_signal.empty()) {
        if (auto signo = parse_signal(config.stop_signal); !signo) return std::unexpected(signo.error());
    }
    for (const auto& entry : config.env) {
        if (entry.empty() || entry.front() == '=') return invalid("invalid environment variable: " + entry);
    }
    if (const auto& health = config.healthcheck) {
        auto too_short = [](int64_t d) { return d != 0 && d < kMinimumHealthDuration; };
        if (too_short(health->interval)) return invalid("Interval in Healthcheck cannot be less than 1ms");
        if (too_short(health->timeout)) return invalid("Timeout in Healthcheck cannot be less than 1ms");
        if (health->retries < 0) return invalid("Retries in Healthcheck cannot be negative");
        if (too_short(health->start_period)) return invalid("StartPeriod in Healthcheck cannot be less than 1ms");
        if (too_short(health->start_interval)) return invalid("StartInterval in Healthcheck cannot be less than 1ms");
    }
    return {};
}

Result<std::vector<std::string>> normalize_capabilities(const std::vector<std::string>& names, std::string_view field) {
    std::vector<std::string> out;
    for (const auto& name : names) {
        auto normalized = runtime::normalize_capability(name);
        if (!normalized) return invalid(std::format("invalid {}: {}", field, normalized.error().message()));
        out.push_back(std::move(*normalized));
    }
    return out;
}

// PortBindings: {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}.
Result<bool> check_port_bindings(const GoObject& hc) {
    const json* bindings = hc.find("PortBindings");
    if (!bindings) return false;
    if (!bindings->is_object())
        return invalid(std::format("invalid JSON: json: cannot unmarshal {} into Go struct field HostConfig.PortBindings "
                                   "of type nat.PortMap",
                                   go_json_kind(*bindings)));
    for (auto it = bindings->begin(); it != bindings->end(); ++it) {
        if (auto ok = validate_port_spec(it.key()); !ok) return std::unexpected(ok.error());
        if (!it.value().is_array()) continue;
        for (const auto& binding : it.value()) {
            if (!binding.is_object()) continue;
            std::string host_port = binding.value("HostPort", "");
            if (host_port.empty()) continue;
            if (auto ok = validate_port_spec(host_port + "/tcp"); !ok)
                return invalid(std::format("invalid port specification: {}", go_quote(host_port)));
        }
    }
    return !bindings->empty();
}

Result<std::array<uint64_t, 2>> console_size(const GoObject& hc) {
    std::array<uint64_t, 2> size{0, 0};
    const json* value = hc.find("ConsoleSize");
    if (!value) return size;
    if (!value->is_array())
        return invalid(std::format("invalid JSON: json: cannot unmarshal {} into Go struct field HostConfig.ConsoleSize "
                                   "of type [2]uint",
                                   go_json_kind(*value)));
    for (size_t i = 0; i < value->size() && i < 2; ++i) {
        const json& item = (*value)[i];
        if (!item.is_number_unsigned() && !(item.is_number_integer() && item.get<int64_t>() >= 0))
            return invalid(std::format("invalid JSON: json: cannot unmarshal {} into Go struct field "
                                       "HostConfig.ConsoleSize of type uint",
                                       go_json_kind(item)));
        size[i] = item.get<uint64_t>();
    }
    return size;
}

Result<HostConfig> parse_host_config(const GoObject& hc, const ContainerConfig& config, const CreateContext& context,
                                     std::vector<std::string>& warnings, bool& has_port_bindings) {
    HostConfig host;
    const auto version = context.api_version;
    auto before = [&](int major, int minor) { return version < api::ApiVersion{major, minor}; };

    BERTH_TRY(network_mode, hc.string("NetworkMode"));
    BERTH_TRY(ipc_mode, hc.string("IpcMode"));
    BERTH_TRY(pid_mode, hc.string("PidMode"));
    BERTH_TRY(uts_mode, hc.string("UTSMode"));
    BERTH_TRY(cgroupns_mode, hc.string("CgroupnsMode"));
    BERTH_TRY(userns_mode, hc.string("UsernsMode"));
    BERTH_TRY(restart, hc.object("RestartPolicy", "container.RestartPolicy"));
    BERTH_TRY(restart_name, restart->string("Name"));
    BERTH_TRY(restart_count, restart->integer("MaximumRetryCount", INT64_MIN, INT64_MAX, "int"));
    BERTH_TRY(auto_remove, hc.boolean("AutoRemove"));
    BERTH_TRY(log, hc.object("LogConfig", "container.LogConfig"));
    BERTH_TRY(log_type, log->string("Type"));
    BERTH_TRY(log_config, log->string_map("Config"));
    BERTH_TRY(cap_add, hc.strings("CapAdd"));
    BERTH_TRY(cap_drop, hc.strings("CapDrop"));
    BERTH_TRY(privileged, hc.boolean("Privileged"));
    BERTH_TRY(readonly_rootfs, hc.boolean("ReadonlyRootfs"));
    BERTH_TRY(publish_all, hc.boolean("PublishAllPorts"));
    BERTH_TRY(security_opt, hc.strings("SecurityOpt"));
    BERTH_TRY(init, hc.optional_boolean("Init"));
    BERTH_TRY(shm_size, hc.int64("ShmSize"));
    BERTH_TRY(dns, hc.strings("Dns"));
    BERTH_TRY(dns_search, hc.strings("DnsSearch"));
    BERTH_TRY(dns_options, hc.strings("DnsOptions"));
    BERTH_TRY(extra_hosts, hc.strings("ExtraHosts"));
    BERTH_TRY(group_add, hc.strings("GroupAdd"));
    BERTH_TRY(sysctls, hc.string_map("Sysctls"));
    BERTH_TRY(oom_score_adj, hc.integer("OomScoreAdj", INT64_MIN, INT64_MAX, "int"));
    BERTH_TRY(runtime_name, hc.string("Runtime"));
    BERTH_TRY(links, hc.strings("Links"));
    BERTH_TRY(volumes_from, hc.strings("VolumesFrom"));
    BERTH_TRY(isolation, hc.string("Isolation"));
    BERTH_TRY(annotations, hc.string_map("Annotations"));
    BERTH_TRY(storage_opt, hc.string_map("StorageOpt"));
    BERTH_TRY(console, console_size(hc));
    BERTH_TRY(port_bindings, check_port_bindings(hc));
    has_port_bindings = *port_bindings;

    // The network mode first, as dockerd's decoder does.
    BERTH_TRY(mode, normalize_network_mode(*network_mode));
    host.network_mode = std::move(*mode);
    host.uts_mode = *uts_mode;
    host.dns = std::move(*dns);
    host.extra_hosts = std::move(*extra_hosts);
    host.publish_all_ports = *publish_all;
    if (auto ok = validate_network_conflicts(config, host, {!links->empty(), has_port_bindings}); !ok)
        return std::unexpected(ok.error());
    if (host.network_mode == "host" && has_port_bindings) // as dockerd: accepted, never applied
        warnings.emplace_back("Published ports are discarded when using host network mode");
    if (!isolation->empty() && *isolation != "default")
        return invalid(std::format("invalid isolation '{}' on linux", *isolation));

    host.auto_remove = *auto_remove && !before(1, 25); // older clients removed the container themselves
    host.restart_policy = {restart_name->empty() ? "no" : *restart_name, *restart_count};

    // dockerd's validateHostConfig.
    if (host.auto_remove && host.restart_policy.name != "no")
        return invalid("can't create 'AutoRemove' container with restart policy");
    BERTH_TRY(mounts, parse_all_mounts(hc, version, context.host.path_exists));
    host.mounts = std::move(*mounts);
    for (const auto& entry : host.extra_hosts)
        if (auto ok = validate_extra_host(entry); !ok) return std::unexpected(ok.error());
    if (auto ok = validate_restart_policy(host.restart_policy); !ok) return std::unexpected(ok.error());
    BERTH_TRY(adds, normalize_capabilities(*cap_add, "CapAdd"));
    BERTH_TRY(drops, normalize_capabilities(*cap_drop, "CapDrop"));
    host.cap_add = std::move(*adds);
    host.cap_drop = std::move(*drops);
    if (!before(1, 43))
        for (const auto& [key, value] : *annotations)
            if (key.empty())
                return invalid("invalid Annotations: the empty string is not permitted as an annotation key");

    // dockerd's verifyPlatformContainerSettings.
    BERTH_TRY(resources, parse_resources(hc, context.host, warnings));
    host.resources = std::move(*resources);
    if (auto ok = validate_ipc_mode(*ipc_mode); !ok) return std::unexpected(ok.error());
    if (auto ok = validate_pid_mode(*pid_mode); !ok) return std::unexpected(ok.error());
    if (*shm_size < 0) return invalid("SHM size can not be less than 0");
    if (auto ok = validate_uts_mode(*uts_mode); !ok) return std::unexpected(ok.error());
    if (*oom_score_adj < -1000 || *oom_score_adj > 1000)
        return invalid(std::format("Invalid value {}, range for oom score adj is [-1000, 1000]", *oom_score_adj));
    if (!runtime_name->empty() && *runtime_name != context.defaults.runtime)
        return invalid(std::format("unknown or invalid runtime name: {}", *runtime_name));
    if (auto ok = validate_cgroupns_mode(*cgroupns_mode); !ok) return std::unexpected(ok.error());
    if (auto ok = validate_userns_mode(*userns_mode); !ok) return std::unexpected(ok.error());
    if (!storage_opt->empty())
        return invalid("--storage-opt is supported only for overlay over xfs with 'pquota' mount option");

    // Defaults for what the client left empty (the router's and adaptContainerSettings').
    host.ipc_mode = *ipc_mode;
    if (host.ipc_mode.empty()) host.ipc_mode = before(1, 40) ? "shareable" : context.defaults.ipc_mode;
    host.cgroupns_mode = *cgroupns_mode;
    if (host.cgroupns_mode.empty()) {
        if (before(1, 41) && !context.host.cgroup_v2)
            host.cgroupns_mode = "host";
        else if (!context.defaults.cgroupns_mode.empty())
            host.cgroupns_mode = context.defaults.cgroupns_mode;
        else
            host.cgroupns_mode = context.host.cgroup_v2 ? "private" : "host"; // v1: Docker shares the host's
    }
    host.pid_mode = *pid_mode;
    host.userns_mode = *userns_mode;
    host.shm_size = *shm_size != 0 ? *shm_size : context.defaults.shm_size;
    host.runtime = runtime_name->empty() ? context.defaults.runtime : *runtime_name;
    host.log_config.type = log_type->empty() ? context.defaults.log_driver : *log_type;
    host.log_config.config = std::move(*log_config);
    if (host.log_config.type == context.defaults.log_driver)
        for (const auto& [key, value] : context.defaults.log_opts) host.log_config.config.try_emplace(key, value);

    host.sysctls = std::move(*sysctls);
    if (auto ok = validate_sysctls(host.sysctls, host); !ok) return std::unexpected(ok.error());
    BERTH_TRY(security, parse_security_options(*security_opt));
    host.security = std::move(*security);
    host.privileged = *privileged;
    host.readonly_rootfs = *readonly_rootfs;
    host.init = *init;
    host.dns_search = std::move(*dns_search);
    host.dns_options = std::move(*dns_options);
    host.group_add = std::move(*group_add);
    host.oom_score_adj = *oom_score_adj;
    host.console_size = before(1, 42) ? std::array<uint64_t, 2>{0, 0} : *console;
    if (hc.has("MaskedPaths")) {
        BERTH_TRY(paths, hc.strings("MaskedPaths"));
        host.masked_paths = std::move(*paths);
    }
    if (hc.has("ReadonlyPaths")) {
        BERTH_TRY(paths, hc.strings("ReadonlyPaths"));
        host.readonly_paths = std::move(*paths);
    }

    // What Berth does not do yet, after Docker's own checks have had their say.
    if (!links->empty()) return fail(ErrorCategory::NotImplemented, "legacy container links (--link) are not supported");
    BERTH_TRY(sources, parse_volumes_from(*volumes_from));
    host.volumes_from = std::move(*sources);
    return host;
}

} // namespace

Result<CreateRequest> parse_create_request(const json& body, const CreateContext& context) {
    if (body.is_null()) return invalid("config cannot be empty in order to create a container");
    if (!body.is_object())
        return invalid(std::format("invalid JSON: json: cannot unmarshal {} into Go value of type "
                                   "container.CreateRequest",
                                   go_json_kind(body)));
    bool has_config = false;
    for (auto field : kConfigFields) has_config = has_config || has_key(body, field);
    if (!has_config) return invalid("config cannot be empty in order to create a container");

    BERTH_TRY(config_view, GoObject::from(&body, "Config", "container.Config"));
    BERTH_TRY(host_view, GoObject::from(config_view->find("HostConfig"), "HostConfig", "container.HostConfig"));
    BERTH_TRY(networking, GoObject::from(config_view->find("NetworkingConfig"), "NetworkingConfig",
                                         "network.NetworkingConfig"));

    CreateRequest request;
    BERTH_TRY(config, parse_config(*config_view));
    request.config = std::move(*config);
    if (context.api_version < api::ApiVersion{1, 44} && request.config.healthcheck)
        request.config.healthcheck->start_interval = 0; // StartInterval came with API 1.44

    bool has_port_bindings = false;
    BERTH_TRY(host, parse_host_config(*host_view, request.config, context, request.warnings, has_port_bindings));
    request.host_config = std::move(*host);

    const json* endpoints = networking->find("EndpointsConfig");
    BERTH_TRY(normalized, normalize_endpoints(endpoints ? *endpoints : json(nullptr), request.host_config.network_mode,
                                              request.config, context.api_version, request.warnings));
    request.endpoints_config = std::move(*normalized);

    if (auto ok = validate_config(request.config); !ok) return std::unexpected(ok.error());

    json sent = host_view->json();
    if (context.api_version < api::ApiVersion{1, 43} && sent.is_object()) sent.erase("Annotations");
    request.inspect_host_config = build_inspect_host_config(sent, request.host_config);
    return request;
}

} // namespace berth::containers::config
