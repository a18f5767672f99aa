#include "network/bridge_network.h"

#include "base/ids.h"
#include "base/log.h"
#include "network/docker_user.h"
#include "network/netlink.h"
#include "network/netns.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <unistd.h>

namespace berth::network {

namespace {

// Interface names: at most IFNAMSIZ-1 characters, none that ip(8) or nft would
// read as syntax. Table names: nft identifiers.
bool valid_interface_name(const std::string& name) {
    return !name.empty() && name.size() <= 15 && std::ranges::all_of(name, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
}

bool valid_table_name(const std::string& name) {
    return !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) &&
           std::ranges::all_of(name, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// Like libnetwork's GenerateIfaceName("veth", 7).
std::string random_veth_name() { return "veth" + random_hex(4).substr(0, 7); }

bool overlaps_any(const Ipv4Network& subnet, const std::vector<Ipv4Network>& in_use) {
    return std::ranges::any_of(in_use, [&](const Ipv4Network& used) { return subnet.overlaps(used); });
}

// Deletes a half-made veth pair unless dismissed.
class VethGuard {
public:
    VethGuard(Netlink& netlink, std::string name) : netlink_(netlink), name_(std::move(name)) {}
    ~VethGuard() {
        if (name_.empty()) return;
        if (auto index = netlink_.link_index(name_)) (void)netlink_.delete_link(*index);
    }
    VethGuard(const VethGuard&) = delete;
    VethGuard& operator=(const VethGuard&) = delete;
    void dismiss() { name_.clear(); }

private:
    Netlink& netlink_;
    std::string name_;
};

} // namespace

BridgeNetwork::BridgeNetwork(BridgeNetworkOptions options, std::unique_ptr<Firewall> firewall)
    : options_(std::move(options)), firewall_(std::move(firewall)),
      addresses_(options_.state_dir + "/ipam.json", "bridge " + options_.bridge) {}

Ipv4Network BridgeNetwork::subnet() const { return addresses_.subnet(); }

Ipv4Address BridgeNetwork::gateway() const { return addresses_.gateway(); }

Result<Ipv4Network> BridgeNetwork::pick_subnet(int bridge_index, const std::optional<AddressPool>& saved) {
    auto netlink = Netlink::open();
    if (!netlink) return std::unexpected(netlink.error());
    auto routes = netlink->routes();
    if (!routes) return std::unexpected(routes.error());
    auto addresses = netlink->addresses();
    if (!addresses) return std::unexpected(addresses.error());
    std::vector<Ipv4Network> in_use = networks_in_use(*routes, *addresses, bridge_index);
    in_use.insert(in_use.end(), options_.avoid.begin(), options_.avoid.end());

    if (options_.subnet) {
        if (overlaps_any(options_.subnet->network(), in_use))
            return fail(ErrorCategory::Conflict, "subnet {} overlaps a route or address on the host",
                        options_.subnet->network().to_string());
        return *options_.subnet;
    }
    // The subnet of the last run, while it is still free, so its allocations hold.
    if (saved && !overlaps_any(saved->subnet(), in_use)) return saved->subnet();
    std::vector<Ipv4Network> pools = options_.pools.empty() ? default_address_pools() : options_.pools;
    return choose_subnet(pools, in_use);
}

Result<> BridgeNetwork::ensure_ipv6(Netlink& netlink, int bridge_index) {
    Ipv6Network subnet = options_.subnet6->network();
    std::optional<Ipv6Address> gateway;
    if (options_.subnet6->address != subnet.address) gateway = options_.subnet6->address;
    auto saved = addresses_.saved6();
    if (!saved) return std::unexpected(saved.error());
    std::optional<Ipv6AddressPool> pool;
    if (*saved && (*saved)->subnet() == subnet && (!gateway || (*saved)->gateway() == *gateway))
        pool = std::move(**saved);
    else
        pool.emplace(subnet, gateway);
    if (auto adopted = addresses_.adopt6(std::move(*pool)); !adopted) return adopted;
    return netlink.add_address(bridge_index, Ipv6Network{*addresses_.gateway6(), subnet.prefix_length});
}

Result<> BridgeNetwork::ensure() {
    const std::string& name = options_.bridge;
    if (!valid_interface_name(name)) return fail(ErrorCategory::Invalid, "invalid bridge name \"{}\"", name);
    if (!valid_table_name(options_.nft_table))
        return fail(ErrorCategory::Invalid, "invalid nftables table name \"{}\"", options_.nft_table);
    std::lock_guard lock(ensure_mutex_);
    auto wrapped = [&](Error error) { return std::unexpected(std::move(error).wrap("setting up bridge {}", name)); };

    auto netlink = Netlink::open();
    if (!netlink) return wrapped(netlink.error());
    auto bridge = netlink->link(name);
    if (!bridge && bridge.error().category() == ErrorCategory::NotFound) {
        if (auto created = netlink->create_bridge(name); !created) return wrapped(created.error());
        bridge = netlink->link(name);
    }
    if (!bridge) return wrapped(bridge.error());
    if (bridge->kind != "bridge")
        return fail(ErrorCategory::Conflict, "setting up bridge {}: a link of that name exists and is not a bridge",
                    name);

    auto addresses = netlink->addresses();
    if (!addresses) return wrapped(addresses.error());
    std::optional<Ipv4Network> existing;
    for (const InterfaceAddress& a : *addresses)
        if (a.link_index == bridge->index) existing = a.address;

    auto saved = addresses_.saved();
    if (!saved) return wrapped(saved.error());

    Ipv4Network subnet;
    std::optional<Ipv4Address> gateway;
    if (existing) {
        // Adopt the bridge as a previous run left it: containers still on it keep working.
        if (options_.subnet && options_.subnet->network() != existing->network())
            return fail(ErrorCategory::Conflict, "setting up bridge {}: it has address {}, not in the configured {}",
                        name, existing->to_string(), options_.subnet->to_string());
        subnet = existing->network();
        gateway = existing->address;
    } else {
        auto picked = pick_subnet(bridge->index, *saved);
        if (!picked) return wrapped(picked.error());
        subnet = picked->network();
        if (picked->address != subnet.address) gateway = picked->address; // --bip names the gateway
        else if (*saved && (*saved)->subnet() == subnet) gateway = (*saved)->gateway();
    }

    std::optional<AddressPool> pool;
    if (*saved && (*saved)->subnet() == subnet && (!gateway || (*saved)->gateway() == *gateway)) {
        pool = std::move(**saved);
    } else {
        if (*saved && !(*saved)->allocations().empty())
            log::warn("bridge {}: subnet is now {}, dropping {} address allocations in {}", name, subnet.to_string(),
                      (*saved)->allocations().size(), (*saved)->subnet().to_string());
        pool.emplace(subnet, gateway);
    }
    if (auto adopted = addresses_.adopt(std::move(*pool), options_.ip_range, options_.aux_addresses); !adopted)
        return wrapped(adopted.error());

    if (!existing) {
        Ipv4Network gateway_address;
        gateway_address.address = addresses_.gateway();
        gateway_address.prefix_length = subnet.prefix_length;
        if (auto added = netlink->add_address(bridge->index, gateway_address); !added) return wrapped(added.error());
    }
    if (options_.subnet6)
        if (auto ready = ensure_ipv6(*netlink, bridge->index); !ready) return wrapped(ready.error());
    if (bridge->mtu != options_.mtu)
        if (auto set = netlink->set_mtu(bridge->index, options_.mtu); !set) return wrapped(set.error());
    if (auto up = netlink->set_up(bridge->index, true); !up) return wrapped(up.error());

    NatRules rules;
    rules.table = options_.nft_table;
    rules.bridge = name;
    rules.subnet = subnet;
    rules.subnet6 = addresses_.subnet6();
    rules.internal = options_.internal;
    rules.isolated_from = options_.isolated_from;
    if (auto applied = firewall_->apply(nat_ruleset(rules)); !applied)
        return wrapped(std::move(applied.error()).wrap("installing NAT rules"));
    if (options_.enable_ip_forward)
        if (auto forwarding = enable_ip_forwarding(); !forwarding) return wrapped(forwarding.error());
    if (options_.enable_ip_forward && options_.subnet6)
        if (auto forwarding = enable_ip_forwarding(kIpv6Forwarding); !forwarding) return wrapped(forwarding.error());
    accept_in_docker_user();
    log::info("bridge {} ready: subnet {}, gateway {}", name, subnet.to_string(), addresses_.gateway().to_string());
    return {};
}

Result<Endpoint> BridgeNetwork::connect(const std::string& netns_path, const std::string& endpoint_id,
                                        std::optional<Ipv4Address> chosen, const std::string& interface,
                                        bool default_route, std::optional<Ipv6Address> chosen6,
                                        const EndpointOptions& options) {
    auto wrapped = [&](Error error) {
        return std::unexpected(std::move(error).wrap("connecting {} to bridge {}", netns_path, options_.bridge));
    };
    // A dockerd started after this bridge may have made DOCKER-USER since.
    accept_in_docker_user();
    Endpoint endpoint;
    endpoint.id = endpoint_id;
    endpoint.netns_path = netns_path;
    endpoint.mtu = options_.mtu;
    endpoint.container_interface = interface;
    if (auto taken = addresses_.take(endpoint, chosen, chosen6); !taken) return std::unexpected(taken.error());
    MacAddress mac = options.mac.value_or(mac_for_address(endpoint.address));
    endpoint.mac = format_mac(mac);

    // Hands the address back if anything below fails.
    struct AddressGuard {
        NetworkAddresses& addresses;
        const Endpoint& endpoint;
        bool armed = true;
        ~AddressGuard() {
            if (armed) (void)addresses.give_back(endpoint);
        }
    } address_guard{addresses_, endpoint};

    auto netlink = Netlink::open();
    if (!netlink) return wrapped(netlink.error());
    auto bridge_index = netlink->link_index(options_.bridge);
    if (!bridge_index) return wrapped(bridge_index.error());

    auto netns = open_network_namespace(netns_path);
    if (!netns) return wrapped(netns.error());
    // The peer is born in the container's namespace as its interface; random host
    // names may collide with a link of another run: try a few.
    Netlink::VethPair pair;
    pair.master_index = *bridge_index;
    pair.mtu = options_.mtu;
    pair.peer_name = endpoint.container_interface;
    pair.peer_netns_fd = netns->get();
    pair.peer_mac = mac;
    Result<> created = fail(ErrorCategory::System, "no veth created");
    for (int attempt = 0; attempt < 5; ++attempt) {
        pair.name = random_veth_name();
        created = netlink->create_veth(pair);
        if (created || created.error().errnum() != EEXIST) break;
    }
    if (!created) return wrapped(created.error());
    endpoint.host_veth = pair.name;
    // Deleting the host end deletes the pair, wherever the peer is.
    VethGuard veth_guard(*netlink, endpoint.host_veth);
    auto host_index = netlink->link_index(endpoint.host_veth);
    if (!host_index) return wrapped(host_index.error());

    auto inside = Netlink::open_in(netns_path);
    if (!inside) return wrapped(inside.error());
    auto index = inside->link_index(endpoint.container_interface);
    if (!index) return wrapped(index.error());
    Ipv4Network container_address;
    container_address.address = endpoint.address;
    container_address.prefix_length = endpoint.prefix_length;
    if (auto r = inside->add_address(*index, container_address); !r) return wrapped(r.error());
    // Before the link is up, so that its link-local address is not tentative either.
    bool uses_ipv6 = endpoint.ipv6 || !options.link_local6.empty();
    if (auto r = uses_ipv6 ? set_ipv6_conf(netns_path, endpoint.container_interface, "accept_dad", "0")
                           : set_ipv6_conf(netns_path, endpoint.container_interface, "disable_ipv6", "1");
        !r)
        return wrapped(r.error());
    if (endpoint.ipv6)
        if (auto r = inside->add_address(*index, *endpoint.ipv6); !r) return wrapped(r.error());
    if (auto r = add_link_local_addresses(*inside, *index, options); !r) return wrapped(r.error());
    if (auto r = inside->set_up(*index, true); !r) return wrapped(r.error());
    // An --internal network gives no way out, not even a route (as dockerd: no gateway for its endpoints).
    if (!options_.internal && default_route) {
        if (auto r = inside->add_default_route(endpoint.gateway, *index); !r) return wrapped(r.error());
        if (endpoint.gateway6)
            if (auto r = inside->add_default_route(*endpoint.gateway6, *index); !r) return wrapped(r.error());
    }
    if (auto r = netlink->set_up(*host_index, true); !r) return wrapped(r.error());

    veth_guard.dismiss();
    address_guard.armed = false;
    log::debug("endpoint {}: {} on {} via {}", endpoint_id, endpoint.address.to_string(), endpoint.host_veth,
               options_.bridge);
    return endpoint;
}

Result<> BridgeNetwork::disconnect(const Endpoint& endpoint) {
    auto netlink = Netlink::open();
    if (!netlink) return std::unexpected(netlink.error());
    if (auto index = netlink->link_index(endpoint.host_veth)) {
        if (auto deleted = netlink->delete_link(*index);
            !deleted && deleted.error().category() != ErrorCategory::NotFound)
            return std::unexpected(std::move(deleted.error()).wrap("disconnecting endpoint {}", endpoint.id));
    } else if (index.error().category() != ErrorCategory::NotFound) {
        return std::unexpected(std::move(index.error()).wrap("disconnecting endpoint {}", endpoint.id));
    }
    return release_address(endpoint);
}

Result<> BridgeNetwork::disconnect_soon(const Endpoint& endpoint) {
    {
        std::lock_guard lock(doomed_mutex_);
        doomed_links_.push_back(endpoint.host_veth);
        if (!reaper_.joinable()) reaper_ = std::thread([this] { delete_doomed_links(); });
    }
    doomed_wake_.notify_one();
    return release_address(endpoint);
}

void BridgeNetwork::delete_doomed_links() {
    std::unique_lock lock(doomed_mutex_);
    for (;;) {
        doomed_wake_.wait(lock, [this] { return stopping_ || !doomed_links_.empty(); });
        if (doomed_links_.empty()) return; // stopping, nothing left
        std::string name = std::move(doomed_links_.front());
        doomed_links_.pop_front();
        lock.unlock();
        auto netlink = Netlink::open();
        auto index = netlink ? netlink->link_index(name) : Result<int>(std::unexpected(netlink.error()));
        Result<> deleted = index ? netlink->delete_link(*index) : Result<>(std::unexpected(index.error()));
        if (!deleted && deleted.error().category() != ErrorCategory::NotFound)
            log::warn("deleting the veth {}: {}", name, deleted.error().message());
        lock.lock();
    }
}

BridgeNetwork::~BridgeNetwork() {
    {
        std::lock_guard lock(doomed_mutex_);
        stopping_ = true;
    }
    doomed_wake_.notify_one();
    if (reaper_.joinable()) reaper_.join();
}

Result<> BridgeNetwork::release_address(const Endpoint& endpoint) { return addresses_.give_back(endpoint); }

void BridgeNetwork::accept_in_docker_user() {
    if (auto opened = open_docker_user(*firewall_, options_.bridge); !opened)
        log::warn("bridge {}: traffic may be dropped by another firewall: {}", options_.bridge,
                  opened.error().message());
}

Result<> BridgeNetwork::teardown() {
    if (auto closed = close_docker_user(*firewall_, options_.bridge); !closed)
        log::warn("tearing down bridge {}: {}", options_.bridge, closed.error().message());
    auto netlink = Netlink::open();
    if (!netlink) return std::unexpected(netlink.error());
    // Only a bridge: a link that merely shares the name is not ours to delete.
    if (auto bridge = netlink->link(options_.bridge); bridge && bridge->kind == "bridge") {
        if (auto deleted = netlink->delete_link(bridge->index); !deleted)
            return std::unexpected(std::move(deleted.error()).wrap("tearing down bridge {}", options_.bridge));
    }
    if (auto removed = firewall_->remove_table(options_.nft_table); !removed)
        return std::unexpected(std::move(removed.error()).wrap("tearing down bridge {}", options_.bridge));
    if (auto forgotten = addresses_.forget(); !forgotten)
        return std::unexpected(std::move(forgotten.error()).wrap("tearing down bridge {}", options_.bridge));
    return {};
}

} // namespace berth::network
