#include "network/dns_server.h"

#include "base/go_errno.h"
#include "base/log.h"
#include "network/dns_message.h"
#include "network/netns.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <cerrno>
#include <sstream>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace berth::network {

namespace {

constexpr auto kForwardTimeout = std::chrono::seconds(5);

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

EmbeddedDns::EmbeddedDns(Resolver resolver, std::vector<sockaddr_in> upstreams)
    : resolver_(std::move(resolver)), upstreams_(std::move(upstreams)) {
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
    // The socket belongs to the namespace it is made in: make it there.
    auto made = run_in_network_namespace(netns_path, [&]() -> Result<> {
        socket = UniqueFd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        if (!socket) return fail_errno("creating the DNS socket");
        if (::bind(socket.get(), as_sockaddr(&address), sizeof(address)) < 0)
            return fail_errno("binding the DNS socket to 127.0.0.11:{}", ntohs(address.sin_port));
        return {};
    });
    if (!made) return std::unexpected(std::move(made.error()).wrap("serving DNS in {}", netns_path));
    remove(sandbox);
    std::lock_guard lock(mutex_);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = socket.get();
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, socket.get(), &event) < 0) return fail_errno("watching the DNS socket");
    by_socket_[socket.get()] = sandbox;
    sandboxes_[sandbox] = Sandbox{std::move(socket), netns_path, {network_id}};
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
    std::lock_guard lock(mutex_);
    auto found = sandboxes_.find(sandbox);
    if (found == sandboxes_.end()) return;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, found->second.socket.get(), nullptr);
    by_socket_.erase(found->second.socket.get());
    sandboxes_.erase(found); // closes the socket; a reply in flight to it is dropped
}

void EmbeddedDns::serve() {
    epoll_event events[32];
    for (;;) {
        int n = ::epoll_wait(epoll_.get(), events, 32, 1000);
        if (n < 0 && errno != EINTR) return;
        for (int i = 0; i < n; ++i) {
            int fd = events[i].data.fd;
            if (fd == wake_.get()) return;
            if (fd == upstream_.get()) {
                relay_upstream_reply();
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
    }
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
    std::vector<Ipv4Address> addresses;
    if (question->klass == kDnsClassIn && (question->type == kDnsTypeA || question->type == kDnsTypeAAAA))
        for (const std::string& network_id : network_ids) {
            addresses = resolver_(network_id, question->name);
            if (!addresses.empty()) break;
        }
    if (addresses.size() > 1 && question->type == kDnsTypeA) // round robin, as Docker
        std::ranges::rotate(addresses, addresses.begin() + static_cast<std::ptrdiff_t>(rotation_++ % addresses.size()));
    if (!addresses.empty()) {
        // A known name has no IPv6 address here: an empty NOERROR, as Docker answers.
        reply = question->type == kDnsTypeA ? dns_answer(query, *question, addresses)
                                            : dns_empty_reply(query, *question, 0);
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

void EmbeddedDns::relay_upstream_reply() {
    uint8_t buffer[4096];
    for (;;) {
        ssize_t size = ::recv(upstream_.get(), buffer, sizeof(buffer), 0);
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
