#pragma once
// One container's attachment to a network: what `docker inspect` shows under
// NetworkSettings.Networks.<name> and what disconnecting needs later, saved as
// JSON with the container so it survives a berthd restart.

#include "base/error.h"
#include "network/ipv4.h"
#include "network/ipv6.h"
#include "network/mac_address.h"

#include <optional>

#include <string>
#include <vector>

namespace berth::network {

struct Endpoint {
    std::string id;           // the caller's endpoint id (the container's, typically)
    std::string netns_path;   // the namespace file the container's init joins
    Ipv4Address address;      // IPAddress
    int prefix_length = 0;    // IPPrefixLen
    Ipv4Address gateway;      // Gateway
    std::string mac;          // MacAddress: "02:42:ac:11:00:02"
    std::string host_veth;    // "veth" + 7 hex digits, on the bridge
    std::string container_interface = "eth0";
    unsigned mtu = 1500;
    // On a network with IPv6: GlobalIPv6Address/GlobalIPv6PrefixLen and IPv6Gateway.
    std::optional<Ipv6Network> ipv6;
    std::optional<Ipv6Address> gateway6;
};

// What a container asks of an endpoint beyond its addresses (Docker's
// EndpointSettings.MacAddress and IPAMConfig.LinkLocalIPs).
struct EndpointOptions {
    std::optional<MacAddress> mac; // otherwise derived from the IPv4 address, as Docker's
    // Added to the interface as well, with libnetwork's masks: /16 and /64.
    std::vector<Ipv4Address> link_local4;
    std::vector<Ipv6Address> link_local6;
};

class Netlink;
// Adds the link-local addresses `options` asks for to the interface at `index`
// (`inside`: a netlink socket in the container's namespace).
Result<> add_link_local_addresses(Netlink& inside, int index, const EndpointOptions& options);

// {"id": ..., "netns_path": ..., "address": "172.17.0.2", "prefix_length": 16,
//  "gateway": "172.17.0.1", "mac": ..., "host_veth": ..., "container_interface": "eth0", "mtu": 1500,
//  "ipv6": "fd12::2/64", "gateway6": "fd12::1" (with IPv6 only)}
std::string endpoint_to_json(const Endpoint& endpoint);
Result<Endpoint> endpoint_from_json(std::string_view text);

} // namespace berth::network
