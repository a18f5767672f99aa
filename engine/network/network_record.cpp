#include "network/network_record.h"

#include "network/sublink_network.h"

namespace berth::network {

using nlohmann::json;

namespace {

std::map<std::string, std::string> string_map(const json& object) {
    std::map<std::string, std::string> out;
    if (!object.is_object()) return out;
    for (const auto& [key, value] : object.items())
        if (value.is_string()) out[key] = value.get<std::string>();
    return out;
}

json map_json(const std::map<std::string, std::string>& values) {
    json out = json::object();
    for (const auto& [key, value] : values) out[key] = value;
    return out;
}

// Go's zero values for what is absent or null (the CLI sends null for unset maps).
bool flag(const json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_boolean() && found->get<bool>();
}

json object_field(const json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_object() ? *found : json::object();
}

std::string text_field(const json& object, const char* key) {
    auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

// moby's ValidateIPAM, for the IPv4 subset berthd has.
std::unexpected<Error> invalid_config(std::string_view detail) {
    return fail(ErrorCategory::Invalid, "invalid network config:\n{}", detail);
}

Result<IpamPool> parse_ipam_pool(const json& config) {
    IpamPool pool;
    std::string subnet_text = text_field(config, "Subnet");
    if (!subnet_text.empty()) {
        auto subnet = Ipv4Network::parse(subnet_text);
        if (!subnet) return invalid_config(std::format("invalid subnet {}: invalid CIDR address: {}", subnet_text, subnet_text));
        if (subnet->network() != *subnet)
            return invalid_config(std::format("invalid subnet {}: it should be {}", subnet_text,
                                              subnet->network().to_string()));
        pool.subnet = *subnet;
    }
    auto inside = [&](std::string_view what, Ipv4Address address) -> Result<> {
        if (!pool.subnet) return invalid_config(std::format("invalid {} {}: no matching subnet", what, address.to_string()));
        if (!pool.subnet->contains(address))
            return invalid_config(std::format("invalid {} {}: IP {} does not belong to subnet {}", what,
                                              address.to_string(), address.to_string(), pool.subnet->to_string()));
        return {};
    };
    if (std::string gateway = text_field(config, "Gateway"); !gateway.empty()) {
        auto address = Ipv4Address::parse(gateway);
        if (!address) return invalid_config(std::format("invalid gateway address {}", gateway));
        if (auto ok = inside("gateway", *address); !ok) return std::unexpected(ok.error());
        pool.gateway = *address;
    }
    if (std::string range = text_field(config, "IPRange"); !range.empty()) {
        auto parsed = Ipv4Network::parse(range);
        if (!parsed) return invalid_config(std::format("invalid ip-range {}: invalid CIDR address: {}", range, range));
        if (!pool.subnet || !pool.subnet->contains(parsed->network().first()) ||
            parsed->prefix_length < pool.subnet->prefix_length)
            return invalid_config(std::format("invalid ip-range {}: it should be a subset of subnet {}", range,
                                              pool.subnet ? pool.subnet->to_string() : std::string("(none)")));
        pool.ip_range = parsed->network();
    }
    for (const auto& [name, value] : string_map(object_field(config, "AuxiliaryAddresses"))) {
        auto address = Ipv4Address::parse(value);
        if (!address) return invalid_config(std::format("invalid auxiliary address {}: {}", name, value));
        if (auto ok = inside("auxiliary address " + name, *address); !ok) return std::unexpected(ok.error());
        pool.aux_addresses[name] = *address;
    }
    return pool;
}

// The IPv6 entry: subnet and gateway, in the words of the IPv4 ones.
Result<Ipv6IpamPool> parse_ipv6_ipam_pool(const json& config) {
    Ipv6IpamPool pool;
    std::string subnet_text = text_field(config, "Subnet");
    if (!text_field(config, "IPRange").empty() || !object_field(config, "AuxiliaryAddresses").empty())
        return fail(ErrorCategory::NotImplemented, "--ip-range and --aux-address for IPv6 subnets are not supported yet");
    auto subnet = Ipv6Network::parse(subnet_text);
    if (!subnet) return invalid_config(std::format("invalid subnet {}: invalid CIDR address: {}", subnet_text, subnet_text));
    if (subnet->network() != *subnet)
        return invalid_config(std::format("invalid subnet {}: it should be {}", subnet_text, subnet->network().to_string()));
    pool.subnet = *subnet;
    if (std::string gateway = text_field(config, "Gateway"); !gateway.empty()) {
        auto address = Ipv6Address::parse(gateway);
        if (!address) return invalid_config(std::format("invalid gateway address {}", gateway));
        if (!subnet->contains(*address))
            return invalid_config(std::format("invalid gateway {}: IP {} does not belong to subnet {}", gateway,
                                              address->to_string(), subnet->to_string()));
        pool.gateway = *address;
    }
    return pool;
}

// IPAM.Config: one entry per family at most. An IPv6 entry counts only with
// EnableIPv6 (moby's ValidateIPAM skips it otherwise).
Result<> parse_ipam_configs(const json& configs, NetworkRecord& n) {
    if (!configs.is_array()) return {};
    for (const json& config : configs) {
        bool ipv6 = looks_like_ipv6(text_field(config, "Subnet")) ||
                    (text_field(config, "Subnet").empty() && looks_like_ipv6(text_field(config, "Gateway")));
        if (ipv6 && !n.enable_ipv6) continue;
        if (ipv6 ? n.ipam6.has_value() : n.ipam.has_value())
            return fail(ErrorCategory::NotImplemented, "more than one {} IPAM config: not supported yet",
                        ipv6 ? "IPv6" : "IPv4");
        if (ipv6) {
            auto pool = parse_ipv6_ipam_pool(config);
            if (!pool) return std::unexpected(pool.error());
            n.ipam6 = *pool;
            continue;
        }
        auto pool = parse_ipam_pool(config);
        if (!pool) return std::unexpected(pool.error());
        if (!pool->subnet && (pool->gateway || pool->ip_range || !pool->aux_addresses.empty()))
            return invalid_config("gateway, ip-range and aux-address need a subnet");
        n.ipam = *pool;
    }
    return {};
}

json ipam_json(const NetworkRecord& n) {
    json configs = json::array();
    if (n.ipam && n.ipam->subnet) {
        json config{{"Subnet", n.ipam->subnet->to_string()}};
        if (n.ipam->gateway) config["Gateway"] = n.ipam->gateway->to_string();
        if (n.ipam->ip_range) config["IPRange"] = n.ipam->ip_range->to_string();
        if (!n.ipam->aux_addresses.empty()) {
            json aux = json::object();
            for (const auto& [name, address] : n.ipam->aux_addresses) aux[name] = address.to_string();
            config["AuxiliaryAddresses"] = aux;
        }
        configs.push_back(config);
    }
    if (n.enable_ipv6 && n.ipam6 && n.ipam6->subnet) {
        json config{{"Subnet", n.ipam6->subnet->to_string()}};
        if (n.ipam6->gateway) config["Gateway"] = n.ipam6->gateway->to_string();
        configs.push_back(config);
    }
    return json{{"Driver", "default"}, {"Options", nullptr}, {"Config", configs}};
}

} // namespace

bool is_sublink_driver(std::string_view driver) { return driver == "macvlan" || driver == "ipvlan"; }

std::string NetworkRecord::sublink_parent() const {
    auto parent = options.find("parent");
    return parent != options.end() && !parent->second.empty() ? parent->second : "dm-" + id.substr(0, 12);
}

Result<NetworkRecord> parse_network_create(const json& body) {
    if (!body.is_object()) return fail(ErrorCategory::Invalid, "invalid JSON: the body must be an object");
    NetworkRecord n;
    n.name = text_field(body, "Name");
    if (n.name.empty()) return fail(ErrorCategory::Invalid, "network name must not be empty");
    std::string driver = text_field(body, "Driver");
    n.driver = driver.empty() ? "bridge" : driver;
    if (n.driver == "host" || n.driver == "null")
        return fail(ErrorCategory::Forbidden, "only one instance of \"{}\" network is allowed", n.driver);
    if (n.driver == "overlay")
        return fail(ErrorCategory::NotImplemented, "the {} driver is not supported yet", n.driver);
    if (n.driver != "bridge" && !is_sublink_driver(n.driver)) return fail(ErrorCategory::NotFound, "plugin \"{}\" not found", n.driver);
    n.enable_ipv6 = flag(body, "EnableIPv6");
    if (n.enable_ipv6 && n.driver != "bridge")
        return fail(ErrorCategory::NotImplemented, "IPv6 on {} networks is not supported yet", n.driver);
    n.internal = flag(body, "Internal");
    n.attachable = flag(body, "Attachable");
    n.options = string_map(object_field(body, "Options"));
    n.labels = string_map(object_field(body, "Labels"));
    if (is_sublink_driver(n.driver)) {
        auto mode = n.options.find(n.driver + "_mode");
        if (auto valid = sublink_mode(n.driver, mode == n.options.end() ? "" : mode->second); !valid)
            return std::unexpected(valid.error());
    }
    if (auto ipam = body.find("IPAM"); ipam != body.end() && ipam->is_object()) {
        std::string ipam_driver = text_field(*ipam, "Driver");
        if (!ipam_driver.empty() && ipam_driver != "default")
            return fail(ErrorCategory::NotFound, "plugin \"{}\" not found", ipam_driver);
        if (auto configs = ipam->find("Config"); configs != ipam->end())
            if (auto parsed = parse_ipam_configs(*configs, n); !parsed) return std::unexpected(parsed.error());
    }
    return n;
}

json network_to_docker_json(const NetworkRecord& n, bool with_containers) {
    json containers = json::object();
    if (with_containers)
        for (const auto& [id, a] : n.containers)
            containers[id] = json{{"Name", a.container_name},
                                  {"EndpointID", a.endpoint_id},
                                  {"MacAddress", a.mac},
                                  {"IPv4Address", a.ipv4},
                                  {"IPv6Address", a.ipv6}};
    return json{{"Name", n.name},
                {"Id", n.id},
                {"Created", n.created},
                {"Scope", "local"},
                {"Driver", n.driver},
                {"EnableIPv4", true},
                {"EnableIPv6", n.enable_ipv6},
                {"IPAM", ipam_json(n)},
                {"Internal", n.internal},
                {"Attachable", n.attachable},
                {"Ingress", false},
                {"ConfigFrom", json{{"Network", ""}}},
                {"ConfigOnly", false},
                {"Containers", containers},
                {"Options", map_json(n.options)},
                {"Labels", map_json(n.labels)}};
}

json network_to_json(const NetworkRecord& n) {
    json out = network_to_docker_json(n, true);
    out["Bridge"] = n.bridge;
    json aliases = json::object();
    json sandboxes = json::object();
    for (const auto& [id, a] : n.containers) {
        aliases[id] = a.aliases;
        sandboxes[id] = a.netns_path;
    }
    out["Aliases"] = aliases;
    out["Sandboxes"] = sandboxes;
    return out;
}

Result<NetworkRecord> network_from_json(const json& d) {
    if (!d.is_object()) return fail(ErrorCategory::Invalid, "network record: not a JSON object");
    NetworkRecord n;
    n.id = text_field(d, "Id");
    n.name = text_field(d, "Name");
    n.driver = text_field(d, "Driver");
    n.created = text_field(d, "Created");
    if (n.id.empty() || n.name.empty()) return fail(ErrorCategory::Invalid, "network record: no Id or Name");
    n.internal = flag(d, "Internal");
    n.attachable = flag(d, "Attachable");
    n.options = string_map(object_field(d, "Options"));
    n.labels = string_map(object_field(d, "Labels"));
    n.bridge = text_field(d, "Bridge");
    n.enable_ipv6 = flag(d, "EnableIPv6");
    json ipam_object = object_field(d, "IPAM");
    json configs = ipam_object.contains("Config") ? ipam_object["Config"] : json::array();
    if (auto parsed = parse_ipam_configs(configs, n); !parsed)
        return std::unexpected(std::move(parsed.error()).wrap("network record {}", n.name));
    json aliases = object_field(d, "Aliases");
    json sandboxes = object_field(d, "Sandboxes");
    json attached = object_field(d, "Containers");
    for (const auto& [id, c] : attached.items()) {
        NetworkAttachment a;
        a.container_name = text_field(c, "Name");
        a.endpoint_id = text_field(c, "EndpointID");
        a.mac = text_field(c, "MacAddress");
        a.ipv4 = text_field(c, "IPv4Address");
        a.ipv6 = text_field(c, "IPv6Address");
        if (auto found = aliases.find(id); found != aliases.end() && found->is_array())
            for (const auto& alias : *found)
                if (alias.is_string()) a.aliases.push_back(alias.get<std::string>());
        if (auto found = sandboxes.find(id); found != sandboxes.end() && found->is_string())
            a.netns_path = found->get<std::string>();
        n.containers[id] = std::move(a);
    }
    return n;
}

} // namespace berth::network
