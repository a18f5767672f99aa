#include "containers/config/network_settings.h"

#include "containers/config/go_json.h"
#include "network/mac_address.h"

#include <arpa/inet.h>
#include <charconv>
#include <optional>

namespace berth::containers::config {
namespace {

bool is_container_mode(std::string_view mode) { return mode.starts_with("container:"); }

bool valid_ip(std::string_view text) {
    std::string s(text);
    unsigned char buffer[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, s.c_str(), buffer) == 1 || inet_pton(AF_INET6, s.c_str(), buffer) == 1;
}

std::optional<int> port_number(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 65535)
        return std::nullopt;
    return value;
}

// "80" or "8000-8010".
bool valid_port_range(std::string_view text) {
    auto dash = text.find('-');
    if (dash == std::string_view::npos) return port_number(text).has_value();
    auto low = port_number(text.substr(0, dash));
    auto high = port_number(text.substr(dash + 1));
    return low && high && *low <= *high;
}

// What every endpoint is checked for, whatever its network: its MAC address
// and link-local addresses (moby's validateEndpointSettings).
Result<> check_endpoint_addresses(const std::string& name, const nlohmann::json& endpoint) {
    auto mac = endpoint.find("MacAddress");
    if (mac != endpoint.end() && mac->is_string() && !mac->get<std::string>().empty() &&
        !network::parse_mac(mac->get<std::string>()))
        return fail(ErrorCategory::Invalid, "invalid config for network {}: invalid MAC address {}", name,
                    mac->get<std::string>());
    auto ipam = endpoint.find("IPAMConfig");
    if (ipam == endpoint.end() || !ipam->is_object()) return {};
    auto link_local = ipam->find("LinkLocalIPs");
    if (link_local == ipam->end() || !link_local->is_array()) return {};
    for (const auto& address : *link_local)
        if (!address.is_string() || !valid_ip(address.get<std::string>()))
            return fail(ErrorCategory::Invalid, "invalid config for network {}: invalid link-local IP address: {}",
                        name, address.is_string() ? address.get<std::string>() : address.dump());
    return {};
}

} // namespace

Result<std::string> normalize_network_mode(std::string_view mode) {
    if (mode.empty() || mode == "default") return std::string("bridge");
    if (mode == "bridge" || mode == "none" || mode == "host") return std::string(mode);
    if (is_container_mode(mode)) {
        std::string_view target = mode.substr(10);
        if (target.empty() || target.find(':') != std::string_view::npos)
            return fail(ErrorCategory::Invalid, "Invalid network mode: invalid container format container:<name|id>");
        return std::string(mode);
    }
    return std::string(mode); // a user-defined network: the service checks that it exists

}

Result<> validate_extra_host(std::string_view entry) {
    auto colon = entry.find(':');
    if (colon == std::string_view::npos || colon == 0)
        return fail(ErrorCategory::Invalid, "bad format for add-host: {}", go_quote(entry));
    std::string_view address = entry.substr(colon + 1);
    if (address == "host-gateway") return {};
    std::string_view bare = address;
    if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
    if (!valid_ip(bare)) return fail(ErrorCategory::Invalid, "invalid IP address in add-host: {}", go_quote(address));
    return {};
}

Result<> validate_port_spec(std::string_view spec) {
    auto slash = spec.find('/');
    std::string_view port = spec.substr(0, slash);
    std::string_view proto = slash == std::string_view::npos ? "tcp" : spec.substr(slash + 1);
    bool valid = valid_port_range(port) && (proto == "tcp" || proto == "udp" || proto == "sctp");
    if (valid && port_number(port) == 0) valid = false;
    if (!valid) return fail(ErrorCategory::Invalid, "invalid port specification: {}", go_quote(port));
    return {};
}

Result<> validate_network_conflicts(const ContainerConfig& config, const HostConfig& host_config,
                                    const NetworkRequest& request) {
    const auto& mode = host_config.network_mode;
    bool container = is_container_mode(mode);
    bool host = mode == "host";
    auto conflict = [](std::string_view message) { return fail(ErrorCategory::Invalid, "{}", message); };
    if (container && !config.hostname.empty()) return conflict("conflicting options: hostname and the network mode");
    if (container && request.has_links)
        return conflict("conflicting options: container type network can't be used with links. This would result "
                        "in undefined behavior");
    if (container && !host_config.dns.empty()) return conflict("conflicting options: dns and the network mode");
    if (container && !host_config.extra_hosts.empty())
        return conflict("conflicting options: custom host-to-IP mapping and the network mode");
    if ((container || host) && !config.mac_address.empty())
        return conflict("conflicting options: mac-address and the network mode");
    if (container && (request.has_port_bindings || host_config.publish_all_ports))
        return conflict("conflicting options: port publishing and the container type network mode");
    if (container && !config.exposed_ports.empty())
        return conflict("conflicting options: port exposing and the container type network mode");
    if (host_config.uts_mode == "host" && !config.hostname.empty())
        return conflict("conflicting options: hostname and the UTS mode");
    if (host_config.uts_mode == "host" && !config.domainname.empty())
        return conflict("conflicting options: domainname and the UTS mode");
    if (host && request.has_links)
        return conflict("conflicting options: host type networking can't be used with links. This would result in "
                        "undefined behavior");
    return {};
}

