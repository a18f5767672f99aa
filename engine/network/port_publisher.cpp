#include "network/port_publisher.h"

#include "base/log.h"
#include "base/unique_fd.h"

#include <algorithm>
#include <fcntl.h>
#include <format>
#include <unistd.h>

namespace berth::network {

namespace {

// route_localnet=1 lets a packet from 127.0.0.1, DNATed in the output hook,
// leave by the bridge (the kernel drops loopback sources on other interfaces
// otherwise); the postrouting masquerade then gives it the bridge's address.
Result<> enable_route_localnet(const std::string& sysctls, const std::string& bridge) {
    std::string path = std::format("{}/{}/route_localnet", sysctls, bridge);
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_TRUNC));
    if (!fd) return fail_errno("enabling route_localnet: opening {}", path);
    if (::write(fd.get(), "1\n", 2) != 2) return fail_errno("enabling route_localnet: writing {}", path);
    return {};
}

} // namespace

PortPublisher::PortPublisher(std::unique_ptr<Firewall> firewall, PortPublisherOptions options)
    : firewall_(std::move(firewall)), options_(std::move(options)), allocator_(options_.port_range_file) {}

std::string PortPublisher::table_for(const std::string& owner) { return "berth_p_" + owner.substr(0, 12); }

Result<> PortPublisher::apply_rules(const PublishTarget& target, const std::vector<PublishedPort>& ports) {
    if (auto enabled = enable_route_localnet(options_.interface_sysctls, target.bridge); !enabled) return enabled;
    DnatRules rules{.table = table_for(target.owner),
                    .bridge = target.bridge,
                    .container = target.container,
                    .subnet = target.subnet,
                    .ports = ports};
    if (auto applied = firewall_->apply(dnat_ruleset(rules)); !applied)
        return std::unexpected(applied.error().wrap("publishing ports of {}", target.owner.substr(0, 12)));
    return {};
}

Result<std::vector<PublishedPort>> PortPublisher::publish(const PublishTarget& target,
                                                          const std::vector<PortRequest>& requests) {
    if (requests.empty()) return std::vector<PublishedPort>{};
    auto ports = allocator_.allocate(target.owner, requests);
    if (!ports) return ports;
    if (auto applied = apply_rules(target, *ports); !applied) {
        unpublish(target.owner);
        return std::unexpected(applied.error());
    }
    return ports;
}

Result<> PortPublisher::restore(const PublishTarget& target, const std::vector<PublishedPort>& ports) {
    if (ports.empty()) return {};
    if (auto held = allocator_.hold(target.owner, ports); !held) return held;
    if (auto applied = apply_rules(target, ports); !applied) {
        unpublish(target.owner);
        return applied;
    }
    return {};
}

void PortPublisher::unpublish(const std::string& owner) {
    if (auto removed = firewall_->remove_table(table_for(owner)); !removed)
        log::warn("unpublishing the ports of {}: {}", owner.substr(0, 12), removed.error().message());
    allocator_.release(owner);
}

void PortPublisher::remove_stale(const std::vector<std::string>& owners) {
    if (owners.empty()) return;
    auto tables = firewall_->list_tables();
    if (!tables) {
        log::warn("looking for stale published-port tables: {}", tables.error().message());
        return;
    }
    for (const std::string& owner : owners) {
        if (!std::ranges::contains(*tables, table_for(owner))) continue;
        log::info("removing the stale published-port table of {}", owner.substr(0, 12));
        unpublish(owner);
    }
}

} // namespace berth::network
