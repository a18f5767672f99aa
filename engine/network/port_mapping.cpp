#include "network/port_mapping.h"

#include "network/ipv6.h"

#include <algorithm>
#include <charconv>
#include <format>
#include <map>
#include <tuple>

namespace berth::network {

namespace {

using nlohmann::json;

// A port number 1..65535 (0 is refused: it is not a port Docker publishes).
Result<uint16_t> parse_port_number(std::string_view text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535)
        return fail(ErrorCategory::Invalid, "invalid port specification: \"{}\"", text);
    return static_cast<uint16_t>(value);
}

// "8080" or "8000-8010"; "" is any port (0, 0).
Result<PortRange> parse_host_ports(std::string_view text) {
    if (text.empty()) return PortRange{};
    std::size_t dash = text.find('-');
    auto first = parse_port_number(text.substr(0, dash));
    if (!first) return fail(ErrorCategory::Invalid, "invalid port specification: \"{}\"", text);
    if (dash == std::string_view::npos) return PortRange{*first, *first};
    auto last = parse_port_number(text.substr(dash + 1));
    if (!last || *last < *first) return fail(ErrorCategory::Invalid, "invalid port specification: \"{}\"", text);
    return PortRange{*first, *last};
}

std::string port_key(uint16_t port, const std::string& protocol) { return std::format("{}/{}", port, protocol); }

auto order(const std::string& protocol, uint16_t container_port) { return std::tuple(container_port, protocol); }

} // namespace

Result<ContainerPort> parse_container_port(std::string_view key) {
    std::size_t slash = key.find('/');
    ContainerPort parsed;
    if (slash != std::string_view::npos) parsed.protocol = std::string(key.substr(slash + 1));
    if (parsed.protocol != "tcp" && parsed.protocol != "udp" && parsed.protocol != "sctp")
        return fail(ErrorCategory::Invalid, "invalid port specification: \"{}\"", key);
    auto port = parse_port_number(key.substr(0, slash));
    if (!port) return fail(ErrorCategory::Invalid, "invalid port specification: \"{}\"", key);
    parsed.port = *port;
    return parsed;
}

Result<std::vector<PortRequest>> port_requests(const json& port_bindings, const std::vector<std::string>& exposed_ports,
                                               bool publish_all) {
    std::vector<PortRequest> requests;
    if (!port_bindings.is_null() && !port_bindings.is_object())
        return fail(ErrorCategory::Invalid, "PortBindings: not an object");
    if (port_bindings.is_object()) {
        for (const auto& [key, bindings] : port_bindings.items()) {
            auto port = parse_container_port(key);
            if (!port) return std::unexpected(port.error());
            if (!bindings.is_array() && !bindings.is_null())
                return fail(ErrorCategory::Invalid, "PortBindings[{}]: not an array", key);
            if (bindings.is_null() || bindings.empty()) continue;
            for (const json& binding : bindings) {
                if (!binding.is_object()) return fail(ErrorCategory::Invalid, "PortBindings[{}]: not an object", key);
                auto host_ports = parse_host_ports(binding.value("HostPort", ""));
                if (!host_ports) return std::unexpected(host_ports.error());
                std::string host_ip = binding.value("HostIp", "");
                if (!host_ip.empty() && !Ipv4Address::parse(host_ip)) {
                    if (Ipv6Address::parse(host_ip)) // Docker publishes there; not built (README)
                        return fail(ErrorCategory::NotImplemented,
                                    "publishing port {} on the IPv6 address {} is not supported yet", key, host_ip);
                    return fail(ErrorCategory::Invalid, "invalid host IP address \"{}\" for port {}", host_ip, key);
                }
                if (host_ip == "0.0.0.0") host_ip.clear();
                requests.push_back({port->protocol, port->port, host_ip, host_ports->first, host_ports->last});
            }
        }
    }
    if (publish_all) {
        for (const std::string& exposed : exposed_ports) {
            auto port = parse_container_port(exposed);
            if (!port) return std::unexpected(port.error());
            bool bound = std::ranges::any_of(requests, [&](const PortRequest& r) {
                return r.container_port == port->port && r.protocol == port->protocol;
            });
            if (!bound) requests.push_back({port->protocol, port->port, "", 0, 0});
        }
    }
    std::ranges::stable_sort(requests, {}, [](const PortRequest& r) { return order(r.protocol, r.container_port); });
    return requests;
}

Result<PortRange> parse_port_range_file(std::string_view text) {
    std::size_t split = text.find_first_of(" \t");
    std::size_t second = text.find_first_not_of(" \t", split);
    if (split == std::string_view::npos || second == std::string_view::npos)
        return fail(ErrorCategory::System, "ip_local_port_range: expected two numbers, got \"{}\"", text);
    std::string_view rest = text.substr(second);
    while (!rest.empty() && (rest.back() == '\n' || rest.back() == ' ')) rest.remove_suffix(1);
    auto first = parse_port_number(text.substr(0, split));
    auto last = parse_port_number(rest);
    if (!first || !last || *last < *first)
        return fail(ErrorCategory::System, "ip_local_port_range: expected two ports, got \"{}\"", text);
    return PortRange{*first, *last};
}

