#pragma once
// Docker's default `bridge` network at its simplest: one Linux bridge on the host
// holding the gateway address, a veth pair per container between the bridge and
// the container's network namespace, an address from the network's subnet, a
// default route via the gateway, and outbound masquerading.
//
// Lifecycle: ensure() once at daemon start (creates the bridge or adopts the one
// a previous run left, keeping its subnet); connect() for each container before
// its init setns()es into the namespace; disconnect() when the container is
// removed; teardown() only when the network itself goes (tests).
// Address allocations live in <state_dir>/ipam.json and survive a restart.

#include "base/error.h"
#include "network/endpoint.h"
#include "network/ipam.h"
#include "network/ipv4.h"
#include "network/nat.h"
#include "network/netlink.h"
#include "network/network_addresses.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace berth::network {

struct BridgeNetworkOptions {
    std::string bridge = "berth0"; // never docker0: docker.io may own it
    std::string state_dir;         // must exist; holds ipam.json
    std::string nft_table = "berth";
    unsigned mtu = 1500;
    // dockerd's --bip: a fixed subnet instead of the first free default pool.
    std::optional<Ipv4Network> subnet;
    // dockerd's --default-address-pool; empty means Docker's defaults.
    std::vector<Ipv4Network> pools;
    // dockerd's --ip-forward; tests turn it off to leave the host's sysctl alone.
    bool enable_ip_forward = true;
    // Subnets of the other networks, which a subnet picked from the pools must
    // not overlap even when their bridges are down.
    std::vector<Ipv4Network> avoid;
    // Addresses the pool never hands out (`--aux-address name=ip`).
    std::map<std::string, Ipv4Address> aux_addresses;
    std::optional<Ipv4Network> ip_range;    // --ip-range: where addresses are handed out
    // --ipv6: the network's IPv6 subnet, its address naming the gateway when it
    // is not the subnet's own (--gateway); else the subnet's first address.
    std::optional<Ipv6Network> subnet6;
    bool internal = false;                  // --internal: see NatRules
    std::vector<std::string> isolated_from; // see NatRules
};

class BridgeNetwork {
public:
    explicit BridgeNetwork(BridgeNetworkOptions options, std::unique_ptr<Firewall> firewall = make_nftables_firewall());

    // Makes the bridge exist, up, with the gateway address, and the NAT table
    // current. Idempotent.
    Result<> ensure();
    // Attaches the network namespace at `netns_path`: a veth pair, `interface`
    // inside with the next free address (or `address`, `--ip`), up, and (when
    // `default_route`, and the network is not --internal) a default route via
    // the gateway. With IPv6 the same for that family (`address6`, `--ip6`);
    // without, IPv6 is disabled on the interface, as Docker 27+ does (unless
    // `options` asks for an IPv6 link-local address).
    Result<Endpoint> connect(const std::string& netns_path, const std::string& endpoint_id,
                             std::optional<Ipv4Address> address = std::nullopt,
                             const std::string& interface = "eth0", bool default_route = true,
                             std::optional<Ipv6Address> address6 = std::nullopt, const EndpointOptions& options = {});
    // Deletes the host side of the veth pair (which takes eth0 with it) and
    // releases the address. A veth already gone with its namespace is fine.
    Result<> disconnect(const Endpoint& endpoint);
    // The same, for a container that has stopped: the address is released
    // before it returns, the veth pair deleted on a worker thread. A link
    // deletion waits out an RCU grace period (~20 ms here) that `docker wait`
    // need not wait for; and the pair usually goes first anyway, with the
    // namespace, once the caller has removed it. Addresses are handed out
    // serially (AddressPool), so this one is not reused meanwhile.
    Result<> disconnect_soon(const Endpoint& endpoint);
    // Finishes the deletions disconnect_soon queued.
    ~BridgeNetwork();
    // Deletes the bridge, the NAT table, its rules in DOCKER-USER and the address file.
    Result<> teardown();
    // Gives the endpoint's address back to the pool (when the endpoint still owns it).
    Result<> release_address(const Endpoint& endpoint);

    // Valid after ensure().
    Ipv4Network subnet() const;
    Ipv4Address gateway() const;
    std::optional<Ipv6Network> subnet6() const { return addresses_.subnet6(); }
    std::optional<Ipv6Address> gateway6() const { return addresses_.gateway6(); }
    const BridgeNetworkOptions& options() const { return options_; }

private:
    Result<Ipv4Network> pick_subnet(int bridge_index, const std::optional<AddressPool>& saved);
    // The IPv6 pool (the saved one while its subnet and gateway hold) and the
    // gateway's address on the bridge.
    Result<> ensure_ipv6(Netlink& netlink, int bridge_index);
    void delete_doomed_links(); // the worker of disconnect_soon
    // The bridge's accepts in dockerd's DOCKER-USER chain when it exists
    // (docker_user.h); a failure is logged, the bridge works without dockerd.
    void accept_in_docker_user();

    BridgeNetworkOptions options_;
    std::unique_ptr<Firewall> firewall_;
    std::mutex ensure_mutex_;    // one ensure() at a time: the bridge, its address and its rules
    NetworkAddresses addresses_; // <state_dir>/ipam.json

    std::mutex doomed_mutex_; // guards the three below
    std::condition_variable doomed_wake_;
    std::deque<std::string> doomed_links_; // host veth names
    bool stopping_ = false;
    std::thread reaper_; // started at the first disconnect_soon
};

} // namespace berth::network
