// Published ports (-p, -P) as a step of a container's network setup: what the
// container asks for (HostConfig.PortBindings, PublishAllPorts with the
// merged ExposedPorts) goes to the PortPublisher once the container has its
// endpoint; the ports as chosen are saved in the record's "network" object, so
// inspect shows them and a restarted berthd holds them again.
#include "containers/container_service.h"

#include "base/log.h"

namespace berth::containers {

using nlohmann::json;

namespace {

// Where the ports lead: the attachment's bridge, addresses and subnets (IPv6 too on a network with it).
Result<network::PublishTarget> target_of(const Container& c, const network::Attachment& attachment,
                                         network::NetworkService& networks) {
    auto record = networks.find(attachment.network_id.empty() ? attachment.network_name : attachment.network_id);
    if (!record) return std::unexpected(record.error());
    if (record->bridge.empty())
        return fail(ErrorCategory::NotImplemented, "publishing ports on network {} (driver {}) is not supported",
                    record->name, record->driver);
    const std::optional<network::Ipv6Network>& ipv6 = attachment.endpoint.ipv6;
    return network::PublishTarget{
        .owner = c.id,
        .bridge = record->bridge,
        .container = attachment.endpoint.address,
        .subnet = network::Ipv4Network{attachment.endpoint.address, attachment.endpoint.prefix_length}.network(),
        .container6 = ipv6 ? std::optional(ipv6->address) : std::nullopt,
        .subnet6 = ipv6 ? std::optional(ipv6->network()) : std::nullopt,
    };
}

} // namespace

void ContainerService::set_port_publisher(network::PortPublisher* ports) { ports_ = ports; }

Result<> ContainerService::publish_ports(Container& c, const network::Attachment& attachment) {
    auto requests = network::port_requests(c.host_config.value("PortBindings", json()), c.exposed_ports(),
                                           c.host_config.value("PublishAllPorts", false));
    if (!requests) return std::unexpected(requests.error());
    if (requests->empty()) return {};
    if (!ports_) return fail(ErrorCategory::NotImplemented, "publishing ports (-p, -P) is not available on this host");
    auto target = target_of(c, attachment, *networks_);
    if (!target) return std::unexpected(target.error());
    auto published = ports_->publish(*target, *requests);
    // A 500, as dockerd answers it (the allocator's Conflict is its own business).
    if (!published)
        return fail(ErrorCategory::System, "driver failed programming external connectivity on endpoint {} ({}): {}",
                    c.name, attachment.endpoint_id, published.error().message());
    c.network["ports"] = network::published_ports_to_json(*published);
    return {};
}

void ContainerService::unpublish_ports(Container& c) {
    if (!ports_ || !c.network.contains("ports")) return;
    ports_->unpublish(c.id);
    c.network.erase("ports");
}

void ContainerService::restore_ports(const Container& c) {
    if (!ports_ || !networks_ || !c.network.contains("ports")) return;
    auto published = network::published_ports_from_json(c.network["ports"]);
    if (!published) {
        log::warn("the published ports of {}: {}", c.id, published.error().message());
        return;
    }
    network::Attachment attachment = network::Attachment::from_json(c.network);
    auto target = target_of(c, attachment, *networks_);
    auto restored = target ? ports_->restore(*target, *published) : Result<>(std::unexpected(target.error()));
    if (!restored) log::warn("publishing the ports of {} again: {}", c.id, restored.error().message());
}

} // namespace berth::containers