std::string dnat_ruleset(const DnatRules& r) {
    std::string container = r.container.to_string();
    std::string dnat;
    std::string hairpin;
    for (const PublishedPort& p : r.ports) {
        std::string destination = p.host_ip.empty() ? "fib daddr type local" : std::format("ip daddr {}", p.host_ip);
        dnat += std::format("\t\t{} {} dport {} dnat to {}:{}\n", destination, p.protocol, p.host_port, container,
                            p.container_port);
        hairpin += std::format("\t\tip saddr {} ip daddr {} {} dport {} ct status dnat masquerade\n",
                               r.subnet.network().to_string(), container, p.protocol, p.container_port);
    }
    return std::format("table ip {0}\n"
                       "delete table ip {0}\n"
                       "table ip {0} {{\n"
                       "\tchain prerouting {{\n"
                       "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
                       "{1}"
                       "\t}}\n"
                       "\tchain output {{\n"
                       "\t\ttype nat hook output priority dstnat; policy accept;\n"
                       "{1}"
                       "\t}}\n"
                       "\tchain postrouting {{\n"
                       "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
                       "\t\tip saddr 127.0.0.0/8 oifname \"{2}\" masquerade\n"
                       "{3}"
                       "\t}}\n"
                       "}}\n",
                       r.table, dnat, r.bridge, hairpin);
}

json network_settings_ports(const std::vector<std::string>& exposed_ports, const std::vector<PublishedPort>& published) {
    json ports = json::object();
    for (const std::string& exposed : exposed_ports) {
        auto port = parse_container_port(exposed);
        ports[port ? port_key(port->port, port->protocol) : exposed] = nullptr;
    }
    for (const PublishedPort& p : published) {
        json& bindings = ports[port_key(p.container_port, p.protocol)];
        if (!bindings.is_array()) bindings = json::array();
        bindings.push_back({{"HostIp", p.host_ip.empty() ? "0.0.0.0" : p.host_ip},
                            {"HostPort", std::to_string(p.host_port)}});
    }
    return ports;
}

json list_ports(const std::vector<std::string>& exposed_ports, const std::vector<PublishedPort>& published) {
    std::vector<PublishedPort> rows = published;
    for (const std::string& exposed : exposed_ports) {
        auto port = parse_container_port(exposed);
        if (!port) continue;
        bool is_published = std::ranges::any_of(published, [&](const PublishedPort& p) {
            return p.container_port == port->port && p.protocol == port->protocol;
        });
        if (!is_published) rows.push_back({port->protocol, port->port, "", 0});
    }
    std::ranges::stable_sort(rows, {}, [](const PublishedPort& p) { return order(p.protocol, p.container_port); });
    json list = json::array();
    for (const PublishedPort& p : rows) {
        json row = {{"PrivatePort", p.container_port}, {"Type", p.protocol}};
        if (p.host_port != 0) {
            row["IP"] = p.host_ip.empty() ? "0.0.0.0" : p.host_ip;
            row["PublicPort"] = p.host_port;
        }
        list.push_back(std::move(row));
    }
    return list;
}

json published_ports_to_json(const std::vector<PublishedPort>& ports) {
    json list = json::array();
    for (const PublishedPort& p : ports)
        list.push_back({{"protocol", p.protocol},
                        {"container_port", p.container_port},
                        {"host_ip", p.host_ip},
                        {"host_port", p.host_port}});
    return list;
}

Result<std::vector<PublishedPort>> published_ports_from_json(const json& document) {
    if (document.is_null()) return std::vector<PublishedPort>{};
    if (!document.is_array()) return fail(ErrorCategory::Invalid, "published ports: not a JSON array");
    std::vector<PublishedPort> ports;
    for (const json& entry : document) {
        if (!entry.is_object() || !entry.contains("container_port") || !entry.contains("host_port"))
            return fail(ErrorCategory::Invalid, "published ports: malformed entry {}", entry.dump());
        auto container_port = entry["container_port"];
        auto host_port = entry["host_port"];
        if (!container_port.is_number_unsigned() || !host_port.is_number_unsigned())
            return fail(ErrorCategory::Invalid, "published ports: malformed entry {}", entry.dump());
        ports.push_back({entry.value("protocol", "tcp"), container_port.get<uint16_t>(), entry.value("host_ip", ""),
                         host_port.get<uint16_t>()});
    }
    return ports;
}

} // namespace berth::network
