#include "network/port_publisher.h"

#include "base/log.h"
#include "base/unique_fd.h"

#include <algorithm>
#include <fcntl.h>
#include <format>
#include <netinet/in.h>
#include <sys/socket.h>
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

// The address and port a proxied connection goes to: the container's IPv6
// address, or its IPv4 one when it has none (docker-proxy's 6-to-4).
sockaddr_storage upstream_of(const PublishTarget& target, uint16_t port) {
    sockaddr_storage storage{};
    if (target.container6) {
        auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
        address->sin6_family = AF_INET6;
        address->sin6_port = htons(port);
        std::ranges::copy(target.container6->bytes(), address->sin6_addr.s6_addr);
    } else {
        auto* address = reinterpret_cast<sockaddr_in*>(&storage);
        address->sin_family = AF_INET;
        address->sin_port = htons(port);
        address->sin_addr.s_addr = target.container.network_order();
    }
    return storage;
}

// tcp and udp have a proxy; sctp reaches IPv6 by DNAT alone.
bool has_proxy(const std::string& protocol) { return protocol == "tcp" || protocol == "udp"; }

// The proxy of one IPv6 port: tcp connections, or udp flows, to the container.
Result<std::unique_ptr<PortProxy>> start_proxy(const std::string& protocol, UniqueFd socket,
                                               const sockaddr_storage& upstream) {
    if (protocol == "tcp") return TcpProxy::start(std::move(socket), upstream);
    return UdpProxy::start(std::move(socket), upstream);
}

} // namespace

bool host_can_listen_on_ipv6() {
    UniqueFd fd(::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in6 loopback{};
    loopback.sin6_family = AF_INET6;
    loopback.sin6_addr = in6addr_loopback;
    return fd && ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&loopback), sizeof(loopback)) == 0;
}

PortPublisher::PortPublisher(std::unique_ptr<Firewall> firewall, PortPublisherOptions options)
    : firewall_(std::move(firewall)), options_(std::move(options)), allocator_(options_.port_range_file) {}

std::string PortPublisher::table_for(const std::string& owner) { return "berth_p_" + owner.substr(0, 12); }

Result<> PortPublisher::apply_rules(const PublishTarget& target, const std::vector<PublishedPort>& ports) {
    if (auto enabled = enable_route_localnet(options_.interface_sysctls, target.bridge); !enabled) return enabled;
    DnatRules rules{.table = table_for(target.owner),
                    .bridge = target.bridge,
                    .container = target.container,
                    .subnet = target.subnet,
                    .container6 = target.container6,
                    .subnet6 = target.subnet6,
                    .ports = ports};
    if (auto applied = firewall_->apply(dnat_ruleset(rules)); !applied)
        return std::unexpected(applied.error().wrap("publishing ports of {}", target.owner.substr(0, 12)));
    return {};
}

Result<std::vector<PortRequest>> PortPublisher::with_ipv6(const PublishTarget& target,
                                                          std::vector<PortRequest> requests) const {
    for (PortRequest& request : requests) {
        bool proxied = has_proxy(request.protocol);
        if (request.host_ip.empty()) {
            request.also_ipv6_any = options_.ipv6 && (proxied || target.container6);
            continue;
        }
        if (!looks_like_ipv6(request.host_ip) || proxied) continue;
        if (!target.container6 || request.host_ip == "::1")
            return fail(ErrorCategory::NotImplemented,
                        "publishing {}/{} on the IPv6 address {} is not supported yet{}", request.container_port,
                        request.protocol, request.host_ip,
                        target.container6 ? " (::1 is reached through a proxy, which berthd has for tcp and udp only)"
                                          : " for a container without an IPv6 address (berthd proxies tcp and udp only)");
    }
    return requests;
}

Result<> PortPublisher::start_proxies(const PublishTarget& target, const std::vector<PublishedPort>& ports) {
    std::vector<std::unique_ptr<PortProxy>> started;
    for (const PublishedPort& port : ports) {
        if (!port.ipv6() || !has_proxy(port.protocol)) continue;
        auto socket = allocator_.socket_of(target.owner, port);
        if (!socket) return std::unexpected(socket.error());
        auto proxy = start_proxy(port.protocol, std::move(*socket), upstream_of(target, port.container_port));
        if (!proxy)
            return std::unexpected(
                proxy.error().wrap("proxying [{}]:{}/{}", port.host_ip, port.host_port, port.protocol));
        started.push_back(std::move(*proxy));
    }
    if (started.empty()) return {};
    std::lock_guard lock(mutex_);
    auto& mine = proxies_[target.owner];
    for (auto& proxy : started) mine.push_back(std::move(proxy));
    return {};
}

Result<> PortPublisher::forward(const PublishTarget& target, const std::vector<PublishedPort>& ports) {
    if (auto applied = apply_rules(target, ports); !applied) return applied;
    return start_proxies(target, ports);
}

Result<std::vector<PublishedPort>> PortPublisher::publish(const PublishTarget& target,
                                                          const std::vector<PortRequest>& requests) {
    if (requests.empty()) return std::vector<PublishedPort>{};
    auto expanded = with_ipv6(target, requests);
    if (!expanded) return std::unexpected(expanded.error());
    auto ports = allocator_.allocate(target.owner, *expanded);
    if (!ports) return ports;
    if (auto forwarded = forward(target, *ports); !forwarded) {
        unpublish(target.owner);
        return std::unexpected(forwarded.error());
    }
    return ports;
}

Result<> PortPublisher::restore(const PublishTarget& target, const std::vector<PublishedPort>& ports) {
    if (ports.empty()) return {};
    if (auto held = allocator_.hold(target.owner, ports); !held) return held;
    if (auto forwarded = forward(target, ports); !forwarded) {
        unpublish(target.owner);
        return forwarded;
    }
    return {};
}

void PortPublisher::unpublish(const std::string& owner) {
    std::vector<std::unique_ptr<PortProxy>> proxies;
    {
        std::lock_guard lock(mutex_);
        if (auto found = proxies_.find(owner); found != proxies_.end()) {
            proxies = std::move(found->second);
            proxies_.erase(found);
        }
    }
    proxies.clear(); // joined here, outside the lock
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