Result<nlohmann::json> normalize_endpoints(const nlohmann::json& endpoints_config, const std::string& network_mode,
                                           ContainerConfig& config, api::ApiVersion version,
                                           std::vector<std::string>& warnings) {
    nlohmann::json endpoints = nlohmann::json::object();
    const std::string& network = network_mode;
    if (endpoints_config.is_object()) {
        for (auto it = endpoints_config.begin(); it != endpoints_config.end(); ++it) {
            if (it.value().is_null())
                return fail(ErrorCategory::Invalid, "invalid config for network {}: EndpointsConfig is nil", it.key());
            if (!it.value().is_object())
                return fail(ErrorCategory::Invalid,
                            "invalid JSON: json: cannot unmarshal {} into Go value of type network.EndpointSettings",
                            go_json_kind(it.value()));
            endpoints[it.key() == "default" ? network : it.key()] = it.value();
        }
    } else if (!endpoints_config.is_null()) {
        return fail(ErrorCategory::Invalid,
                    "invalid JSON: json: cannot unmarshal {} into Go struct field NetworkingConfig.EndpointsConfig of "
                    "type map[string]*network.EndpointSettings",
                    go_json_kind(endpoints_config));
    }

    auto less = [&](int major, int minor) { return version < api::ApiVersion{major, minor}; };
    if (less(1, 44) && endpoints.size() > 1) {
        std::string names;
        for (auto it = endpoints.begin(); it != endpoints.end(); ++it) names += (names.empty() ? "" : ", ") + it.key();
        return fail(ErrorCategory::Invalid, "Container cannot be created with multiple network endpoints: {}", names);
    }

    // The container-wide MacAddress (deprecated in 1.44) moves into the endpoint.
    bool bridge = network_mode == "bridge";
    if (less(1, 44)) {
        if (config.mac_address.empty()) {
            for (auto& endpoint : endpoints) endpoint.erase("MacAddress");
        } else {
            if (!bridge) return fail(ErrorCategory::Invalid, "conflicting options: mac-address and the network mode");
            if (endpoints.empty()) endpoints[network] = nlohmann::json::object();
            endpoints.begin().value()["MacAddress"] = config.mac_address;
        }
    } else if (!config.mac_address.empty()) {
        if (bridge) {
            if (endpoints.empty()) endpoints[network] = nlohmann::json::object();
            if (!endpoints.contains(network))
                return fail(ErrorCategory::Invalid,
                            "unable to migrate container-wide MAC address to a specific network: HostConfig.NetworkMode "
                            "must match the identity of a network in NetworkSettings.Networks");
            auto& endpoint = endpoints[network];
            std::string existing = endpoint.value("MacAddress", "");
            if (existing.empty())
                endpoint["MacAddress"] = config.mac_address;
            else if (existing != config.mac_address)
                return fail(ErrorCategory::Invalid, "the container-wide MAC address must match the endpoint-specific "
                                                    "MAC address for the main network, or be left empty");
        }
        warnings.emplace_back(
            "The container-wide MacAddress field is now deprecated. It should be specified in EndpointsConfig instead.");
        config.mac_address.clear();
    }

    for (auto it = endpoints.begin(); it != endpoints.end(); ++it) {
        const std::string& name = it.key();
        const auto& endpoint = it.value();
        if (auto checked = check_endpoint_addresses(name, endpoint); !checked) return std::unexpected(checked.error());
        if (name != "bridge" && name != "host" && name != "none") {
            if (is_container_mode(network_mode))
                return fail(ErrorCategory::Invalid, "container sharing network namespace with another container or "
                                                    "host cannot be connected to any other network");
            // A namespace that is not the container's own has no network of its own to add.
            if (network_mode == "host")
                return fail(ErrorCategory::Invalid, "container sharing network namespace with another container or "
                                                    "host cannot be connected to any other network");
            if (network_mode == "none")
                return fail(ErrorCategory::Invalid, "container cannot be connected to multiple networks with one of the "
                                                    "networks in private (none) mode");
            continue;
        }
        auto ipam = endpoint.find("IPAMConfig");
        if (ipam != endpoint.end() && ipam->is_object() &&
            (!ipam->value("IPv4Address", "").empty() || !ipam->value("IPv6Address", "").empty()))
            return fail(ErrorCategory::Invalid,
                        "invalid config for network {}: user specified IP address is supported on user defined "
                        "networks only",
                        name);
        auto aliases = endpoint.find("Aliases");
        if (aliases != endpoint.end() && aliases->is_array() && !aliases->empty())
            return fail(ErrorCategory::Invalid,
                        "invalid config for network {}: network-scoped alias is supported only for containers in user "
                        "defined networks",
                        name);
    }
    return endpoints;
}

} // namespace berth::containers::config
