#pragma once
// Every network berthd has: Docker's three predefined ones (bridge, host,
// none) and the user-defined bridge networks, each with its own Linux bridge
// "bt-<12 hex digits of its id>" (dockerd's are br-..., never touched) and its
// own nftables table "berth_bt_<12 hex>". Records live in NetworkStore; each
// bridge network is a BridgeNetwork, each macvlan or ipvlan one a
// SublinkNetwork.
//
// Lifecycle: start() once at daemon start (records read, predefined networks
// made, every bridge ensured: a restarted berthd adopts the bridges it left,
// so running containers stay connected); create/remove/prune from the API;
// connect/disconnect from the container code (NetworkService).
// Thread-safe: one mutex over the records; the slow kernel work of a connect
// runs outside it.

#include "network/bridge_network.h"
#include "network/dns_server.h"
#include "network/network_service.h"
#include "network/network_store.h"
#include "network/sublink_network.h"

#include <map>
#include <memory>
#include <mutex>

namespace berth::network {

struct NetworkControllerOptions {
    std::string state_dir;                // <data-root>/network
    BridgeNetworkOptions default_bridge;  // the `bridge` network
    std::string bridge_prefix = "bt-";    // user networks' bridges: prefix + 12 hex digits
    bool enable_ip_forward = true;
    std::string resolv_conf = "/etc/resolv.conf"; // the embedded DNS server's upstreams
    // Seeds the ULA /48 that `--ipv6` networks without an IPv6 --subnet take
    // their /64 from (ipam.h ula_base_pool): the engine id, as dockerd's.
    std::string engine_id;
};

class NetworkController final : public NetworkService {
public:
    explicit NetworkController(NetworkControllerOptions options);
    ~NetworkController() override;

    Result<> start();

    // POST /networks/create: the new record (Id filled). Docker's errors for a
    // duplicate name (409), an overlapping pool (403), a bad config (400).
    Result<NetworkRecord> create(NetworkRecord request);
    std::vector<NetworkRecord> list() const;
    // DELETE /networks/{id}: 403 for predefined networks and for networks with
    // containers attached.
    Result<> remove(std::string_view reference);

    Result<NetworkRecord> find(std::string_view reference) const override;
    Result<Attachment> connect(const AttachRequest& request) override;
    void disconnect(const Attachment& attachment, bool soon) override;
    Result<> route_default_via(const Attachment& attachment) override;
    Result<> force_endpoint_delete(const std::string& network, const std::string& container) override;

    // The addresses a container on `network_id` gets for `name` from the
    // embedded DNS server: containers by name, alias or 12-digit short id
    // (the server rotates their order: round robin).
    std::vector<Ipv4Address> resolve(const std::string& network_id, const std::string& name) const;
    // The same names' IPv6 addresses, on a network with IPv6 (AAAA answers).
    std::vector<Ipv6Address> resolve6(const std::string& network_id, const std::string& name) const;

    // Everything made on the host for user networks and the default bridge
    // goes (tests).
    Result<> teardown_all();

private:
    Result<> start_networks();
    // DOCKER-USER rules (docker_user.h) of bridges gone since: a killed berthd's.
    void prune_docker_user_rules();
    Result<std::shared_ptr<BridgeNetwork>> bring_up(NetworkRecord& network);
    // macvlan and ipvlan networks (sublink_network.h).
    // `restoring`: at berthd's start a failure (the parent NIC not there yet)
    // keeps the network's state (its address pool, the VLAN link it made).
    Result<std::shared_ptr<SublinkNetwork>> bring_up_sublink(NetworkRecord& network, bool restoring = false);
    // moby's refusal of a second macvlan (ipvlan) network on one parent.
    Result<> check_parent_free(const NetworkRecord& network) const;
    BridgeNetworkOptions user_bridge_options(const NetworkRecord& network) const;
    std::vector<Ipv4Network> subnets_except(const std::string& id) const;
    std::vector<Ipv6Network> subnets6_except(const std::string& id) const;
    // The attachments of `network_id` known by `name` (container name, alias, short id).
    std::vector<NetworkAttachment> named(const std::string& network_id, const std::string& name) const;

    NetworkControllerOptions options_;
    mutable std::mutex mutex_; // guards the three below
    std::optional<NetworkStore> store_;
    std::shared_ptr<BridgeNetwork> default_bridge_;
    std::map<std::string, std::shared_ptr<BridgeNetwork>> bridges_; // user networks, by id
    std::map<std::string, std::shared_ptr<SublinkNetwork>> sublinks_; // macvlan and ipvlan networks, by id
    // Last: it calls resolve() from its thread, and goes (joined) first. Never
    // called with mutex_ held (its thread takes mutex_ through resolve()).
    std::unique_ptr<EmbeddedDns> dns_;
};

} // namespace berth::network
