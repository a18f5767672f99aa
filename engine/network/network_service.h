#pragma once
// What the container start/stop/remove path needs of networks, and nothing
// else: find a network a container names, attach a container's network
// namespace to it, detach it. The container code holds a NetworkService*, not a
// bridge, so drivers can be added behind it (NetworkController implements it).
//
// Lifecycle of an attachment: connect() when the container starts (its
// namespace exists, its init has not joined it yet); the Attachment is saved
// with the container (to_json) and read back after a berthd restart;
// disconnect() when the container stops or goes.

#include "base/error.h"
#include "network/endpoint.h"
#include "network/network_record.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace berth::network {

struct AttachRequest {
    std::string network; // name, id or id prefix; "bridge" for the default
    std::string container_id;
    std::string container_name;
    std::string netns_path;
    std::vector<std::string> aliases;    // --network-alias
    std::optional<Ipv4Address> address; // --ip
    std::optional<Ipv6Address> address6; // --ip6 (a network with IPv6 only)
    EndpointOptions options;             // --mac-address, --link-local-ip
    // The container's interface: eth0, eth1... in the order of its networks.
    std::string interface_name = "eth0";
    // Only one network gives the container its default route (the first one
    // that is not --internal).
    bool default_route = true;
};

struct Attachment {
    std::string network_id;
    std::string network_name;
    std::string endpoint_id; // Docker's EndpointID: 64 hex digits
    std::vector<std::string> aliases;
    Endpoint endpoint;

    // The container record's "network" object: {"netns", "ip", "prefix_length",
    // "gateway", "mac", "host_veth", "endpoint_id", "network_id",
    // "network_name", "aliases", "interface", "ipv6", "gateway6"}.
    nlohmann::json to_json() const;
    static Attachment from_json(const nlohmann::json& saved);
};

class NetworkService {
public:
    virtual ~NetworkService() = default;
    // NotFound "network X not found".
    virtual Result<NetworkRecord> find(std::string_view reference) const = 0;
    virtual Result<Attachment> connect(const AttachRequest& request) = 0;
    // Never fails for the caller (what cannot be deleted is logged). `soon`: a
    // container's exit, which need not wait for the veth's deletion.
    virtual void disconnect(const Attachment& attachment, bool soon) = 0;
    // A default route via the attachment's gateway, on its interface inside the
    // container: the route moves there when the network that had it goes.
    virtual Result<> route_default_via(const Attachment& attachment) = 0;
    // Docker's ForceEndpointDelete (`docker network disconnect -f` of a
    // container that no longer exists): the endpoint it left on the network,
    // found by container id or name, goes with its address and DNS names.
    // NotFound "endpoint X not found".
    virtual Result<> force_endpoint_delete(const std::string& network, const std::string& container) = 0;
};

} // namespace berth::network
