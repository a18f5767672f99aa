#include "compose/service_normalizer.h"

#include "base/units.h"
#include "compose/dotenv.h"
#include "compose/go_duration.h"
#include "compose/port_syntax.h"
#include "compose/shell_words.h"
#include "compose/volume_syntax.h"
#include "compose/yaml_values.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace berth::compose {
namespace {

// compose-go's ServiceConfig field order, which is how `docker compose config` prints a service
// (2.26's; the fields added since, which 2.26 refuses, where later compose-go puts them).
const std::vector<std::string_view> kServiceKeyOrder = {
    "name", "profiles", "annotations", "attach", "build", "blkio_config", "cap_add", "cap_drop",
    "cgroup_parent", "cgroup", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
    "cpu_rt_runtime", "cpus", "cpuset", "cpu_shares", "command", "configs", "container_name",
    "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns",
    "dns_opt", "dns_search", "dockerfile", "domainname", "entrypoint", "provider", "environment", "env_file",
    "expose", "extends", "external_links", "extra_hosts", "group_add", "gpus", "hostname",
    "healthcheck", "image", "init", "ipc", "isolation", "labels", "custom_labels", "links", "logging",
    "log_driver", "log_opt", "mac_address", "models", "mem_limit", "mem_reservation", "mem_swappiness",
    "memswap_limit", "net", "network_mode", "networks", "oom_kill_disable", "oom_score_adj", "pid",
    "pids_limit", "platform", "ports", "privileged", "pull_policy", "read_only", "restart", "runtime",
    "scale", "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
    "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user", "uts", "userns_mode",
    "volumes", "volumes_from", "working_dir", "pre_start", "post_start", "pre_stop"};

const std::vector<std::string_view> kDeployKeyOrder = {
    "mode", "replicas", "labels", "update_config", "rollback_config", "resources", "restart_policy",
    "placement", "endpoint_mode"};

using Fix = Result<void>;

ConfigValue string_map(const YAML::Node& node, bool absent_as_empty) {
    ConfigValue map = ConfigValue::map();
    for (auto& [key, value] : key_values(node)) {
        if (value)
            map.set(key, ConfigValue::string(*value));
        else
            map.set(key, absent_as_empty ? ConfigValue::string("") : ConfigValue{});
    }
    map.sort_keys();
    return map;
}

Fix set_duration(ConfigValue& owner, std::string_view key, const YAML::Node& node) {
    if (!node || is_null_node(node))
        return {};
    auto nanoseconds = parse_go_duration(scalar_text(node));
    if (!nanoseconds)
        return std::unexpected(nanoseconds.error().wrap("{}", key));
    owner.set(key, ConfigValue::string(format_go_duration(*nanoseconds)));
    return {};
}

Fix set_bytes(ConfigValue& owner, std::string_view key, const YAML::Node& node) {
    if (!node || is_null_node(node))
        return {};
    auto bytes = parse_ram_size(scalar_text(node));
    if (!bytes)
        return std::unexpected(bytes.error().wrap("{}", key));
    owner.set(key, ConfigValue::string(std::to_string(*bytes)));
    return {};
}

void set_float(ConfigValue& owner, std::string_view key, const YAML::Node& node) {
    if (node && !is_null_node(node))
        owner.set(key, ConfigValue::floating(std::strtod(scalar_text(node).c_str(), nullptr)));
}

Fix set_shell_command(ConfigValue& service, std::string_view key, const YAML::Node& node) {
    if (!node || is_null_node(node))
        return {};
    if (is_sequence(node)) {
        service.set(key, string_list(node));
        return {};
    }
    auto words = split_shell_words(scalar_text(node));
    if (!words)
        return std::unexpected(words.error().wrap("{}", key));
    ConfigValue list = ConfigValue::list();
    for (auto& word : *words)
        list.push_back(ConfigValue::string(std::move(word)));
    service.set(key, std::move(list));
    return {};
}

void normalize_extra_hosts(ConfigValue& service, const YAML::Node& node);

Fix normalize_build(ConfigValue& service, const YAML::Node& build) {
    ConfigValue out = ConfigValue::map();
    if (is_scalar(build)) {
        out.set("context", ConfigValue::string(build.Scalar()));
        out.set("dockerfile", ConfigValue::string("Dockerfile"));
        service.set("build", std::move(out));
        return {};
    }
    out = typed_value(build);
    out.set("context", ConfigValue::string(build["context"] ? scalar_text(build["context"]) : "."));
    if (!build["dockerfile"] && !build["dockerfile_inline"])
        out.set("dockerfile", ConfigValue::string("Dockerfile"));
    if (build["args"]) {
        // An argument with no value and none in the environment is left out (compose-go's Resolve).
        ConfigValue args = string_map(build["args"], false);
        std::erase_if(args.entries(), [](const auto& entry) { return entry.second.is_null(); });
        out.set("args", std::move(args));
    }
    if (build["extra_hosts"])
        normalize_extra_hosts(out, build["extra_hosts"]);
    if (build["labels"])
        out.set("labels", string_map(build["labels"], true));
    if (auto fixed = set_bytes(out, "shm_size", build["shm_size"]); !fixed)
        return fixed;
    if (is_sequence(build["secrets"])) {
        // Short references become {source}, as a service's configs do.
        ConfigValue secrets = ConfigValue::list();
        for (const auto& item : build["secrets"]) {
            ConfigValue reference = is_map(item) ? typed_value(item) : ConfigValue::map();
            if (!is_map(item))
                reference.set("source", ConfigValue::string(scalar_text(item)));
            reference.order_keys({"source", "target", "uid", "gid", "mode"});
            secrets.push_back(std::move(reference));
        }
        out.set("secrets", std::move(secrets));
    }
    out.order_keys({"context", "dockerfile", "dockerfile_inline", "entitlements", "args", "ssh", "labels",
                    "cache_from", "cache_to", "no_cache", "additional_contexts", "pull", "extra_hosts", "isolation",
                    "network", "target", "secrets", "shm_size", "tags", "ulimits", "platforms", "privileged"});
    service.set("build", std::move(out));
    return {};
}

void normalize_depends_on(ConfigValue& service, const YAML::Node& depends_on) {
    ConfigValue out = ConfigValue::map();
    if (is_sequence(depends_on)) {
        for (const auto& item : depends_on) {
            ConfigValue dependency = ConfigValue::map();
            dependency.set("condition", ConfigValue::string("service_started"));
            dependency.set("required", ConfigValue::boolean(true));
            out.set(scalar_text(item), std::move(dependency));
        }
    } else {
        for (const auto& entry : depends_on) {
            ConfigValue dependency = typed_value(entry.second);
            if (dependency.kind() != ConfigValue::Kind::Map)
                dependency = ConfigValue::map();
            if (!dependency.contains("condition"))
                dependency.set("condition", ConfigValue::string("service_started"));
            if (!dependency.contains("required"))
                dependency.set("required", ConfigValue::boolean(true));
            dependency.order_keys({"condition", "restart", "required"});
            out.set(entry.first.Scalar(), std::move(dependency));
        }
    }
    out.sort_keys();
    service.set("depends_on", std::move(out));
}

struct EnvFile {
    std::string path;
    bool required = true;
};

std::vector<EnvFile> env_files(const YAML::Node& node) {
    std::vector<EnvFile> files;
    if (is_scalar(node)) {
        files.push_back({node.Scalar(), true});
        return files;
    }
    for (const auto& item : node) {
        if (is_map(item))
            files.push_back({scalar_text(item["path"]), scalar_text(item["required"]) != "false"});
        else
            files.push_back({scalar_text(item), true});
    }
    return files;
}

Fix normalize_environment(ConfigValue& service, const YAML::Node& node, const VariableLookup& lookup,
                          ServiceForm form) {
    ConfigValue environment = ConfigValue::map();
    if (node["env_file"] && form == ServiceForm::HashInput) {
        ConfigValue paths = ConfigValue::list();
        // compose-go's EnvFile marshals as its path when required, else as {path, required}.
        for (const auto& file : env_files(node["env_file"])) {
            if (file.required) {
                paths.push_back(ConfigValue::string(file.path));
                continue;
            }
            ConfigValue optional = ConfigValue::map();
            optional.set("path", ConfigValue::string(file.path));
            optional.set("required", ConfigValue::boolean(false));
            paths.push_back(std::move(optional));
        }
        service.set("env_file", std::move(paths));
    } else if (node["env_file"]) {
        for (const auto& file : env_files(node["env_file"])) {
            if (!std::filesystem::exists(file.path)) {
                if (!file.required)
                    continue;
                return fail(ErrorCategory::NotFound, "env file {} not found: stat {}: no such file or directory",
                            file.path, file.path);
            }
            auto values = load_dotenv(file.path, lookup);
            if (!values)
                return std::unexpected(values.error());
            for (const auto& [key, value] : values->entries())
                environment.set(key, ConfigValue::string(value));
        }
        service.erase("env_file");
    }
    for (auto& [key, value] : key_values(node["environment"])) {
        if (!value)
            value = lookup(key); // a bare KEY takes its value from the environment, else stays null
        environment.set(key, value ? ConfigValue::string(*value) : ConfigValue{});
    }
    environment.sort_keys();
    if (!environment.empty()) // Go's omitempty
        service.set("environment", std::move(environment));
    else
        service.erase("environment");
    return {};
}

Fix normalize_healthcheck(ConfigValue& service, const YAML::Node& node) {
    ConfigValue healthcheck = typed_value(node);
    if (healthcheck.kind() != ConfigValue::Kind::Map)
        return {};
    if (const YAML::Node test = node["test"]; test && is_scalar(test) && !is_null_node(test)) {
        ConfigValue list = ConfigValue::list();
        list.push_back(ConfigValue::string("CMD-SHELL"));
        list.push_back(ConfigValue::string(test.Scalar()));
        healthcheck.set("test", std::move(list));
    } else if (test && is_sequence(test)) {
        healthcheck.set("test", string_list(test));
    }
    for (const char* key : {"interval", "timeout", "start_period", "start_interval"})
        if (auto fixed = set_duration(healthcheck, key, node[key]); !fixed)
            return std::unexpected(fixed.error().wrap("healthcheck"));
    healthcheck.order_keys({"test", "timeout", "interval", "retries", "start_period", "start_interval", "disable"});
    service.set("healthcheck", std::move(healthcheck));
    return {};
}

void normalize_networks(ConfigValue& service, const YAML::Node& node) {
    ConfigValue networks = ConfigValue::map();
    if (node["networks"] && is_sequence(node["networks"])) {
        for (const auto& item : node["networks"])
            networks.set(scalar_text(item), ConfigValue{});
    } else if (node["networks"] && is_map(node["networks"])) {
        networks = typed_value(node["networks"]);
        for (auto& [key, network] : networks.entries())
            if (network.kind() == ConfigValue::Kind::Map)
                network.order_keys({"aliases", "gw_priority", "interface_name", "ipv4_address", "ipv6_address",
                                    "link_local_ips", "mac_address", "driver_opts", "priority"});
    } else if (!node["network_mode"]) {
        networks.set("default", ConfigValue{}); // docker compose attaches such services to <project>_default
    } else {
        return;
    }
    networks.sort_keys();
    service.set("networks", std::move(networks));
}

// secrets: [token] → {source: token, target: /run/secrets/token}; configs: [c] → {source: c}.
void normalize_file_references(ConfigValue& service, std::string_view key, const YAML::Node& node,
                               bool default_target) {
    ConfigValue out = ConfigValue::list();
    for (const auto& item : node) {
        ConfigValue reference = is_map(item) ? typed_value(item) : ConfigValue::map();
        if (!is_map(item))
            reference.set("source", ConfigValue::string(scalar_text(item)));
        if (default_target && !reference.contains("target") && reference.find("source"))
            reference.set("target", ConfigValue::string("/run/secrets/" + reference.find("source")->as_string()));
        reference.order_keys({"source", "target", "uid", "gid", "mode"});
        out.push_back(std::move(reference));
    }
    service.set(key, std::move(out));
}

// blkio_config: rates as byte counts in text (iops too: compose-go reads both as
// UnitBytes), fields in compose-go's order.
Fix normalize_blkio(ConfigValue& service, const YAML::Node& node) {
    ConfigValue blkio = typed_value(node);
    if (blkio.kind() != ConfigValue::Kind::Map)
        return {};
    for (const char* key : {"device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops"}) {
        auto* devices = blkio.find(key);
        if (!devices || devices->kind() != ConfigValue::Kind::List)
            continue;
        for (size_t i = 0; i < devices->items().size(); ++i)
            if (auto fixed = set_bytes(devices->items()[i], "rate", node[key][i]["rate"]); !fixed)
                return std::unexpected(fixed.error().wrap("blkio_config.{}", key));
    }
    blkio.order_keys({"weight", "weight_device", "device_read_bps", "device_read_iops", "device_write_bps",
                      "device_write_iops"});
    service.set("blkio_config", std::move(blkio));
    return {};
}

// GPU requests (gpus:, deploy...devices): count "all", or none with no device_ids,
// is -1 (every device); driver options are text.
ConfigValue normalize_device_request(const YAML::Node& node) {
    ConfigValue request = typed_value(node);
    if (request.kind() != ConfigValue::Kind::Map)
        return request;
    const auto* count = request.find("count");
    bool all = count ? (count->kind() == ConfigValue::Kind::String && count->as_string() == "all")
                     : !request.contains("device_ids");
    if (all)
        request.set("count", ConfigValue::integer(-1));
    if (auto* options = request.find("options"); options && options->kind() == ConfigValue::Kind::Map)
        for (auto& [option, value] : options->entries())
            if (value.kind() != ConfigValue::Kind::String && !value.is_null())
                value = ConfigValue::string(scalar_text(node["options"][option]));
    request.order_keys({"capabilities", "driver", "count", "device_ids", "options"});
    return request;
}

ConfigValue normalize_device_requests(const YAML::Node& node) {
    ConfigValue requests = ConfigValue::list();
    if (is_scalar(node)) { // gpus: all
        ConfigValue every = ConfigValue::map();
        every.set("count", ConfigValue::integer(-1));
        requests.push_back(std::move(every));
        return requests;
    }
    for (const auto& item : node)
        requests.push_back(normalize_device_request(item));
    return requests;
}

Fix normalize_deploy(ConfigValue& service, const YAML::Node& node) {
    ConfigValue deploy = typed_value(node);
    if (node["labels"])
        deploy.set("labels", string_map(node["labels"], true));
    for (const char* policy : {"restart_policy", "update_config", "rollback_config"}) {
        auto* section = deploy.find(policy);
        if (!section || section->kind() != ConfigValue::Kind::Map)
            continue;
        for (const char* key : {"delay", "window", "monitor"})
            if (auto fixed = set_duration(*section, key, node[policy][key]); !fixed)
                return std::unexpected(fixed.error().wrap("deploy.{}", policy));
    }
    if (auto* placement = deploy.find("placement"))
        placement->order_keys({"constraints", "preferences", "max_replicas_per_node"});
    deploy.order_keys(kDeployKeyOrder);
    auto* resources = deploy.find("resources");
    if (!resources) {
        service.set("deploy", std::move(deploy));
        return {};
    }
    for (const char* level : {"limits", "reservations"}) {
        auto* limits = resources->find(level);
        if (!limits || limits->kind() != ConfigValue::Kind::Map)
            continue;
        const YAML::Node source = node["resources"][level];
        set_float(*limits, "cpus", source["cpus"]);
        if (limits->contains("devices") && is_sequence(source["devices"]))
            limits->set("devices", normalize_device_requests(source["devices"]));
        if (auto fixed = set_bytes(*limits, "memory", source["memory"]); !fixed)
            return std::unexpected(fixed.error().wrap("deploy.resources.{}", level));
        limits->order_keys({"cpus", "memory", "pids", "devices", "generic_resources"});
    }
    service.set("deploy", std::move(deploy));
    return {};
}

// label_file: KEY=VALUE files read into labels (labels written in the service win).
Fix read_label_files(ConfigValue& out, const YAML::Node& service) {
    ConfigValue labels = ConfigValue::map();
    const VariableLookup nothing = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    for (const auto& path : string_or_list(service["label_file"])) {
        auto values = load_dotenv(path, nothing);
        if (!values)
            return std::unexpected(values.error().wrap("label_file"));
        for (const auto& [key, value] : values->entries())
            labels.set(key, ConfigValue::string(value));
    }
    if (const auto* written = out.find("labels"))
        for (const auto& [key, value] : written->entries())
            labels.set(key, value);
    labels.sort_keys();
    out.set("labels", std::move(labels));
    out.erase("label_file");
    return {};
}

// links, volumes_from and network_mode/ipc "service:x" name services the container
// needs, so docker compose adds them to depends_on (restarting with the target,
// except volumes_from) unless written there.
void add_implicit_dependencies(ConfigValue& out, const YAML::Node& service) {
    ConfigValue* depends_on = out.find("depends_on");
    auto add = [&](const std::string& name, bool restart) {
        if (name.empty())
            return;
        if (!depends_on) {
            out.set("depends_on", ConfigValue::map());
            depends_on = out.find("depends_on");
        }
        if (depends_on->contains(name))
            return;
        ConfigValue dependency = ConfigValue::map();
        dependency.set("condition", ConfigValue::string("service_started"));
        if (restart)
            dependency.set("restart", ConfigValue::boolean(true));
        dependency.set("required", ConfigValue::boolean(true));
        depends_on->set(name, std::move(dependency));
    };
    for (const auto& link : string_or_list(service["links"]))
        add(link.substr(0, link.find(':')), true);
    for (const char* key : {"network_mode", "ipc"}) // "service:zot" shares zot's namespace
        if (std::string mode = scalar_text(service[key]); mode.starts_with("service:"))
            add(mode.substr(8), true);
    for (const auto& source : string_or_list(service["volumes_from"]))
        if (!source.starts_with("container:"))
            add(source.substr(0, source.find(':')), false);
    if (depends_on)
        depends_on->sort_keys();
}

// devices: "/dev/a:/dev/b:rwm" → {source, target, permissions} (target and "rwm" by default).
void normalize_devices(ConfigValue& out, const YAML::Node& node) {
    ConfigValue devices = ConfigValue::list();
    for (const auto& item : node) {
        if (is_map(item)) {
            devices.push_back(typed_value(item));
            continue;
        }
        std::string spec = scalar_text(item);
        std::vector<std::string> parts;
        for (size_t start = 0;;) {
            auto colon = spec.find(':', start);
            parts.push_back(spec.substr(start, colon - start));
            if (colon == std::string::npos)
                break;
            start = colon + 1;
        }
        ConfigValue device = ConfigValue::map();
        device.set("source", ConfigValue::string(parts[0]));
        device.set("target", ConfigValue::string(parts.size() > 1 ? parts[1] : parts[0]));
        device.set("permissions", ConfigValue::string(parts.size() > 2 ? parts[2] : "rwm"));
        devices.push_back(std::move(device));
    }
    out.set("devices", std::move(devices));
}

// extra_hosts as a list of "host=ip" (compose-go's HostsList), from "host:ip" / "host=ip" items or a map,
// sorted as docker compose prints (and hashes) them.
// models: [m] → {m: null} (compose-go's map of pointers), keys sorted as Go prints a map.
void normalize_models(ConfigValue& service, const YAML::Node& node) {
    ConfigValue models = ConfigValue::map();
    if (is_sequence(node)) {
        for (const auto& item : node)
            models.set(scalar_text(item), ConfigValue{});
    } else if (is_map(node)) {
        models = typed_value(node);
        for (auto& [key, model] : models.entries())
            if (model.kind() == ConfigValue::Kind::Map)
                model.order_keys({"endpoint_var", "model_var"});
    }
    models.sort_keys();
    service.set("models", std::move(models));
}

void normalize_extra_hosts(ConfigValue& service, const YAML::Node& node) {
    // One entry per address: `host: [a, b]` and "host=a,b" both give two.
    ConfigValue hosts = ConfigValue::list();
    auto add = [&](const std::string& host, const std::string& addresses) {
        size_t start = 0;
        while (true) {
            auto comma = addresses.find(',', start);
            hosts.push_back(ConfigValue::string(host + "=" + addresses.substr(start, comma - start)));
            if (comma == std::string::npos)
                return;
            start = comma + 1;
        }
    };
    if (is_map(node)) {
        for (const auto& entry : node) {
            if (is_sequence(entry.second))
                for (const auto& address : entry.second)
                    add(entry.first.Scalar(), scalar_text(address));
            else
                add(entry.first.Scalar(), scalar_text(entry.second));
        }
    } else {
        for (auto& item : string_or_list(node)) {
            auto separator = item.find_first_of("=:");
            if (separator == std::string::npos)
                hosts.push_back(ConfigValue::string(item));
            else
                add(item.substr(0, separator), item.substr(separator + 1));
        }
    }
    std::ranges::sort(hosts.items(), {}, [](const ConfigValue& host) { return host.as_string(); });
    service.set("extra_hosts", std::move(hosts));
}

Fix normalize_fields(ConfigValue& out, const YAML::Node& service, const VariableLookup& lookup, ServiceForm form) {
    // Go's omitempty drops these when false (init is a pointer in compose-go and stays).
    for (const char* key : {"privileged", "read_only", "tty", "stdin_open", "oom_kill_disable", "use_api_socket"})
        if (const auto* flag = out.find(key); flag && flag->kind() == ConfigValue::Kind::Bool && !flag->as_bool())
            out.erase(key);
    if (service["extra_hosts"])
        normalize_extra_hosts(out, service["extra_hosts"]);
    if (service["models"])
        normalize_models(out, service["models"]);
    if (is_sequence(service["devices"]))
        normalize_devices(out, service["devices"]);
    if (is_map(service["blkio_config"]))
        if (auto fixed = normalize_blkio(out, service["blkio_config"]); !fixed)
            return fixed;
    if (service["gpus"] && !is_null_node(service["gpus"]))
        out.set("gpus", normalize_device_requests(service["gpus"]));
    if (service["build"])
        if (auto fixed = normalize_build(out, service["build"]); !fixed)
            return std::unexpected(fixed.error().wrap("build"));
    for (const char* key : {"command", "entrypoint"})
        if (auto fixed = set_shell_command(out, key, service[key]); !fixed)
            return fixed;
    if (service["depends_on"])
        normalize_depends_on(out, service["depends_on"]);
    if (auto fixed = normalize_environment(out, service, lookup, form); !fixed)
        return fixed;
    if (service["healthcheck"])
        if (auto fixed = normalize_healthcheck(out, service["healthcheck"]); !fixed)
            return fixed;
    if (service["ports"]) {
        auto ports = normalize_ports(service["ports"]);
        if (!ports)
            return std::unexpected(ports.error().wrap("ports"));
        out.set("ports", std::move(*ports));
    }
    if (service["volumes"]) {
        auto volumes = normalize_volumes(service["volumes"]);
        if (!volumes)
            return std::unexpected(volumes.error().wrap("volumes"));
        out.set("volumes", std::move(*volumes));
    }
    for (const char* key : {"labels", "annotations"})
        if (service[key])
            out.set(key, string_map(service[key], true));
    if (service["label_file"])
        if (auto fixed = read_label_files(out, service); !fixed)
            return fixed;
    if (service["sysctls"])
        out.set("sysctls", string_map(service["sysctls"], true));
    for (const char* key : {"dns", "dns_search", "dns_opt", "tmpfs", "expose", "cap_add", "cap_drop", "security_opt",
                            "profiles", "external_links", "links", "volumes_from", "group_add", "device_cgroup_rules"})
        if (service[key])
            out.set(key, string_list(service[key]));
    for (const char* key : {"mem_limit", "mem_reservation", "memswap_limit", "shm_size", "mem_swappiness"})
        if (auto fixed = set_bytes(out, key, service[key]); !fixed)
            return fixed;
    set_float(out, "cpus", service["cpus"]);
    if (auto fixed = set_duration(out, "stop_grace_period", service["stop_grace_period"]); !fixed)
        return fixed;
    normalize_networks(out, service);
    add_implicit_dependencies(out, service);
    if (service["secrets"])
        normalize_file_references(out, "secrets", service["secrets"], true);
    if (service["configs"])
        normalize_file_references(out, "configs", service["configs"], false);
    if (service["deploy"])
        return normalize_deploy(out, service["deploy"]);
    return {};
}

Result<ConfigValue> normalize_service_fields(std::string_view name, const YAML::Node& service,
                                             const VariableLookup& lookup, ServiceForm form);

} // namespace

