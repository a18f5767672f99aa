#include "network/network_controller.h"

#include "base/clock.h"
#include "base/files.h"
#include "base/go_errno.h"
#include "base/ids.h"
#include "base/log.h"
#include "network/docker_user.h"
#include "network/nat.h"
#include "network/netlink.h"

#include <algorithm>
#include <filesystem>
#include <type_traits>

namespace berth::network {

namespace fs = std::filesystem;
using nlohmann::json;

nlohmann::json Attachment::to_json() const {
    return json{{"netns", endpoint.netns_path},
                {"ip", endpoint.address.to_string()},
                {"prefix_length", endpoint.prefix_length},
                {"gateway", endpoint.gateway.to_string()},
                {"mac", endpoint.mac},
                {"host_veth", endpoint.host_veth},
                {"endpoint_id", endpoint_id},
                {"network_id", network_id},
                {"network_name", network_name},
                {"aliases", aliases},
                {"interface", endpoint.container_interface},
                {"owner", endpoint.id},
                {"ipv6", endpoint.ipv6 ? endpoint.ipv6->to_string() : ""},
                {"gateway6", endpoint.gateway6 ? endpoint.gateway6->to_string() : ""}};
}

Attachment Attachment::from_json(const nlohmann::json& saved) {
    Attachment a;
    a.network_id = saved.value("network_id", "");
    a.network_name = saved.value("network_name", "bridge");
    a.endpoint_id = saved.value("endpoint_id", "");
    if (auto found = saved.find("aliases"); found != saved.end() && found->is_array())
        for (const auto& alias : *found)
            if (alias.is_string()) a.aliases.push_back(alias.get<std::string>());
    a.endpoint.id = saved.value("owner", "");
    a.endpoint.netns_path = saved.value("netns", "");
    a.endpoint.host_veth = saved.value("host_veth", "");
    a.endpoint.container_interface = saved.value("interface", "eth0");
    a.endpoint.mac = saved.value("mac", "");
    if (auto address = Ipv4Address::parse(saved.value("ip", ""))) a.endpoint.address = *address;
    if (auto gateway = Ipv4Address::parse(saved.value("gateway", ""))) a.endpoint.gateway = *gateway;
    a.endpoint.prefix_length = saved.value("prefix_length", 0);
    if (auto ipv6 = Ipv6Network::parse(saved.value("ipv6", ""))) a.endpoint.ipv6 = *ipv6;
    if (auto gateway6 = Ipv6Address::parse(saved.value("gateway6", ""))) a.endpoint.gateway6 = *gateway6;
    return a;
}

namespace {

NetworkRecord predefined(const std::string& name, const std::string& driver) {
    NetworkRecord n;
    n.id = random_hex(32);
    n.name = name;
    n.driver = driver;
    n.created = format_rfc3339_nano(now_ns());
    return n;
}

std::string table_for(const std::string& bridge) {
    std::string table = "berth_" + bridge;
    std::ranges::replace(table, '-', '_');
    return table;
}

// --subnet with --gateway as one value, --bip-like: the address names the gateway.
std::optional<Ipv4Network> fixed_subnet(const NetworkRecord& n) {
    if (!n.ipam || !n.ipam->subnet) return std::nullopt;
    Ipv4Network fixed = *n.ipam->subnet;
    if (n.ipam->gateway) fixed.address = *n.ipam->gateway;
    return fixed;
}

// A network made ready (torn down again when it cannot be, unless
// `keep_state_on_failure`) in its state dir; the subnet and gateway chosen are
// the record's from now on, as Docker shows them in IPAM.Config.
template <typename Network>
Result<std::shared_ptr<Network>> ensured(std::shared_ptr<Network> network, const std::string& state_dir,
                                         NetworkRecord& n, bool keep_state_on_failure = false) {
    std::error_code ec;
    fs::create_directories(state_dir, ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", state_dir, go_error_text(ec));
    if (auto ready = network->ensure(); !ready) {
        if (!keep_state_on_failure) (void)network->teardown();
        return std::unexpected(ready.error());
    }
    if (!n.ipam) n.ipam = IpamPool{};
    n.ipam->subnet = network->subnet().network();
    n.ipam->gateway = network->gateway();
    if constexpr (std::is_same_v<Network, BridgeNetwork>)
        if (auto subnet6 = network->subnet6()) n.ipam6 = Ipv6IpamPool{subnet6->network(), network->gateway6()};
    return network;
}

} // namespace

NetworkController::NetworkController(NetworkControllerOptions options) : options_(std::move(options)) {}

NetworkController::~NetworkController() = default;

std::vector<Ipv6Network> NetworkController::subnets6_except(const std::string& id) const {
    std::vector<Ipv6Network> out;
    for (const NetworkRecord& n : store_->all())
        if (n.id != id && n.enable_ipv6 && n.ipam6 && n.ipam6->subnet) out.push_back(*n.ipam6->subnet);
    return out;
}

std::vector<Ipv4Network> NetworkController::subnets_except(const std::string& id) const {
    std::vector<Ipv4Network> out;
    for (const NetworkRecord& n : store_->all())
        if (n.id != id && n.ipam && n.ipam->subnet) out.push_back(*n.ipam->subnet);
    return out;
}

BridgeNetworkOptions NetworkController::user_bridge_options(const NetworkRecord& n) const {
    BridgeNetworkOptions o;
    o.bridge = n.bridge;
    o.state_dir = options_.state_dir + "/" + n.id;
    o.nft_table = table_for(n.bridge);
    o.pools = options_.default_bridge.pools;
    o.enable_ip_forward = options_.enable_ip_forward;
    o.avoid = subnets_except(n.id);
    o.internal = n.internal;
    o.isolated_from = {options_.bridge_prefix + "*", options_.default_bridge.bridge};
    if (n.ipam && n.ipam->subnet) {
        o.subnet = fixed_subnet(n);
        o.aux_addresses = n.ipam->aux_addresses;
        o.ip_range = n.ipam->ip_range;
    }
    if (n.enable_ipv6 && n.ipam6 && n.ipam6->subnet) {
        o.subnet6 = *n.ipam6->subnet; // --gateway as the address, as fixed_subnet() for IPv4
        if (n.ipam6->gateway) o.subnet6->address = *n.ipam6->gateway;
    }
    if (auto mtu = n.options.find("com.docker.network.driver.mtu"); mtu != n.options.end())
        o.mtu = static_cast<unsigned>(std::stoul(mtu->second));
    return o;
}

Result<std::shared_ptr<BridgeNetwork>> NetworkController::bring_up(NetworkRecord& n) {
    BridgeNetworkOptions o = user_bridge_options(n);
    return ensured(std::make_shared<BridgeNetwork>(o), o.state_dir, n);
}

Result<std::shared_ptr<SublinkNetwork>> NetworkController::bring_up_sublink(NetworkRecord& n, bool restoring) {
    SublinkNetworkOptions o;
    o.driver = n.driver;
    o.parent = n.sublink_parent();
    o.dummy_parent = !n.options.contains("parent") || n.options.at("parent").empty();
    if (auto mode = n.options.find(n.driver + "_mode"); mode != n.options.end()) o.mode = mode->second;
    o.state_dir = options_.state_dir + "/" + n.id;
    o.pools = options_.default_bridge.pools;
    o.avoid = subnets_except(n.id);
    // No parent and --internal are the same to moby: nothing leaves a dummy.
    o.internal = n.internal || o.dummy_parent;
    o.subnet = fixed_subnet(n);
    if (n.ipam) {
        o.aux_addresses = n.ipam->aux_addresses;
        o.ip_range = n.ipam->ip_range;
    }
    n.internal = o.internal;
    return ensured(std::make_shared<SublinkNetwork>(o), o.state_dir, n, restoring);
}

Result<> NetworkController::check_parent_free(const NetworkRecord& n) const {
    if (!n.options.contains("parent") || n.options.at("parent").empty()) return {};
    for (const NetworkRecord& other : store_->all())
        if (other.driver == n.driver && other.id != n.id && other.sublink_parent() == n.options.at("parent"))
            return fail(ErrorCategory::Forbidden, "network dm-{} is already using parent interface {}",
                        other.id.substr(0, 12), n.options.at("parent"));
    return {};
}

Result<> NetworkController::start() {
    dns_ = std::make_unique<EmbeddedDns>(
        [this](const std::string& network_id, const std::string& name) { return resolve(network_id, name); },
        resolv_conf_upstreams(read_file(options_.resolv_conf).value_or("")),
        [this](const std::string& network_id, const std::string& name) { return resolve6(network_id, name); });
    if (auto started = start_networks(); !started) return started;
    // The sockets of the running containers went with the previous berthd.
    for (const NetworkRecord& n : list()) {
        if (n.predefined()) continue;
        for (const auto& [id, a] : n.containers)
            if (!a.netns_path.empty())
                if (auto served = dns_->add(id, a.netns_path, n.id); !served)
                    log::warn("DNS for container {} on {}: {}", id, n.name, served.error().message());
    }
    return {};
}

Result<> NetworkController::start_networks() {
    std::lock_guard lock(mutex_);
    auto store = NetworkStore::open(options_.state_dir + "/networks");
    if (!store) return std::unexpected(store.error());
    store_ = std::move(*store);
    for (auto [name, driver] : {std::pair{"bridge", "bridge"}, std::pair{"host", "host"}, std::pair{"none", "null"}}) {
        if (store_->find(name)) continue;
        if (auto saved = store_->save(predefined(name, driver)); !saved) return saved;
    }

    BridgeNetworkOptions defaults = options_.default_bridge;
    defaults.isolated_from = {options_.bridge_prefix + "*"};
    auto bridge = std::make_shared<BridgeNetwork>(defaults);
    if (auto ensured = bridge->ensure(); !ensured) {
        log::warn("the default bridge network is not available: {}", ensured.error().message());
    } else {
        default_bridge_ = bridge;
        NetworkRecord record = *store_->find("bridge");
        record.bridge = defaults.bridge;
        record.options = {{"com.docker.network.bridge.default_bridge", "true"},
                          {"com.docker.network.bridge.enable_icc", "true"},
                          {"com.docker.network.bridge.enable_ip_masquerade", "true"},
                          {"com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"},
                          {"com.docker.network.bridge.name", defaults.bridge},
                          {"com.docker.network.driver.mtu", std::to_string(defaults.mtu)}};
        record.ipam = IpamPool{};
        record.ipam->subnet = bridge->subnet().network();
        record.ipam->gateway = bridge->gateway();
        if (auto saved = store_->save(record); !saved) return saved;
        log::info("default bridge {} on {}", defaults.bridge, bridge->subnet().to_string());
    }

    prune_docker_user_rules();
    for (NetworkRecord n : store_->all()) {
        if (is_sublink_driver(n.driver)) {
            auto up = bring_up_sublink(n, /*restoring=*/true);
            if (!up) log::warn("network {} is not available: {}", n.name, up.error().message());
            else sublinks_[n.id] = *up;
            continue;
        }
        if (n.predefined() || n.driver != "bridge") continue;
        auto up = bring_up(n);
        if (!up) {
            log::warn("network {} is not available: {}", n.name, up.error().message());
            continue;
        }
        bridges_[n.id] = *up;
        (void)store_->save(n);
    }
    return {};
}

void NetworkController::prune_docker_user_rules() {
    auto firewall = make_nftables_firewall();
    auto netlink = Netlink::open();
    if (!netlink) return;
    auto pruned = prune_docker_user(*firewall, [&](const std::string& bridge) {
        auto link = netlink->link(bridge);
        return link || link.error().category() != ErrorCategory::NotFound;
    });
    if (!pruned) log::warn("DOCKER-USER: {}", pruned.error().message());
}

Result<NetworkRecord> NetworkController::create(NetworkRecord n) {
    std::lock_guard lock(mutex_);
    if (store_->find(n.name) && store_->find(n.name)->name == n.name)
        return fail(ErrorCategory::Conflict, "network with name {} already exists", n.name);
    if (n.ipam && n.ipam->subnet)
        for (const Ipv4Network& used : subnets_except(""))
            if (used.overlaps(*n.ipam->subnet))
                return fail(ErrorCategory::Forbidden, "invalid pool request: Pool overlaps with other one on this address space");
    if (n.enable_ipv6) {
        if (!n.ipam6) n.ipam6 = Ipv6IpamPool{};
        if (n.ipam6->subnet) {
            for (const Ipv6Network& used : subnets6_except(""))
                if (used.overlaps(*n.ipam6->subnet))
                    return fail(ErrorCategory::Forbidden,
                                "invalid pool request: Pool overlaps with other one on this address space");
        } else {
            // Docker 27+: a /64 of the engine's ULA /48 when no IPv6 --subnet is given.
            auto chosen = choose_ipv6_subnet(ula_base_pool(options_.engine_id), subnets6_except(""));
            if (!chosen) return std::unexpected(chosen.error());
            n.ipam6->subnet = *chosen;
        }
    }
    n.id = random_hex(32);
    n.created = format_rfc3339_nano(now_ns());
    if (is_sublink_driver(n.driver)) {
        if (auto free = check_parent_free(n); !free) return std::unexpected(free.error());
        auto up = bring_up_sublink(n);
        if (!up) return std::unexpected(std::move(up.error()).wrap("creating network {}", n.name));
        if (auto saved = store_->save(n); !saved) {
            (void)(*up)->teardown();
            return std::unexpected(saved.error());
        }
        sublinks_[n.id] = *up;
        return n;
    }
    n.bridge = options_.bridge_prefix + n.id.substr(0, 12);
    auto up = bring_up(n);
    if (!up) return std::unexpected(std::move(up.error()).wrap("creating network {}", n.name));
    if (auto saved = store_->save(n); !saved) {
        (void)(*up)->teardown();
        return std::unexpected(saved.error());
    }
    bridges_[n.id] = *up;
    return n;
}

std::vector<NetworkRecord> NetworkController::list() const {
    std::lock_guard lock(mutex_);
    return store_->all();
}

Result<NetworkRecord> NetworkController::find(std::string_view reference) const {
    std::lock_guard lock(mutex_);
    return store_->find(reference);
}

Result<> NetworkController::remove(std::string_view reference) {
    std::lock_guard lock(mutex_);
    auto n = store_->find(reference);
    if (!n) return std::unexpected(n.error());
    if (n->predefined())
        return fail(ErrorCategory::Forbidden, "{} is a pre-defined network and cannot be removed", n->name);
    if (!n->containers.empty())
        return fail(ErrorCategory::Forbidden, "error while removing network: network {} id {} has active endpoints",
                    n->name, n->id);
    if (auto found = sublinks_.find(n->id); found != sublinks_.end()) {
        if (auto down = found->second->teardown(); !down)
            return std::unexpected(std::move(down.error()).wrap("removing network {}", n->name));
        sublinks_.erase(found);
    } else if (is_sublink_driver(n->driver)) {
        SublinkNetworkOptions leftover;
        leftover.driver = n->driver;
        leftover.parent = n->sublink_parent();
        leftover.state_dir = options_.state_dir + "/" + n->id;
        (void)SublinkNetwork(leftover).teardown();
    } else if (auto bridge = bridges_.find(n->id); bridge != bridges_.end()) {
        if (auto down = bridge->second->teardown(); !down)
            return std::unexpected(std::move(down.error()).wrap("removing network {}", n->name));
        bridges_.erase(bridge);
    } else {
        // Never brought up in this run: what a previous one may have left goes.
        BridgeNetwork leftover(user_bridge_options(*n));
        (void)leftover.teardown();
    }
    std::error_code ec;
    fs::remove_all(options_.state_dir + "/" + n->id, ec);
    return store_->remove(n->id);
}

Result<Attachment> NetworkController::connect(const AttachRequest& request) {
    std::shared_ptr<BridgeNetwork> bridge;
    std::shared_ptr<SublinkNetwork> sublink;
    NetworkRecord n;
    {
        std::lock_guard lock(mutex_);
        auto found = store_->find(request.network);
        if (!found) return std::unexpected(found.error());
        n = *found;
        if (n.name == "bridge") bridge = default_bridge_;
        else if (auto it = bridges_.find(n.id); it != bridges_.end()) bridge = it->second;
        else if (auto sub = sublinks_.find(n.id); sub != sublinks_.end()) sublink = sub->second;
        if (!bridge && !sublink) {
            if (n.name == "bridge")
                return fail(ErrorCategory::Unavailable, "the default bridge network is not available on this host");
            return fail(ErrorCategory::Unavailable, "network {} is not available on this host", n.name);
        }
    }
    auto outside = [](const std::string& address) {
        return fail(ErrorCategory::Invalid,
                    "invalid endpoint settings:\nno configured subnet or ip-range contain the IP address {}", address);
    };
    if (request.address && n.ipam && n.ipam->subnet && !n.ipam->subnet->contains(*request.address))
        return outside(request.address->to_string());
    if (request.address6 && !(n.enable_ipv6 && n.ipam6 && n.ipam6->subnet))
        return fail(ErrorCategory::Invalid, "invalid endpoint settings:\nuser specified IP address is supported only "
                                            "when connecting to networks with user configured subnets");
    if (request.address6 && !n.ipam6->subnet->contains(*request.address6))
        return outside(request.address6->to_string());
    auto endpoint = sublink ? sublink->connect(request.netns_path, request.container_id, request.address,
                                               request.interface_name, request.default_route, request.options)
                            : bridge->connect(request.netns_path, request.container_id, request.address,
                                              request.interface_name, request.default_route, request.address6,
                                              request.options);
    if (!endpoint) return std::unexpected(endpoint.error());
    Attachment a;
    a.network_id = n.id;
    a.network_name = n.name;
    a.endpoint_id = random_hex(32);
    a.aliases = request.aliases;
    a.endpoint = *endpoint;

    {
        std::lock_guard lock(mutex_);
        if (auto current = store_->find(n.id)) {
            current->containers[request.container_id] = NetworkAttachment{
                .container_name = request.container_name,
                .endpoint_id = a.endpoint_id,
                .mac = endpoint->mac,
                .ipv4 = std::format("{}/{}", endpoint->address.to_string(), endpoint->prefix_length),
                .ipv6 = endpoint->ipv6 ? endpoint->ipv6->to_string() : "",
                .aliases = a.aliases,
                .netns_path = request.netns_path};
            if (auto saved = store_->save(*current); !saved)
                log::warn("recording {} on network {}: {}", request.container_id, n.name, saved.error().message());
        }
    }
    if (n.name != "bridge" && dns_)
        if (auto served = dns_->add(request.container_id, request.netns_path, n.id); !served)
            log::warn("DNS for container {} on {}: {}", request.container_id, n.name, served.error().message());
    return a;
}

std::vector<NetworkAttachment> NetworkController::named(const std::string& network_id, const std::string& name) const {
    std::vector<NetworkAttachment> out;
    std::lock_guard lock(mutex_);
    if (!store_) return out;
    auto n = store_->find(network_id);
    if (!n) return out;
    for (const auto& [id, a] : n->containers)
        if (a.container_name == name || std::ranges::contains(a.aliases, name) ||
            (name.size() == 12 && id.starts_with(name)))
            out.push_back(a);
    return out;
}

std::vector<Ipv4Address> NetworkController::resolve(const std::string& network_id, const std::string& name) const {
    std::vector<Ipv4Address> out;
    for (const NetworkAttachment& a : named(network_id, name))
        if (auto address = Ipv4Network::parse(a.ipv4)) out.push_back(address->address);
    return out;
}

std::vector<Ipv6Address> NetworkController::resolve6(const std::string& network_id, const std::string& name) const {
    std::vector<Ipv6Address> out;
    for (const NetworkAttachment& a : named(network_id, name))
        if (auto address = Ipv6Network::parse(a.ipv6)) out.push_back(address->address);
    return out;
}

void NetworkController::disconnect(const Attachment& a, bool soon) {
    std::shared_ptr<BridgeNetwork> bridge;
    std::shared_ptr<SublinkNetwork> sublink;
    {
        std::lock_guard lock(mutex_);
        auto n = store_->find(a.network_id.empty() ? a.network_name : a.network_id);
        if (n) {
            bridge = n->name == "bridge" ? default_bridge_ : nullptr;
            if (auto it = bridges_.find(n->id); it != bridges_.end()) bridge = it->second;
            if (auto it = sublinks_.find(n->id); it != sublinks_.end()) sublink = it->second;
            // The container's id is the pool's owner of the address (BridgeNetwork::connect).
            std::erase_if(n->containers, [&](const auto& entry) { return entry.second.endpoint_id == a.endpoint_id; });
            if (auto saved = store_->save(*n); !saved)
                log::warn("recording the disconnection from {}: {}", n->name, saved.error().message());
        }
    }
    if (dns_ && !a.endpoint.id.empty()) {
        if (a.network_id.empty()) dns_->remove(a.endpoint.id);
        else dns_->remove(a.endpoint.id, a.network_id);
    }
    if (sublink) {
        // Deleted now even when the container stopped (`soon`): the link would
        // go with the namespace, but asynchronously, and until it has gone
        // its MAC (derived from the address) is taken on the parent, so a
        // quick restart with the same --ip would meet EADDRINUSE.
        Result<> done = sublink->disconnect(a.endpoint);
        if (!done) log::warn("disconnecting from network {}: {}", a.network_name, done.error().message());
        return;
    }
    if (!bridge || a.endpoint.host_veth.empty()) return;
    Endpoint endpoint = a.endpoint;
    Result<> done = soon ? bridge->disconnect_soon(endpoint) : bridge->disconnect(endpoint);
    if (!done) log::warn("disconnecting from network {}: {}", a.network_name, done.error().message());
}

Result<> NetworkController::route_default_via(const Attachment& a) {
    auto wrapped = [&](Error error) {
        return std::unexpected(std::move(error).wrap("routing {} by default via {} on {}", a.endpoint.netns_path,
                                                     a.endpoint.gateway.to_string(), a.endpoint.container_interface));
    };
    auto inside = Netlink::open_in(a.endpoint.netns_path);
    if (!inside) return wrapped(inside.error());
    auto index = inside->link_index(a.endpoint.container_interface);
    if (!index) return wrapped(index.error());
    if (auto added = inside->add_default_route(a.endpoint.gateway, *index); !added) return wrapped(added.error());
    if (a.endpoint.gateway6)
        if (auto added = inside->add_default_route(*a.endpoint.gateway6, *index); !added) return wrapped(added.error());
    return {};
}

Result<> NetworkController::force_endpoint_delete(const std::string& network, const std::string& container) {
    std::shared_ptr<BridgeNetwork> bridge;
    std::shared_ptr<SublinkNetwork> sublink;
    Endpoint stale;
    std::string network_id;
    {
        std::lock_guard lock(mutex_);
        auto n = store_->find(network);
        if (!n) return std::unexpected(n.error());
        auto it = std::ranges::find_if(n->containers, [&](const auto& entry) {
            return entry.first == container || entry.second.container_name == container;
        });
        if (it == n->containers.end()) return fail(ErrorCategory::NotFound, "endpoint {} not found", container);
        stale.id = it->first; // the pool's owner of its address (BridgeNetwork::connect)
        if (auto address = Ipv4Network::parse(it->second.ipv4)) stale.address = address->address;
        if (auto address6 = Ipv6Network::parse(it->second.ipv6)) stale.ipv6 = *address6;
        n->containers.erase(it);
        if (auto saved = store_->save(*n); !saved) return saved;
        network_id = n->id;
        if (n->name == "bridge") bridge = default_bridge_;
        else if (auto found = bridges_.find(n->id); found != bridges_.end()) bridge = found->second;
        else if (auto sub = sublinks_.find(n->id); sub != sublinks_.end()) sublink = sub->second;
    }
    if (dns_) dns_->remove(stale.id, network_id);
    if (sublink) return sublink->release_address(stale);
    if (bridge) return bridge->release_address(stale);
    return {};
}

Result<> NetworkController::teardown_all() {
    std::lock_guard lock(mutex_);
    for (auto& [id, bridge] : bridges_) (void)bridge->teardown();
    bridges_.clear();
    for (auto& [id, sublink] : sublinks_) (void)sublink->teardown();
    sublinks_.clear();
    if (default_bridge_) (void)default_bridge_->teardown();
    default_bridge_.reset();
    return {};
}

} // namespace berth::network
