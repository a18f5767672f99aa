#include "network/udp_proxy.h"

#include "base/log.h"
#include "network/proxy_socket.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <vector>

namespace berth::network {

namespace {

// The largest UDP payload over IPv4 (docker-proxy's UDPBufSize).
constexpr std::size_t kDatagramMax = 65507;
// Datagrams taken from the held socket per wake-up, so replies are not starved.
constexpr int kBatch = 64;

std::string client_key(const sockaddr_in6& client) {
    std::string key(reinterpret_cast<const char*>(&client.sin6_addr), sizeof(client.sin6_addr));
    key.append(reinterpret_cast<const char*>(&client.sin6_port), sizeof(client.sin6_port));
    key.append(reinterpret_cast<const char*>(&client.sin6_scope_id), sizeof(client.sin6_scope_id));
    return key;
}

Result<UniqueFd> connect_to(const sockaddr_storage& upstream) {
    UniqueFd fd(::socket(upstream.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) return fail_errno("making a socket for the container");
    socklen_t length = upstream.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&upstream), length) < 0)
        return fail_errno("connecting to the container");
    return fd;
}

} // namespace

UdpProxy::UdpProxy(UniqueFd socket, UniqueFd stop, const sockaddr_storage& upstream,
                   std::chrono::milliseconds idle_timeout)
    : socket_(std::move(socket)), stop_(std::move(stop)), upstream_(upstream), idle_timeout_(idle_timeout) {}

Result<std::unique_ptr<UdpProxy>> UdpProxy::start(UniqueFd socket, const sockaddr_storage& upstream,
                                                  std::chrono::milliseconds idle_timeout) {
    auto stop = prepare_proxy_socket(socket);
    if (!stop) return std::unexpected(stop.error());
    std::unique_ptr<UdpProxy> proxy(new UdpProxy(std::move(socket), std::move(*stop), upstream, idle_timeout));
    proxy->thread_ = std::thread([raw = proxy.get()] { raw->run(); });
    return proxy;
}

UdpProxy::~UdpProxy() {
    signal_proxy_stop(stop_);
    if (thread_.joinable()) thread_.join();
}

void UdpProxy::run() {
    std::vector<pollfd> fds;
    std::vector<Flow*> polled;
    for (;;) {
        fds.assign({{stop_.get(), POLLIN, 0}, {socket_.get(), POLLIN, 0}});
        polled.clear();
        for (auto& [key, flow] : flows_) {
            fds.push_back({flow.upstream.get(), POLLIN, 0});
            polled.push_back(&flow);
        }
        // Woken at least once a second to close the flows gone idle.
        int timeout_ms = flows_.empty() ? -1 : 1000;
        if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) {
            log::warn("a udp port proxy stopped: {}", fail_errno("poll").error().message());
            return;
        }
        if (fds[0].revents) return;
        for (std::size_t i = 0; i < polled.size(); ++i)
            if (fds[i + 2].revents) to_client(*polled[i]);
        // After the replies: a flow closed here is not among `polled` any more.
        if (fds[1].revents) from_clients();
        close_idle_flows();
    }
}

void UdpProxy::from_clients() {
    std::vector<char> buffer(kDatagramMax);
    for (int i = 0; i < kBatch; ++i) {
        sockaddr_in6 client{};
        socklen_t length = sizeof(client);
        ssize_t n = ::recvfrom(socket_.get(), buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&client),
                               &length);
        if (n < 0) return; // EAGAIN: none left; anything else: tried again at the next wake-up
        Flow* flow = flow_for(client);
        if (!flow) continue; // logged; the datagram is dropped, as a full network would
        flow->last_used = std::chrono::steady_clock::now();
        // ECONNREFUSED: the container had nothing listening for an earlier one; as docker-proxy, carry on.
        (void)::send(flow->upstream.get(), buffer.data(), static_cast<std::size_t>(n), MSG_NOSIGNAL);
    }
}

void UdpProxy::to_client(Flow& flow) {
    std::vector<char> buffer(kDatagramMax);
    for (int i = 0; i < kBatch; ++i) {
        ssize_t n = ::recv(flow.upstream.get(), buffer.data(), buffer.size(), 0);
        if (n < 0) return; // EAGAIN, or ECONNREFUSED from an earlier send: the flow stays until idle
        flow.last_used = std::chrono::steady_clock::now();
        (void)::sendto(socket_.get(), buffer.data(), static_cast<std::size_t>(n), 0,
                       reinterpret_cast<const sockaddr*>(&flow.client), sizeof(flow.client));
    }
}

UdpProxy::Flow* UdpProxy::flow_for(const sockaddr_in6& client) {
    std::string key = client_key(client);
    if (auto found = flows_.find(key); found != flows_.end()) return &found->second;
    auto upstream = connect_to(upstream_);
    if (!upstream) {
        log::info("a udp port proxy's flow: {}", upstream.error().message());
        return nullptr;
    }
    if (flows_.size() >= kMaxUdpFlows) {
        auto idlest = std::ranges::min_element(flows_, {}, [](const auto& entry) { return entry.second.last_used; });
        flows_.erase(idlest);
    }
    Flow& flow = flows_[key];
    flow.upstream = std::move(*upstream);
    flow.client = client;
    flow.last_used = std::chrono::steady_clock::now();
    return &flow;
}

void UdpProxy::close_idle_flows() {
    auto now = std::chrono::steady_clock::now();
    std::erase_if(flows_, [&](const auto& entry) { return now - entry.second.last_used >= idle_timeout_; });
}

} // namespace berth::network