const std::vector<std::string_view>& service_key_order() { return kServiceKeyOrder; }
const std::vector<std::string_view>& deploy_key_order() { return kDeployKeyOrder; }

Result<ConfigValue> normalize_service(std::string_view name, const YAML::Node& service, const VariableLookup& lookup,
                                      ServiceForm form) {
    if (!is_map(service))
        return fail(ErrorCategory::Invalid, "services.{} must be a mapping", name);
    // The schema is not checked first, so a field of an unexpected shape deep
    // inside (a scalar where a map belongs) reaches yaml-cpp, which throws.
    try {
        return normalize_service_fields(name, service, lookup, form);
    } catch (const YAML::Exception& error) {
        return fail(ErrorCategory::Invalid, "services.{}: invalid shape: {}", name, error.what());
    }
}

namespace {

Result<ConfigValue> normalize_service_fields(std::string_view name, const YAML::Node& service,
                                             const VariableLookup& lookup, ServiceForm form) {
    ConfigValue out = typed_value(service);
    if (out.kind() != ConfigValue::Kind::Map)
        out = ConfigValue::map();
    out.erase("extends"); // already applied (extends.h)
    if (auto fixed = normalize_fields(out, service, lookup, form); !fixed) {
        // docker compose names a missing env_file by its path alone.
        if (fixed.error().category() == ErrorCategory::NotFound)
            return std::unexpected(fixed.error());
        return std::unexpected(fixed.error().wrap("services.{}", name));
    }
    // Go maps print sorted (struct fields keep their order).
    for (const char* key : {"ulimits", "storage_opt", "log_opt"})
        if (auto* map = out.find(key); map && map->kind() == ConfigValue::Kind::Map)
            map->sort_keys();
    if (auto* logging = out.find("logging"))
        if (auto* options = logging->find("options"); options && options->kind() == ConfigValue::Kind::Map)
            options->sort_keys();
    if (auto* build = out.find("build"))
        if (auto* contexts = build->find("additional_contexts"); contexts && contexts->kind() == ConfigValue::Kind::Map)
            contexts->sort_keys();
    // Go's omitempty: empty lists and maps are not printed (dns: "" is none).
    std::erase_if(out.entries(), [](const auto& entry) {
        const ConfigValue& value = entry.second;
        return (value.kind() == ConfigValue::Kind::List || value.kind() == ConfigValue::Kind::Map) && value.empty();
    });
    for (const char* key : {"dns", "dns_search", "dns_opt"})
        if (auto* list = out.find(key)) {
            std::erase_if(list->items(), [](const ConfigValue& item) {
                return item.kind() == ConfigValue::Kind::String && item.as_string().empty();
            });
            if (list->empty())
                out.erase(key);
        }
    // docker compose does not print a service's x- extensions.
    std::erase_if(out.entries(), [](const auto& entry) { return entry.first.starts_with("x-"); });
    out.order_keys(kServiceKeyOrder);
    return out;
}

} // namespace

} // namespace berth::compose
