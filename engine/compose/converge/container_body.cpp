#include "compose/converge/container_body.h"

#include "compose/go_duration.h"

namespace berth::compose::converge {
namespace {

using nlohmann::json;

std::string text(const ConfigValue* value) {
    if (!value)
        return {};
    switch (value->kind()) {
    case ConfigValue::Kind::String: return value->as_string();
    case ConfigValue::Kind::Integer: return std::to_string(value->as_integer());
    case ConfigValue::Kind::Bool: return value->as_bool() ? "true" : "false";
    default: return {};
    }
}

bool flag(const ConfigValue* value) { return value && value->kind() == ConfigValue::Kind::Bool && value->as_bool(); }

json strings(const ConfigValue* list) {
    json out = json::array();
    if (list)
        for (const auto& item : list->items())
            out.push_back(text(&item));
    return out;
}

json string_map(const ConfigValue* map) {
    json out = json::object();
    if (map)
        for (const auto& [key, value] : map->entries())
            out[key] = text(&value);
    return out;
}

// Go durations ("1m30s") in nanoseconds, 0 when absent or malformed (the loader checked them).
int64_t nanoseconds(const ConfigValue* value) {
    if (!value)
        return 0;
    auto parsed = parse_go_duration(text(value));
    return parsed ? *parsed : 0;
}

json environment(const ConfigValue& config) {
    json env = json::array();
    if (const auto* map = config.find("environment"))
        for (const auto& [key, value] : map->entries())
            if (!value.is_null()) // an unset variable with no value is left out
                env.push_back(key + "=" + text(&value));
    return env;
}

json healthcheck(const ConfigValue* check) {
    if (!check)
        return nullptr;
    if (flag(check->find("disable")))
        return json{{"Test", json::array({"NONE"})}};
    json out = json::object();
    if (const auto* test = check->find("test"))
        out["Test"] = strings(test);
    out["Interval"] = nanoseconds(check->find("interval"));
    out["Timeout"] = nanoseconds(check->find("timeout"));
    out["StartPeriod"] = nanoseconds(check->find("start_period"));
    out["StartInterval"] = nanoseconds(check->find("start_interval"));
    if (const auto* retries = check->find("retries"); retries && retries->kind() == ConfigValue::Kind::Integer)
        out["Retries"] = retries->as_integer();
    return out;
}

std::string port_key(const std::string& port, const std::string& protocol) {
    return port.find('/') == std::string::npos ? port + "/" + (protocol.empty() ? "tcp" : protocol) : port;
}

json exposed_ports(const ServiceModel& service, const ConfigValue& config) {
    json out = json::object();
    for (const auto& port : service.ports)
        out[port_key(std::to_string(port.target), port.protocol)] = json::object();
    if (const auto* expose = config.find("expose"))
        for (const auto& port : expose->items())
            out[port_key(text(&port), "tcp")] = json::object();
    return out;
}

json port_bindings(const ServiceModel& service) {
    json out = json::object();
    for (const auto& port : service.ports)
        out[port_key(std::to_string(port.target), port.protocol)].push_back(
            {{"HostIp", port.host_ip}, {"HostPort", port.published}});
    return out;
}

std::string volume_name(const ProjectModel& project, const std::string& key) {
    for (const auto& volume : project.volumes)
        if (volume.key == key)
            return volume.name;
    return key;
}

// Binds for bind mounts the daemon may create (docker compose's legacy path), Mounts for the rest.
void add_mounts(const ContainerSpec& spec, json& host_config) {
    json binds = json::array();
    json mounts = json::array();
    const auto* volumes = spec.config.find("volumes");
    if (volumes)
        for (const auto& volume : volumes->items()) {
            std::string type = text(volume.find("type"));
            std::string source = text(volume.find("source"));
            std::string target = text(volume.find("target"));
            bool read_only = flag(volume.find("read_only"));
            if (type == "bind") {
                binds.push_back(source + ":" + target + (read_only ? ":ro" : ":rw"));
            } else if (type == "volume") {
                json mount = {{"Type", "volume"}, {"Target", target}, {"ReadOnly", read_only}};
                if (!source.empty())
                    mount["Source"] = volume_name(spec.project, source);
                if (const auto* options = volume.find("volume"); options && flag(options->find("nocopy")))
                    mount["VolumeOptions"] = {{"NoCopy", true}};
                mounts.push_back(mount);
            } else if (type == "tmpfs") {
                json mount = {{"Type", "tmpfs"}, {"Target", target}};
                mounts.push_back(mount);
            }
        }
    if (!binds.empty())
        host_config["Binds"] = binds;
    if (!mounts.empty())
        host_config["Mounts"] = mounts;
}

json restart_policy(const ConfigValue& config) {
    std::string restart = text(config.find("restart"));
    if (restart.empty())
        return {{"Name", "no"}, {"MaximumRetryCount", 0}};
    int retries = 0;
    if (auto colon = restart.find(':'); colon != std::string::npos) {
        retries = std::atoi(restart.c_str() + colon + 1);
        restart.resize(colon);
    }
    return {{"Name", restart}, {"MaximumRetryCount", retries}};
}

json tmpfs(const ConfigValue* list) {
    json out = json::object();
    if (list)
        for (const auto& item : list->items()) {
            std::string entry = text(&item);
            auto colon = entry.find(':');
            out[entry.substr(0, colon)] = colon == std::string::npos ? "" : entry.substr(colon + 1);
        }
    return out;
}

std::string network_name(const ProjectModel& project, const std::string& key) {
    for (const auto& network : project.networks)
        if (network.key == key)
            return network.name;
    return key;
}

json host_config(const ContainerSpec& spec, const std::vector<NetworkAttachment>& networks) {
    const ConfigValue& config = spec.config;
    json host = json::object();
    add_mounts(spec, host);
    host["PortBindings"] = port_bindings(spec.service);
    host["RestartPolicy"] = restart_policy(config);
    host["NetworkMode"] = spec.service.network_mode ? *spec.service.network_mode
                          : networks.empty()        ? std::string("default")
                                                    : networks.front().network;
    host["CapAdd"] = strings(config.find("cap_add"));
    host["CapDrop"] = strings(config.find("cap_drop"));
    host["Dns"] = strings(config.find("dns"));
    host["DnsSearch"] = strings(config.find("dns_search"));
    host["DnsOptions"] = strings(config.find("dns_opt"));
    host["ExtraHosts"] = engine_extra_hosts(config.find("extra_hosts"));
    host["GroupAdd"] = strings(config.find("group_add"));
    host["SecurityOpt"] = strings(config.find("security_opt"));
    host["Privileged"] = flag(config.find("privileged"));
    host["ReadonlyRootfs"] = flag(config.find("read_only"));
    if (const auto* init = config.find("init"); init && init->kind() == ConfigValue::Kind::Bool)
        host["Init"] = init->as_bool();
    if (auto table = tmpfs(config.find("tmpfs")); !table.empty())
        host["Tmpfs"] = table;
    if (const auto* pid = config.find("pid"))
        host["PidMode"] = text(pid);
    if (const auto* ipc = config.find("ipc"))
        host["IpcMode"] = text(ipc);
    return host;
}

json container_config(const ContainerSpec& spec) {
    const ConfigValue& config = spec.config;
    json body = json::object();
    body["Image"] = spec.service.image;
    body["Hostname"] = text(config.find("hostname"));
    body["Domainname"] = text(config.find("domainname"));
    body["User"] = text(config.find("user"));
    body["WorkingDir"] = text(config.find("working_dir"));
    body["AttachStdin"] = false;
    body["AttachStdout"] = true;
    body["AttachStderr"] = true;
    body["Tty"] = flag(config.find("tty"));
    body["OpenStdin"] = flag(config.find("stdin_open"));
    body["Env"] = environment(config);
    if (const auto* command = config.find("command"); command && !command->is_null())
        body["Cmd"] = strings(command);
    if (const auto* entrypoint = config.find("entrypoint"); entrypoint && !entrypoint->is_null())
        body["Entrypoint"] = strings(entrypoint);
    body["ExposedPorts"] = exposed_ports(spec.service, config);
    body["Labels"] = container_labels(spec.project, spec.service, labels_of(config.find("labels")), spec.number,
                                      spec.image_id);
    if (const auto* signal = config.find("stop_signal"))
        body["StopSignal"] = text(signal);
    if (const auto* grace = config.find("stop_grace_period"))
        body["StopTimeout"] = nanoseconds(grace) / 1'000'000'000;
    if (auto check = healthcheck(config.find("healthcheck")); !check.is_null())
        body["Healthcheck"] = check;
    return body;
}

} // namespace

Labels labels_of(const ConfigValue* labels) {
    Labels out;
    if (!labels)
        return out;
    for (const auto& [key, value] : labels->entries())
        out[key] = text(&value);
    for (const auto& item : labels->items()) {
        std::string entry = text(&item);
        auto equals = entry.find('=');
        out[entry.substr(0, equals)] = equals == std::string::npos ? "" : entry.substr(equals + 1);
    }
    return out;
}

std::string container_name_of(const ContainerSpec& spec) {
    if (const auto* name = spec.config.find("container_name"); name && !text(name).empty())
        return text(name);
    return container_name(spec.project.name, spec.service.name, spec.number);
}

std::vector<NetworkAttachment> network_attachments(const ContainerSpec& spec) {
    std::vector<NetworkAttachment> out;
    if (spec.service.network_mode)
        return out;
    const auto* networks = spec.config.find("networks");
    for (const auto& key : spec.service.networks) {
        json aliases = json::array({container_name_of(spec), spec.service.name});
        json endpoint = json::object();
        const ConfigValue* settings = networks ? networks->find(key) : nullptr;
        if (settings && !settings->is_null()) {
            if (const auto* extra = settings->find("aliases"))
                for (const auto& alias : extra->items())
                    aliases.push_back(text(&alias));
            json ipam = json::object();
            if (const auto* v4 = settings->find("ipv4_address"))
                ipam["IPv4Address"] = text(v4);
            if (const auto* v6 = settings->find("ipv6_address"))
                ipam["IPv6Address"] = text(v6);
            if (const auto* link_local = settings->find("link_local_ips"))
                ipam["LinkLocalIPs"] = strings(link_local);
            if (!ipam.empty())
                endpoint["IPAMConfig"] = ipam;
            if (const auto* mac = settings->find("mac_address"); mac && !text(mac).empty())
                endpoint["MacAddress"] = text(mac);
            if (const auto* options = settings->find("driver_opts"))
                endpoint["DriverOpts"] = string_map(options);
        }
        endpoint["Aliases"] = aliases;
        out.push_back({network_name(spec.project, key), endpoint});
    }
    // The service-level mac_address is the main network's (API 1.44+), as docker compose moves it
    // (a different one on that network is refused before: see unhonoured_fields).
    if (const auto* mac = spec.config.find("mac_address"); mac && !text(mac).empty() && !out.empty())
        if (!out.front().endpoint.contains("MacAddress"))
            out.front().endpoint["MacAddress"] = text(mac);
    return out;
}

json engine_extra_hosts(const ConfigValue* hosts) {
    json out = json::array();
    if (hosts)
        for (const auto& entry : hosts->items()) {
            std::string host = text(&entry);
            if (auto equals = host.find('='); equals != std::string::npos)
                host[equals] = ':';
            out.push_back(host);
        }
    return out;
}

json container_create_body(const ContainerSpec& spec) {
    auto networks = network_attachments(spec);
    json body = container_config(spec);
    body["HostConfig"] = host_config(spec, networks);
    json endpoints = json::object();
    for (const auto& network : networks) // every network at create, as docker compose does with API >= 1.44
        endpoints[network.network] = network.endpoint;
    body["NetworkingConfig"] = {{"EndpointsConfig", endpoints}};
    return body;
}

} // namespace berth::compose::converge
