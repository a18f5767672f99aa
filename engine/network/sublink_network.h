#pragma once
// Docker's macvlan and ipvlan networks: each container gets a link of its own
// on top of a host interface (the network's `parent`), born inside its
// namespace with an address of the network's subnet; no bridge, no NAT, no
// veth. As in moby: `-o parent=eth0.10` creates the VLAN sub-interface when it
// is missing (and removes it with the network); no parent (or --internal
// without one) means a dummy link "dm-<12 hex of the id>" that reaches no
// wire, and then the network is internal. macvlan modes bridge (default),
// private, vepa, passthru; ipvlan modes l2 (default), l3, l3s.
//
// Lifecycle: ensure() at create and at each berthd start; connect()/disconnect()
// per container; teardown() when the network goes. Addresses live in
// <state_dir>/ipam.json; <state_dir>/created-link names a parent berthd made.

#include "base/error.h"
#include "network/endpoint.h"
#include "network/ipam.h"
#include "network/ipv4.h"
#include "network/network_addresses.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::network {

struct SublinkNetworkOptions {
    std::string driver = "macvlan"; // or "ipvlan"
    std::string parent;             // -o parent= (already the dummy's name when none was given)
    bool dummy_parent = false;      // parent is berthd's dummy link
    std::string mode;               // -o macvlan_mode= / -o ipvlan_mode=; empty: the default
    std::string state_dir;          // must exist
    std::optional<Ipv4Network> subnet; // --subnet; the address is --gateway when it is not the network's
    std::vector<Ipv4Network> pools;    // where a subnet comes from without --subnet
    std::vector<Ipv4Network> avoid;    // the other networks' subnets
    std::map<std::string, Ipv4Address> aux_addresses;
    std::optional<Ipv4Network> ip_range;
    bool internal = false;
};

// moby's checks of -o macvlan_mode / -o ipvlan_mode: the kernel's mode number,
// or Invalid with moby's words.
Result<uint32_t> sublink_mode(const std::string& driver, const std::string& mode);

class SublinkNetwork {
public:
    explicit SublinkNetwork(SublinkNetworkOptions options);

    // The parent found (or made), the address pool loaded or made. Idempotent.
    Result<> ensure();
    Result<Endpoint> connect(const std::string& netns_path, const std::string& endpoint_id,
                             std::optional<Ipv4Address> address, const std::string& interface, bool default_route,
                             const EndpointOptions& options = {});
    // The container's link (gone with its namespace is fine) and its address.
    Result<> disconnect(const Endpoint& endpoint);
    Result<> release_address(const Endpoint& endpoint);
    // The parent link when berthd made it, and the state files.
    Result<> teardown();

    Ipv4Network subnet() const;
    Ipv4Address gateway() const;

private:
    Result<> ensure_parent();
    std::string created_link_path() const { return options_.state_dir + "/created-link"; }

    SublinkNetworkOptions options_;
    NetworkAddresses addresses_; // <state_dir>/ipam.json
};

} // namespace berth::network
