#include "network/dns_server.h"

#include "base/go_errno.h"
#include "base/log.h"
#include "network/dns_message.h"
#include "network/dns_stream.h"
#include "network/netns.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <cerrno>
#include <sstream>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace berth::network {

namespace {

constexpr auto kForwardTimeout = std::chrono::seconds(5);
constexpr int kTcpBacklog = 64;

sockaddr* as_sockaddr(sockaddr_in* address) { return reinterpret_cast<sockaddr*>(address); }
const sockaddr* as_sockaddr(const sockaddr_in* address) { return reinterpret_cast<const sockaddr*>(address); }

} // namespace

sockaddr_in EmbeddedDns::listen_address() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(53);
    address.sin_addr.s_addr = htonl(0x7f00000b); // 127.0.0.11
    return address;
}

std::vector<sockaddr_in> resolv_conf_upstreams(std::string_view resolv_conf) {
    std::vector<sockaddr_in> out;
    std::istringstream lines{std::string(resolv_conf)};
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        std::string keyword, server;
        words >> keyword >> server;
        if (keyword != "nameserver") continue;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(53);
        if (inet_pton(AF_INET, server.c_str(), &address.sin_addr) == 1) out.push_back(address);
    }
    return out;
}

EmbeddedDns::EmbeddedDns(Resolver resolver, std::vector<sockaddr_in> upstreams, Resolver6 resolver6)
    : resolver_(std::move(resolver)), resolver6_(std::move(resolver6)), upstreams_(std::move(upstreams)) {
    epoll_ = UniqueFd(::epoll_create1(EPOLL_CLOEXEC));
    wake_ = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    upstream_ = UniqueFd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!epoll_ || !wake_ || !upstream_) {
        log::warn("embedded DNS unavailable: {}", go_strerror(errno));
        return;
    }
    for (int fd : {wake_.get(), upstream_.get()}) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event);
    }
    tcp_ = std::make_unique<DnsTcpConnections>(
        [this](const std::string& sandbox, std::span<const uint8_t> query) { return answer_over_tcp(sandbox, query); },
        wake_.get());
    thread_ = std::thread([this] { serve(); });
}

EmbeddedDns::~EmbeddedDns() {
    if (thread_.joinable()) {
        uint64_t one = 1;
        (void)!::write(wake_.get(), &one, sizeof(one));
        thread_.join();
    }
}

Result<> EmbeddedDns::add(const std::string& sandbox, const std::string& netns_path, const std::string& network_id,
                          sockaddr_in address) {
    if (!epoll_) return fail(ErrorCategory::Unavailable, "the embedded DNS server is not running");
    {
        std::lock_guard lock(mutex_);
        if (auto served = sandboxes_.find(sandbox); served != sandboxes_.end() && served->second.netns_path == netns_path) {
            if (!std::ranges::contains(served->second.network_ids, network_id))
                served->second.network_ids.push_back(network_id);
            return {};
        }
    }
    UniqueFd socket;
    UniqueFd listener;
    // The sockets belong to the namespace they are made in: make them there.
    auto made = run_in_network_namespace(netns_path, [&]() -> Result<> {
        socket = UniqueFd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        if (!socket) return fail_errno("creating the DNS socket");
        if (::bind(socket.get(), as_sockaddr(&address), sizeof(address)) < 0)
            return fail_errno("binding the DNS socket to 127.0.0.11:{}", ntohs(address.sin_port));
        listener = UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        if (!listener) return fail_errno("creating the DNS TCP socket");
        // The connections of a previous berthd may linger in TIME_WAIT.
        int one = 1;
        ::setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (::bind(listener.get(), as_sockaddr(&address), sizeof(address)) < 0)
            return fail_errno("binding the DNS TCP socket to 127.0.0.11:{}", ntohs(address.sin_port));
        if (::listen(listener.get(), kTcpBacklog) < 0) return fail_errno("listening on the DNS TCP socket");
        return {};
    });
    if (!made) return std::unexpected(std::move(made.error()).wrap("serving DNS in {}", netns_path));
    remove(sandbox);
    std::lock_guard lock(mutex_);
    for (int fd : {socket.get(), listener.get()}) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) < 0) {
            ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, socket.get(), nullptr);
            return fail_errno("watching the DNS socket");
        }
    }
    by_socket_[socket.get()] = sandbox;
    by_listener_[listener.get()] = sandbox;
    sandboxes_[sandbox] = Sandbox{std::move(socket), std::move(listener), netns_path, {network_id}};
    return {};
}

