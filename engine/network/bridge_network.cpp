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
    : options_(std::move(options)), firewall_(std::move(firewall)) {}

Ipv4Network BridgeNetwork::subnet() const {
    std::lock_guard lock(mutex_);
    return pool_ ? pool_->subnet() : Ipv4Network{};
}

Ipv4Address BridgeNetwork::gateway() const {
    std::lock_guard lock(mutex_);
    return pool_ ? pool_->gateway() : Ipv4Address{};
}

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

Result<> BridgeNetwork::save_pool() { return save_address_pool(pool_path(), *pool_); }

Result<> BridgeNetwork::ensure() {
    const std::string& name = options_.bridge;
    if (!valid_interface_name(name)) return fail(ErrorCategory::Invalid, "invalid bridge name \"{}\"", name);
    if (!valid_table_name(options_.nft_table))
        return fail(ErrorCategory::Invalid, "invalid nftables table name \"{}\"", options_.nft_table);
    std::lock_guard lock(mutex_);
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

    auto saved = load_address_pool(pool_path());
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

    if (*saved && (*saved)->subnet() == subnet && (!gateway || (*saved)->gateway() == *gateway)) {
        pool_ = std::move(**saved);
    } else {
        if (*saved && !(*saved)->allocations().empty())
            log::warn("bridge {}: subnet is now {}, dropping {} address allocations in {}", name, subnet.to_string(),
                      (*saved)->allocations().size(), (*saved)->subnet().to_string());
        pool_.emplace(subnet, gateway);
    }
    pool_->set_range(options_.ip_range);
    for (const auto& [aux_name, aux_address] : options_.aux_addresses)
        if (!pool_->owner(aux_address)) (void)pool_->reserve(aux_address, "aux:" + aux_name);

    if (!existing) {
        Ipv4Network gateway_address;
        gateway_address.address = pool_->gateway();
        gateway_address.prefix_length = subnet.prefix_length;
        if (auto added = netlink->add_address(bridge->index, gateway_address); !added) return wrapped(added.error());
    }
    if (bridge->mtu != options_.mtu)
        if (auto set = netlink->set_mtu(bridge->index, options_.mtu); !set) return wrapped(set.error());
    if (auto up = netlink->set_up(bridge->index, true); !up) return wrapped(up.error());
    if (auto saved_now = save_pool(); !saved_now) return wrapped(saved_now.error());

    NatRules rules;
    rules.table = options_.nft_table;
    rules.bridge = name;
    rules.subnet = subnet;
    rules.internal = options_.internal;
    rules.isolated_from = options_.isolated_from;
    if (auto applied = firewall_->apply(nat_ruleset(rules)); !applied)
        return wrapped(std::move(applied.error()).wrap("installing NAT rules"));
    if (options_.enable_ip_forward)
        if (auto forwarding = enable_ip_forwarding(); !forwarding) return wrapped(forwarding.error());
    accept_in_docker_user();
    log::info("bridge {} ready: subnet {}, gateway {}", name, subnet.to_string(), pool_->gateway().to_string());
    return {};
}

Result<Endpoint> BridgeNetwork::connect(const std::string& netns_path, const std::string& endpoint_id,
                                        std::optional<Ipv4Address> chosen, const std::string& interface,
                                        bool default_route) {
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
    {
        std::lock_guard lock(mutex_);
        if (!pool_) return fail(ErrorCategory::Invalid, "bridge {} is not set up", options_.bridge);
        Result<Ipv4Address> address = chosen ? Result<Ipv4Address>(*chosen) : pool_->allocate(endpoint_id);
        if (chosen) {
            if (auto reserved = pool_->reserve(*chosen, endpoint_id); !reserved) return std::unexpected(reserved.error());
        }
        if (!address) return wrapped(address.error());
        if (auto saved = save_pool(); !saved) {
            pool_->release(*address);
            return wrapped(saved.error());
        }
        endpoint.address = *address;
        endpoint.prefix_length = pool_->subnet().prefix_length;
        endpoint.gateway = pool_->gateway();
    }
    MacAddress mac = mac_for_address(endpoint.address);
    endpoint.mac = format_mac(mac);

    // Hands the address back if anything below fails.
    struct AddressGuard {
        BridgeNetwork& network;
        Ipv4Address address;
        bool armed = true;
        ~AddressGuard() {
            if (!armed) return;
            std::lock_guard lock(network.mutex_);
            if (network.pool_) {
                network.pool_->release(address);
                (void)network.save_pool();
            }
        }
    } address_guard{*this, endpoint.address};

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
    if (auto r = inside->set_up(*index, true); !r) return wrapped(r.error());
    // An --internal network gives no way out, not even a route (as dockerd: no gateway for its endpoints).
    if (!options_.internal && default_route)
        if (auto r = inside->add_default_route(endpoint.gateway, *index); !r) return wrapped(r.error());
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

Result<> BridgeNetwork::release_address(const Endpoint& endpoint) {
    std::lock_guard lock(mutex_);
    if (!pool_ || pool_->owner(endpoint.address) != endpoint.id) return {};
    pool_->release(endpoint.address);
    if (auto saved = save_pool(); !saved)
        return std::unexpected(std::move(saved.error()).wrap("disconnecting endpoint {}", endpoint.id));
    return {};
}

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
    std::lock_guard lock(mutex_);
    pool_.reset();
    if (::unlink(pool_path().c_str()) < 0 && errno != ENOENT)
        return fail_errno("tearing down bridge {}: deleting {}", options_.bridge, pool_path());
    return {};
}

} // namespace berth::network
