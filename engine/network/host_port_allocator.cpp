#include "network/host_port_allocator.h"

#include "base/files.h"
#include "base/go_errno.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <format>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>

namespace berth::network {

namespace {

std::string shown_ip(const std::string& host_ip) { return host_ip.empty() ? "0.0.0.0" : host_ip; }

// Every address of the binding's family: 0.0.0.0 ("") or [::].
bool any_address(const PublishedPort& port) { return port.host_ip.empty() || port.host_ip == "::"; }

// Two bindings meet when protocol and port match and, in one family, one
// address covers the other (the IPv6 sockets are IPV6_V6ONLY, as Docker's).
bool overlaps(const PublishedPort& a, const PublishedPort& b) {
    return a.protocol == b.protocol && a.host_port == b.host_port && a.ipv6() == b.ipv6() &&
           (any_address(a) || any_address(b) || a.host_ip == b.host_ip);
}

// The socket address of a binding, either family.
Result<std::pair<sockaddr_storage, socklen_t>> socket_address(const PublishedPort& port) {
    sockaddr_storage storage{};
    if (port.ipv6()) {
        auto ip = Ipv6Address::parse(port.host_ip);
        if (!ip) return std::unexpected(ip.error());
        auto* address = reinterpret_cast<sockaddr_in6*>(&storage);
        address->sin6_family = AF_INET6;
        address->sin6_port = htons(port.host_port);
        std::ranges::copy(ip->bytes(), address->sin6_addr.s6_addr);
        return std::pair{storage, socklen_t{sizeof(sockaddr_in6)}};
    }
    auto* address = reinterpret_cast<sockaddr_in*>(&storage);
    address->sin_family = AF_INET;
    address->sin_port = htons(port.host_port);
    if (!port.host_ip.empty()) {
        auto ip = Ipv4Address::parse(port.host_ip);
        if (!ip) return std::unexpected(ip.error());
        address->sin_addr.s_addr = ip->network_order();
    }
    return std::pair{storage, socklen_t{sizeof(sockaddr_in)}};
}

Error already_allocated(const PublishedPort& port) {
    return Error(ErrorCategory::Conflict,
                 std::format("Bind for {}:{} failed: port is already allocated", shown_ip(port.host_ip), port.host_port));
}

} // namespace

HostPortAllocator::HostPortAllocator(std::string port_range_file) : port_range_file_(std::move(port_range_file)) {}

Result<UniqueFd> HostPortAllocator::bind_one(const PublishedPort& port) const {
    auto address = socket_address(port);
    if (!address) return std::unexpected(address.error());
    int type = port.protocol == "udp" ? SOCK_DGRAM : port.protocol == "sctp" ? SOCK_SEQPACKET : SOCK_STREAM;
    int protocol = port.protocol == "sctp" ? IPPROTO_SCTP : 0;
    UniqueFd fd(::socket(address->first.ss_family, type | SOCK_CLOEXEC, protocol));
    if (!fd) return fail_errno("making a {} socket for host port {}", port.protocol, port.host_port);
    // As Go's net.Listen (Docker's proxy): a port in TIME_WAIT can be taken again.
    // Not for udp, where it would let a second socket share the port.
    int on = 1;
    if (type != SOCK_DGRAM) ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    // [::] is IPv6 only: 0.0.0.0 has its own socket (and may be another container's).
    if (port.ipv6()) ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address->first), address->second) < 0 ||
        (type != SOCK_DGRAM && ::listen(fd.get(), SOMAXCONN) < 0)) {
        int error = errno;
        return fail(error == EADDRINUSE ? ErrorCategory::Conflict : ErrorCategory::System,
                    "failed to bind host port {}:{}/{}: {}", shown_ip(port.host_ip), port.host_port, port.protocol,
                    go_strerror(error));
    }
    return fd;
}

bool HostPortAllocator::held_locked(const PublishedPort& port) const {
    for (const auto& [owner, ports] : held_)
        for (const Held& held : ports)
            if (overlaps(held.port, port)) return true;
    return false;
}

Result<std::vector<HostPortAllocator::Held>> HostPortAllocator::bind_all_locked(
    const std::vector<PublishedPort>& ports) const {
    std::vector<Held> bound;
    for (const PublishedPort& port : ports) {
        if (held_locked(port)) return std::unexpected(already_allocated(port));
        auto socket = bind_one(port);
        if (!socket) return std::unexpected(socket.error());
        bound.push_back({port, std::move(*socket)});
    }
    return bound;
}

