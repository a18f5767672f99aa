#pragma once
// Published ports (`-p`, `-P`) as values: what the create request asks for,
// the host's ephemeral port range, the nftables DNAT script that makes a
// published port reach the container, and the two JSON shapes Docker shows
// (NetworkSettings.Ports in inspect, Ports in the container list).
// Pure logic: choosing free host ports, holding them and applying the script
// belong to the caller (the script is applied through `Firewall`).
//
// The rules are what dockerd installs with userland-proxy=false:
//   DNAT for packets to a local address (prerouting: from outside and from
//   other containers; output: from the host itself, 127.0.0.1 included, which
//   needs net.ipv4.conf.<bridge>.route_localnet=1), masquerade for loopback
//   sources leaving by the bridge (the container could not answer 127.0.0.1),
//   and masquerade for containers of the bridge reaching a published port
//   through a host address (hairpin).
// IPv6 (Docker 27+): a port with no host IP is published on [::] too, on the
// same host port; a container with an IPv6 address gets the same DNAT in an
// ip6 table, except for ::1 (IPv6 has no route_localnet): those connections,
// and all IPv6 ones to a container without IPv6, reach the held socket and go
// through berthd's proxy (userland_proxy.h), as docker-proxy carries them.

#include "base/error.h"
#include "network/ipv4.h"
#include "network/ipv6.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::network {

// One port to publish, before a host port is chosen.
struct PortRequest {
    std::string protocol = "tcp"; // "tcp", "udp" or "sctp"
    uint16_t container_port = 0;
    // "": none given, every address (both families); "0.0.0.0": every IPv4
    // one only, "::" every IPv6 one only (Docker 27+); or one address.
    std::string host_ip;
    uint16_t host_port_first = 0;    // 0: any port of the ephemeral range
    uint16_t host_port_last = 0;     // == first unless a range "8000-8010" was given
    // With host_ip "": on [::] too, on the same host port as 0.0.0.0 (set by
    // the publisher where the host has IPv6 and the port can reach the container).
    bool also_ipv6_any = false;

    bool operator==(const PortRequest&) const = default;
};

// "80/tcp" (the protocol defaults to tcp) into port and protocol.
struct ContainerPort {
    uint16_t port = 0;
    std::string protocol = "tcp";
    bool operator==(const ContainerPort&) const = default;
};
Result<ContainerPort> parse_container_port(std::string_view key);

// HostConfig.PortBindings ({"80/tcp": [{"HostIp": "", "HostPort": "8080"}]},
// null or absent) and, with PublishAllPorts, every exposed port without a
// binding on a random host port, as Docker does for `-P`. Ordered by container
// port, then protocol, like dockerd's sorted port map.
Result<std::vector<PortRequest>> port_requests(const nlohmann::json& port_bindings,
                                               const std::vector<std::string>& exposed_ports, bool publish_all);

struct PortRange {
    uint16_t first = 0;
    uint16_t last = 0;
    bool operator==(const PortRange&) const = default;
};
// The content of /proc/sys/net/ipv4/ip_local_port_range ("32768\t60999\n").
Result<PortRange> parse_port_range_file(std::string_view text);

// A port published on the host, its host port chosen.
struct PublishedPort {
    std::string protocol = "tcp";
    uint16_t container_port = 0;
    std::string host_ip; // "" : every IPv4 address (shown as 0.0.0.0); "::": every IPv6 one
    uint16_t host_port = 0;
    bool ipv6() const { return looks_like_ipv6(host_ip); }
    bool operator==(const PublishedPort&) const = default;
};

struct DnatRules {
    std::string table;     // one table per container: removing it unpublishes all its ports
    std::string bridge;    // the network's bridge ("berth0")
    Ipv4Address container; // the container's address on that bridge
    // The bridge's subnet: a container on it reaching a published port through
    // a host address (hairpin, its own included) is masqueraded, so the reply
    // goes back through the host to be un-DNATed. Only DNATed traffic: direct
    // container-to-container traffic keeps its source.
    Ipv4Network subnet;
    // The container's IPv6 address and the bridge's IPv6 subnet (a network with
    // IPv6): the IPv6 ports get the same DNAT and hairpin in the ip6 table of
    // the same name. Without them, IPv6 ports have no rules (the proxy's).
    std::optional<Ipv6Address> container6 = std::nullopt;
    std::optional<Ipv6Network> subnet6 = std::nullopt;
    std::vector<PublishedPort> ports; // both families
};

// The nft script that (re)creates the table (and, with container6, its ip6
// twin) in one transaction, as nat_ruleset().
std::string dnat_ruleset(const DnatRules& rules);

// NetworkSettings.Ports: every exposed or published port as a key, its host
// bindings or null when only exposed:
//   {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": null}
nlohmann::json network_settings_ports(const std::vector<std::string>& exposed_ports,
                                      const std::vector<PublishedPort>& published);

// The container list's Ports: [{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
// {"PrivatePort": 443, "Type": "tcp"}].
nlohmann::json list_ports(const std::vector<std::string>& exposed_ports, const std::vector<PublishedPort>& published);

// Saved with the container (restart of berthd): [{"protocol", "container_port", "host_ip", "host_port"}].
nlohmann::json published_ports_to_json(const std::vector<PublishedPort>& ports);
Result<std::vector<PublishedPort>> published_ports_from_json(const nlohmann::json& document);

} // namespace berth::network