void EmbeddedDns::remove(const std::string& sandbox, const std::string& network_id) {
    {
        std::lock_guard lock(mutex_);
        auto found = sandboxes_.find(sandbox);
        if (found == sandboxes_.end()) return;
        std::erase(found->second.network_ids, network_id);
        if (!found->second.network_ids.empty()) return;
    }
    remove(sandbox);
}

void EmbeddedDns::remove(const std::string& sandbox) {
    {
        std::lock_guard lock(mutex_);
        auto found = sandboxes_.find(sandbox);
        if (found == sandboxes_.end()) return;
        for (int fd : {found->second.socket.get(), found->second.tcp_listener.get()}) {
            ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
            by_socket_.erase(fd);
            by_listener_.erase(fd);
        }
        sandboxes_.erase(found); // closes the sockets; a reply in flight to it is dropped
    }
    // Outside mutex_: a connection's thread takes it to answer.
    if (tcp_) tcp_->close_sandbox(sandbox);
}

void EmbeddedDns::serve() {
    epoll_event events[32];
    bool was_starved = false;
    for (;;) {
        int n = ::epoll_wait(epoll_.get(), events, 32, 1000);
        if (n < 0 && errno != EINTR) return;
        bool starved = false;
        for (int i = 0; i < n; ++i) {
            int fd = events[i].data.fd;
            if (fd == wake_.get()) return;
            if (fd == upstream_.get()) {
                relay_upstream_reply();
                continue;
            }
            if (std::lock_guard lock(mutex_); by_listener_.contains(fd)) {
                starved |= !accept_connections(fd);
                continue;
            }
            {
                std::lock_guard lock(mutex_);
                auto found = by_socket_.find(fd);
                if (found == by_socket_.end()) continue; // removed meanwhile
                auto served = sandboxes_.find(found->second);
                if (served == sandboxes_.end()) continue;
                // Answered under the lock, so remove() cannot close the fd meanwhile.
                answer(fd, served->second.network_ids);
            }
        }
        expire_forwarded();
        // Out of descriptors, a connection stays queued and its level-triggered
        // listener would wake this loop again at once: a pause, not a spin.
        if (starved && !was_starved) log::warn("embedded DNS: out of file descriptors, TCP connections wait");
        was_starved = starved;
        if (starved) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

std::optional<std::vector<uint8_t>> EmbeddedDns::local_reply(std::span<const uint8_t> query,
                                                             const DnsQuestion& question,
                                                             const std::vector<std::string>& network_ids) {
    std::vector<Ipv4Address> addresses;
    std::string known_on; // the network whose name it is
    if (question.klass == kDnsClassIn && (question.type == kDnsTypeA || question.type == kDnsTypeAAAA))
        for (const std::string& network_id : network_ids) {
            addresses = resolver_(network_id, question.name);
            if (!addresses.empty()) {
                known_on = network_id;
                break;
            }
        }
    if (addresses.empty()) return std::nullopt;
    // Round robin, as Docker, for either family.
    auto rotate = [&](auto& list) {
        if (list.size() > 1) std::ranges::rotate(list, list.begin() + static_cast<std::ptrdiff_t>(rotation_++ % list.size()));
    };
    if (question.type == kDnsTypeA) {
        rotate(addresses);
        return dns_answer(query, question, addresses);
    }
    // A known name without IPv6 addresses (a network without IPv6): an empty NOERROR, as Docker answers.
    std::vector<Ipv6Address> addresses6 = resolver6_ ? resolver6_(known_on, question.name) : std::vector<Ipv6Address>{};
    if (addresses6.empty()) return dns_empty_reply(query, question, 0);
    rotate(addresses6);
    return dns_answer(query, question, addresses6);
}

void EmbeddedDns::answer(int socket, const std::vector<std::string>& network_ids) {
    uint8_t buffer[1500];
    sockaddr_in client{};
    socklen_t client_size = sizeof(client);
    ssize_t size = ::recvfrom(socket, buffer, sizeof(buffer), 0, as_sockaddr(&client), &client_size);
    if (size <= 0) return;
    std::span<const uint8_t> query(buffer, static_cast<size_t>(size));
    auto question = parse_dns_query(query);
    if (!question) return; // not a query we read: dropped, as a resolver would time out
    std::vector<uint8_t> reply;
    if (auto ours = local_reply(query, *question, network_ids)) {
        reply = truncate_dns_reply(std::move(*ours), dns_udp_reply_limit(query, *question));
    } else if (!upstreams_.empty() && upstream_) {
        uint16_t id = next_id_++;
        if (next_id_ == 0) next_id_ = 1;
        std::vector<uint8_t> forward(query.begin(), query.end());
        forward[0] = static_cast<uint8_t>(id >> 8);
        forward[1] = static_cast<uint8_t>(id & 0xff);
        forwarded_[id] = Forwarded{socket, client, question->id, std::chrono::steady_clock::now()};
        const sockaddr_in& upstream = upstreams_[id % upstreams_.size()];
        ::sendto(upstream_.get(), forward.data(), forward.size(), 0, as_sockaddr(&upstream), sizeof(upstream));
        return;
    } else {
        reply = dns_empty_reply(query, *question, 2); // SERVFAIL: nowhere to ask
    }
    ::sendto(socket, reply.data(), reply.size(), 0, as_sockaddr(&client), client_size);
}

// Called with mutex_ held (the listener stays open meanwhile).
bool EmbeddedDns::accept_connections(int listener) {
    std::string sandbox = by_listener_.at(listener);
    for (;;) {
        UniqueFd connection(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
        if (!connection) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            // EAGAIN: none left; anything else: tried again at the next event
            return errno != EMFILE && errno != ENFILE && errno != ENOBUFS && errno != ENOMEM;
        }
        tcp_->serve(std::move(connection), sandbox);
    }
}

std::optional<std::vector<uint8_t>> EmbeddedDns::answer_over_tcp(const std::string& sandbox,
                                                                 std::span<const uint8_t> query) {
    auto question = parse_dns_query(query);
    if (!question) return std::nullopt; // not a query we read: the connection is closed
    std::vector<std::string> network_ids;
    {
        std::lock_guard lock(mutex_);
        auto served = sandboxes_.find(sandbox);
        if (served == sandboxes_.end()) return std::nullopt; // its container went
        network_ids = served->second.network_ids;
    }
    // Over TCP a reply of ours is never cut: it is far below 64 KiB.
    if (auto ours = local_reply(query, *question, network_ids)) return ours;
    // Asked over TCP, asked over TCP: an upstream's large reply comes whole.
    for (size_t tried = 0; tried < upstreams_.size(); ++tried) {
        const sockaddr_in& upstream = upstreams_[next_tcp_upstream_++ % upstreams_.size()];
        auto reply = exchange_dns_over_tcp(upstream, query, kForwardTimeout, wake_.get());
        if (reply) return std::move(*reply);
        log::debug("DNS over TCP for {}: {}", question->name, reply.error().message());
    }
    return dns_empty_reply(query, *question, 2); // SERVFAIL: nowhere to ask, or nobody answered
}

void EmbeddedDns::relay_upstream_reply() {
    // As large as a datagram may be: the client's EDNS size is the upstream's limit.
    std::vector<uint8_t> storage(kDnsMaxMessageSize);
    uint8_t* buffer = storage.data();
    for (;;) {
        ssize_t size = ::recv(upstream_.get(), buffer, storage.size(), 0);
        if (size < 12) return;
        uint16_t id = static_cast<uint16_t>((buffer[0] << 8) | buffer[1]);
        auto found = forwarded_.find(id);
        if (found == forwarded_.end()) continue;
        Forwarded f = found->second;
        forwarded_.erase(found);
        buffer[0] = static_cast<uint8_t>(f.client_id >> 8);
        buffer[1] = static_cast<uint8_t>(f.client_id & 0xff);
        std::lock_guard lock(mutex_);
        if (!by_socket_.contains(f.client_socket)) continue; // its container went
        ::sendto(f.client_socket, buffer, static_cast<size_t>(size), 0, as_sockaddr(&f.client), sizeof(f.client));
    }
}

void EmbeddedDns::expire_forwarded() {
    auto now = std::chrono::steady_clock::now();
    std::erase_if(forwarded_, [&](const auto& entry) { return now - entry.second.sent > kForwardTimeout; });
}

} // namespace berth::network