Result<std::vector<HostPortAllocator::Held>> HostPortAllocator::take_locked(const PortRequest& request,
                                                                            const PortRange& ephemeral) const {
    // 0.0.0.0 and, with also_ipv6_any, [::]: one host port for both, as Docker
    // gives them (a client need not care which address it resolved).
    // A published 0.0.0.0 is "" (the saved form); asked for, it excludes [::].
    std::string host_ip = request.host_ip == "0.0.0.0" ? "" : request.host_ip;
    std::vector<PublishedPort> ports{{request.protocol, request.container_port, host_ip, 0}};
    if (request.host_ip.empty() && request.also_ipv6_any)
        ports.push_back({request.protocol, request.container_port, "::", 0});
    bool random = request.host_port_first == 0;
    uint32_t first = random ? ephemeral.first : request.host_port_first;
    uint32_t last = random ? ephemeral.last : request.host_port_last;
    uint32_t count = last - first + 1;
    // A random start spreads containers over the range, as a port just freed
    // by another container is better not handed out again at once.
    uint32_t start = random ? std::random_device{}() % count : 0;
    Error last_error =
        already_allocated(PublishedPort{request.protocol, request.container_port, host_ip, static_cast<uint16_t>(first)});
    for (uint32_t i = 0; i < count; ++i) {
        for (PublishedPort& port : ports) port.host_port = static_cast<uint16_t>(first + (start + i) % count);
        auto bound = bind_all_locked(ports);
        if (bound) return bound;
        last_error = bound.error();
        if (last_error.category() != ErrorCategory::Conflict) break;
    }
    if (random)
        return fail(ErrorCategory::Conflict, "no free host port in {}-{} for {}/{}: {}", first, last,
                    request.container_port, request.protocol, last_error.message());
    return std::unexpected(std::move(last_error));
}

Result<std::vector<PublishedPort>> HostPortAllocator::allocate(const std::string& owner,
                                                               const std::vector<PortRequest>& requests) {
    PortRange ephemeral{32768, 60999};
    bool needs_range = std::ranges::any_of(requests, [](const PortRequest& r) { return r.host_port_first == 0; });
    if (needs_range) {
        auto text = read_file(port_range_file_);
        if (!text) return std::unexpected(text.error().wrap("reading the ephemeral port range"));
        auto parsed = parse_port_range_file(*text);
        if (!parsed) return std::unexpected(parsed.error());
        ephemeral = *parsed;
    }
    std::lock_guard lock(mutex_);
    // Held at once, so the next request of this container cannot take it too;
    // dropped again (sockets closed) if a later one fails.
    auto& mine = held_[owner];
    std::size_t before = mine.size();
    std::vector<PublishedPort> published;
    for (const PortRequest& request : requests) {
        auto held = take_locked(request, ephemeral);
        if (!held) {
            mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(before), mine.end());
            if (mine.empty()) held_.erase(owner);
            return std::unexpected(held.error());
        }
        for (Held& one : *held) {
            published.push_back(one.port);
            mine.push_back(std::move(one));
        }
    }
    return published;
}

Result<> HostPortAllocator::hold(const std::string& owner, const std::vector<PublishedPort>& ports) {
    std::lock_guard lock(mutex_);
    auto taken = bind_all_locked(ports);
    if (!taken) return std::unexpected(taken.error());
    auto& mine = held_[owner];
    for (Held& held : *taken) mine.push_back(std::move(held));
    return {};
}

Result<UniqueFd> HostPortAllocator::socket_of(const std::string& owner, const PublishedPort& port) const {
    std::lock_guard lock(mutex_);
    auto found = held_.find(owner);
    if (found != held_.end())
        for (const Held& held : found->second)
            if (held.port == port) {
                UniqueFd copy(::fcntl(held.socket.get(), F_DUPFD_CLOEXEC, 0));
                if (!copy) return fail_errno("duplicating the socket of host port {}", port.host_port);
                return copy;
            }
    return fail(ErrorCategory::NotFound, "host port {}:{}/{} is not held for {}", shown_ip(port.host_ip),
                port.host_port, port.protocol, owner.substr(0, 12));
}

void HostPortAllocator::release(const std::string& owner) {
    std::lock_guard lock(mutex_);
    held_.erase(owner);
}

std::size_t HostPortAllocator::held_by(const std::string& owner) const {
    std::lock_guard lock(mutex_);
    auto found = held_.find(owner);
    return found == held_.end() ? 0 : found->second.size();
}

} // namespace berth::network
