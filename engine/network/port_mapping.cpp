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

// A binding's HostIp in its canonical form: "" for none, an IPv6 one as
// inet_ntop prints it ("::1", "::"). 0.0.0.0 stays: it means IPv4 only.
Result<std::string> parse_host_ip(const std::string& text, std::string_view key) {
    if (text.empty() || Ipv4Address::parse(text)) return text;
    if (auto ip6 = Ipv6Address::parse(text)) return ip6->to_string();
    return fail(ErrorCategory::Invalid, "invalid host IP address \"{}\" for port {}", text, key);
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
                auto host_ip = parse_host_ip(binding.value("HostIp", ""), key);
                if (!host_ip) return std::unexpected(host_ip.error());
                requests.push_back({port->protocol, port->port, *host_ip, host_ports->first, host_ports->last});
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

namespace {

// One family's table: DNAT of its ports in prerouting and output, `extra` and
// the hairpin masquerade in postrouting. `destination` is a port's match on
// the host address, "" for one left to the proxy.
template <typename Address, typename Network>
std::string dnat_table(std::string_view family, const std::string& table, Address container, Network subnet,
                       const std::vector<PublishedPort>& ports, auto destination, std::string_view extra) {
    // ip6 dnat needs brackets around the address: "dnat to [fd00::2]:80".
    std::string target = family == "ip6" ? std::format("[{}]", container.to_string()) : container.to_string();
    std::string dnat;
    std::string hairpin;
    for (const PublishedPort& p : ports) {
        std::string daddr = destination(p);
        if (daddr.empty()) continue;
        dnat += std::format("\t\t{} {} dport {} dnat to {}:{}\n", daddr, p.protocol, p.host_port, target, p.container_port);
        hairpin += std::format("\t\t{0} saddr {1} {0} daddr {2} {3} dport {4} ct status dnat masquerade\n", family,
                               subnet.network().to_string(), container.to_string(), p.protocol, p.container_port);
    }
    return std::format("table {0} {1}\n"
                       "delete table {0} {1}\n"
                       "table {0} {1} {{\n"
                       "\tchain prerouting {{\n"
                       "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
                       "{2}"
                       "\t}}\n"
                       "\tchain output {{\n"
                       "\t\ttype nat hook output priority dstnat; policy accept;\n"
                       "{2}"
                       "\t}}\n"
                       "\tchain postrouting {{\n"
                       "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
                       "{3}{4}"
                       "\t}}\n"
                       "}}\n",
                       family, table, dnat, extra, hairpin);
}

} // namespace

std::string dnat_ruleset(const DnatRules& r) {
    auto ipv4 = [](const PublishedPort& p) -> std::string {
        if (p.ipv6()) return "";
        return p.host_ip.empty() ? "fib daddr type local" : std::format("ip daddr {}", p.host_ip);
    };
    std::string script = dnat_table("ip", r.table, r.container, r.subnet, r.ports, ipv4,
                                     std::format("\t\tip saddr 127.0.0.0/8 oifname \"{}\" masquerade\n", r.bridge));
    if (!r.container6 || !r.subnet6) return script;
    // ::1 cannot be DNATed out of lo: those connections are the proxy's.
    auto ipv6 = [](const PublishedPort& p) -> std::string {
        if (!p.ipv6() || p.host_ip == "::1") return "";
        return p.host_ip == "::" ? "fib daddr type local ip6 daddr != ::1" : std::format("ip6 daddr {}", p.host_ip);
    };
    return script + dnat_table("ip6", r.table, *r.container6, *r.subnet6, r.ports, ipv6, "");
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
