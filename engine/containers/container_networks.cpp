// A container's networks: every network it wants connected at start (eth0 for
// HostConfig.NetworkMode, eth1... for the rest of EndpointsConfig), and
// `docker network connect/disconnect` (POST /networks/{id}/connect|disconnect)
// on a created, stopped or running container. A running container gets or
// loses the interface at once; any container keeps the network in its
// endpoints_config, so its next start connects it again.
#include "containers/container_service.h"
#include "containers/network_attachments.h"

#include "base/log.h"

namespace berth::containers {

using nlohmann::json;

namespace {

std::string network_mode(const Container& c) {
    std::string mode = c.host_config.value("NetworkMode", "");
    return mode.empty() || mode == "default" ? "bridge" : mode;
}

// Docker's refusals (runconfig.ErrConflict*: 400) for a container whose
// network namespace is not its own, or a network that is not a bridge.
Result<> check_connectable(const Container& c, const network::NetworkRecord& n) {
    std::string mode = network_mode(c);
    if (mode != "host" && n.driver == "host")
        return fail(ErrorCategory::Invalid, "container cannot be disconnected from host network or connected to host network");
    if (mode == "host" || mode.starts_with("container:"))
        return fail(ErrorCategory::Invalid, "container sharing network namespace with another container or host cannot "
                                            "be connected to any other network");
    if (mode == "none" || n.driver == "null")
        return fail(ErrorCategory::Invalid, "container cannot be connected to multiple networks with one of the "
                                            "networks in private (none) mode");
    return {};
}

// EndpointSettings a network connect may carry, checked as create checks them.
Result<json> endpoint_settings(const json& body, const network::NetworkRecord& n) {
    json settings = body.is_object() ? body : json::object();
    auto ipam = settings.find("IPAMConfig");
    bool has_ip = ipam != settings.end() && ipam->is_object() &&
                  (!ipam->value("IPv4Address", "").empty() || !ipam->value("IPv6Address", "").empty());
    auto aliases = settings.find("Aliases");
    bool has_aliases = aliases != settings.end() && aliases->is_array() && !aliases->empty();
    if (n.predefined() && has_ip)
        return fail(ErrorCategory::Invalid, "invalid config for network {}: user specified IP address is supported on "
                                            "user defined networks only",
                    n.name);
    if (n.predefined() && has_aliases)
        return fail(ErrorCategory::Invalid, "invalid config for network {}: network-scoped alias is supported only for "
                                            "containers in user defined networks",
                    n.name);
    json kept = json::object();
    for (const char* key : {"IPAMConfig", "Aliases", "Links", "DriverOpts", "MacAddress"})
        if (auto found = settings.find(key); found != settings.end() && !found->is_null()) kept[key] = *found;
    return kept;
}

// The key of endpoints_config that names network `n`, if any.
std::optional<std::string> wanted_key(const Container& c, const network::NetworkRecord& n,
                                      network::NetworkService& networks) {
    for (const std::string& key : wanted_networks(c)) {
        if (key == n.name || key == n.id) return key;
        if (auto found = networks.find(key); found && found->id == n.id) return key;
    }
    return std::nullopt;
}

// Whether `n` is the network HostConfig.NetworkMode names.
bool is_mode_network(const Container& c, const network::NetworkRecord& n, network::NetworkService& networks) {
    std::string mode = network_mode(c);
    if (mode == n.name || mode == n.id) return true;
    auto found = networks.find(mode);
    return found && found->id == n.id;
}

} // namespace

std::optional<network::Attachment>
ContainerService::default_route_holder(const std::vector<network::Attachment>& attachments) const {
    for (const auto& a : attachments) {
        auto n = networks_->find(a.network_id.empty() ? a.network_name : a.network_id);
        if (n && !n->internal) return a;
    }
    return std::nullopt;
}

bool ContainerService::gives_default_route(const std::vector<network::Attachment>& attachments) const {
    return default_route_holder(attachments).has_value();
}

Result<network::Attachment> ContainerService::connect_one(Container& c, const std::string& reference,
                                                           const json& settings,
                                                           const std::vector<network::Attachment>& current) {
    network::AttachRequest request{.network = reference,
                                   .container_id = c.id,
                                   .container_name = c.name,
                                   .netns_path = c.network.value("netns", ""),
                                   .aliases = {},
                                   .address = std::nullopt,
                                   .address6 = std::nullopt,
                                   .options = {},
                                   .interface_name = next_interface_name(current),
                                   .default_route = !gives_default_route(current)};
    if (auto applied = apply_endpoint_settings(settings, request); !applied) return std::unexpected(applied.error());
    auto attached = networks_->connect(request);
    if (!attached) return std::unexpected(attached.error().wrap("connecting to network {}", reference));
    return attached;
}

Result<> ContainerService::attach_networks(Container& c) {
    std::vector<network::Attachment> attached;
    std::vector<std::string> wanted = wanted_networks(c);
    // Disconnected from every network: Docker connects NetworkMode's again.
    if (wanted.empty() && c.network_mode_detached) {
        c.network_mode_detached = false;
        wanted = wanted_networks(c);
    }
    for (const std::string& reference : wanted) {
        json settings = c.endpoints_config.value(reference, json::object());
        auto one = connect_one(c, reference, settings, attached);
        if (!one) return std::unexpected(one.error());
        attached.push_back(std::move(*one));
        // Saved at once: a failure below is undone by release_network() with the rest.
        set_attachments(c, attached);
    }
    if (attached.empty()) return {};
    return publish_ports(c, attached.front());
}

void ContainerService::detach_networks(Container& c) {
    // Veth pairs go on the networks' workers (or with the namespace, just
    // after): an exit is recorded without waiting out their deletion. A
    // macvlan/ipvlan link is deleted at once, inside the namespace, which is
    // still there (saved attachments do not keep its path).
    for (auto a : attachments_of(c)) {
        if (a.endpoint.host_veth.empty() && a.endpoint.address.value == 0) continue;
        a.endpoint.netns_path = c.network.value("netns", "");
        networks_->disconnect(a, true);
    }
}

Result<NetworkChange> ContainerService::connect_network(const std::string& reference, const std::string& network,
                                                        const json& body) {
    if (!networks_) return fail(ErrorCategory::Unavailable, "networks are not available on this host");
    auto n = networks_->find(network);
    if (!n) return std::unexpected(n.error());
    auto found = store_.find(reference);
    if (!found) return std::unexpected(found.error());
    auto lock = operation_lock(found->id);
    std::lock_guard operation(*lock);
    auto c = store_.get(found->id);
    if (!c) return fail(ErrorCategory::NotFound, "No such container: {}", reference);
    if (c->state.status == "removing" || c->state.status == "dead")
        return fail(ErrorCategory::Conflict, "Removal In Progress: container {} is marked for removal and cannot be "
                                             "connected or disconnected to the network",
                    c->id);
    if (auto ok = check_connectable(*c, *n); !ok) return std::unexpected(ok.error());
    auto settings = endpoint_settings(body, *n);
    if (!settings) return std::unexpected(settings.error());
    auto already = fail(ErrorCategory::Forbidden, "endpoint with name {} already exists in network {}", c->name, n->name);

    NetworkChange change{.container_id = c->id, .network_id = n->id, .network_name = n->name, .driver = n->driver};
    bool connected_now = c->state.running() && c->network.contains("netns");
    if (connected_now) {
        auto current = attachments_of(*c);
        if (attachment_on(current, n->id, n->name)) return std::unexpected(already.error());
        auto one = connect_one(*c, n->id, *settings, current);
        if (!one) return std::unexpected(one.error());
        auto before = current;
        current.push_back(std::move(*one));
        set_attachments(*c, current);
        refresh_etc_files(*c, before);
    } else if (wanted_key(*c, *n, *networks_)) {
        return std::unexpected(already.error());
    }
    c->endpoints_config[n->name] = *settings;
    if (is_mode_network(*c, *n, *networks_)) c->network_mode_detached = false;
    commit(*c);
    return change;
}

Result<NetworkChange> ContainerService::disconnect_network(const std::string& reference, const std::string& network,
                                                           bool force) {
    if (!networks_) return fail(ErrorCategory::Unavailable, "networks are not available on this host");
    auto n = networks_->find(network);
    if (!n) return std::unexpected(n.error());
    auto found = store_.find(reference);
    if (!found && force && found.error().category() == ErrorCategory::NotFound) {
        // A container gone without its endpoint (Docker's ForceEndpointDelete).
        if (auto deleted = networks_->force_endpoint_delete(n->id, reference); !deleted)
            return std::unexpected(deleted.error());
        return NetworkChange{.container_id = reference, .network_id = n->id, .network_name = n->name, .driver = n->driver};
    }
    if (!found) return std::unexpected(found.error());
    auto lock = operation_lock(found->id);
    std::lock_guard operation(*lock);
    auto c = store_.get(found->id);
    if (!c) return fail(ErrorCategory::NotFound, "No such container: {}", reference);
    NetworkChange change{.container_id = c->id, .network_id = n->id, .network_name = n->name, .driver = n->driver};
    std::string mode = network_mode(*c);
    if (mode == "host" && n->driver == "host")
        return fail(ErrorCategory::Invalid, "container cannot be disconnected from host network or connected to host network");

    bool connected_now = c->state.running() && c->network.contains("netns");
    if (connected_now) {
        auto current = attachments_of(*c);
        auto gone = attachment_on(current, n->id, n->name);
        if (!gone) {
            return fail(ErrorCategory::System, "container {} is not connected to network {}", c->id, n->name);
        }
        bool was_first = current.front().endpoint_id == gone->endpoint_id;
        auto router = default_route_holder(current);
        bool had_default_route = router && router->endpoint_id == gone->endpoint_id;
        if (was_first) unpublish_ports(*c);
        gone->endpoint.netns_path = c->network.value("netns", ""); // a macvlan link is deleted in there
        networks_->disconnect(*gone, false);
        auto before = current;
        std::erase_if(current, [&](const auto& a) { return a.endpoint_id == gone->endpoint_id; });
        set_attachments(*c, current);
        refresh_etc_files(*c, before);
        // The default route went with the interface: the next network gets it, as at a start.
        if (auto next = had_default_route ? default_route_holder(current) : std::nullopt) {
            next->endpoint.netns_path = c->network.value("netns", ""); // kept once, at the top level
            if (auto routed = networks_->route_default_via(*next); !routed)
                log::warn("container {}: {}", c->id, routed.error().message());
        }
        // Published ports lead to the container's first network: the next one now.
        if (was_first && !current.empty())
            if (auto published = publish_ports(*c, current.front()); !published)
                log::warn("publishing the ports of {} on network {}: {}", c->id, current.front().network_name,
                          published.error().message());
    } else {
        auto key = wanted_key(*c, *n, *networks_);
        if (!key) return fail(ErrorCategory::System, "container {} is not connected to the network {}", c->id, n->name);
    }
    // NetworkMode's network stays in HostConfig (as in Docker) but is no longer wanted.
    if (is_mode_network(*c, *n, *networks_)) c->network_mode_detached = true;
    for (const std::string& key : {n->name, n->id}) c->endpoints_config.erase(key);
    commit(*c);
    return change;
}

} // namespace berth::containers
