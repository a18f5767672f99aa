#pragma once
// A network as berthd keeps it: what `docker network create` asked for, the
// subnet it got, and the containers attached to it. Saved as one JSON file per
// network (NetworkStore) and shown as Docker's Network object (inspect, list).
//
// Words: a `predefined` network is one of Docker's three (bridge, host, none),
// made by the daemon and never removed; an `attachment` is one container's
// endpoint on the network (Docker's Containers map in inspect).

#include "base/error.h"
#include "network/ipv4.h"
#include "network/ipv6.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace berth::network {

// One entry of IPAM.Config: --subnet, --gateway, --ip-range, --aux-address.
struct IpamPool {
    std::optional<Ipv4Network> subnet;
    std::optional<Ipv4Address> gateway;
    std::optional<Ipv4Network> ip_range;
    std::map<std::string, Ipv4Address> aux_addresses;
};

// The IPv6 entry of IPAM.Config on a network with EnableIPv6: --subnet and
// --gateway of that family (no --ip-range or --aux-address for it yet).
struct Ipv6IpamPool {
    std::optional<Ipv6Network> subnet;
    std::optional<Ipv6Address> gateway;
};

struct NetworkAttachment {
    std::string container_name;
    std::string endpoint_id;
    std::string mac;
    std::string ipv4; // "172.18.0.2/16"
    std::string ipv6; // "fd12:3456::2/64" on a network with IPv6, else empty
    std::vector<std::string> aliases;
    std::string netns_path; // berthd's own: where the embedded DNS serves it again after a restart
};

struct NetworkRecord {
    std::string id; // 64 hex digits
    std::string name;
    std::string driver = "bridge";
    std::string created; // RFC 3339 with nanoseconds
    std::optional<IpamPool> ipam; // the IPv4 IPAM config; the subnet is filled in once chosen
    bool enable_ipv6 = false;     // --ipv6
    std::optional<Ipv6IpamPool> ipam6; // with enable_ipv6: the IPv6 config, subnet filled in once chosen
    std::map<std::string, std::string> options;
    std::map<std::string, std::string> labels;
    bool internal = false;
    bool attachable = false;
    std::string bridge; // the Linux bridge of a bridge network ("bt-" + 12 hex digits)
    std::map<std::string, NetworkAttachment> containers; // by container id

    // macvlan and ipvlan (sublink_network.h): -o parent=, or berthd's dummy "dm-<12 hex>".
    std::string sublink_parent() const;
    bool predefined() const { return name == "bridge" || name == "host" || name == "none"; }
};

bool is_sublink_driver(std::string_view driver); // "macvlan" or "ipvlan"

// The body of POST /networks/create, checked as dockerd checks it: Name
// required, Driver "bridge" (default) only here ("host" and "null" exist only
// as the predefined networks), IPAM Config with at most one IPv4 entry (subnet,
// gateway, range and aux addresses inside their subnet) and, with EnableIPv6,
// one IPv6 entry (subnet, gateway); an IPv6 entry without EnableIPv6 is left
// out, as moby's ValidateIPAM skips it. Docker's wording for each refusal.
Result<NetworkRecord> parse_network_create(const nlohmann::json& body);

// Docker's Network object (GET /networks/{id}); `with_containers` false for
// the list, which shows Containers as {}.
nlohmann::json network_to_docker_json(const NetworkRecord& network, bool with_containers);

// The stored form, which is the Docker form plus what only berthd needs.
nlohmann::json network_to_json(const NetworkRecord& network);
Result<NetworkRecord> network_from_json(const nlohmann::json& document);

} // namespace berth::network
