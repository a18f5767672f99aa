// The UDP proxy on real loopback sockets: an IPv6 socket on [::1] (as the
// allocator holds it) relayed to a "container" on 127.0.0.1 (docker-proxy's
// 6-to-4), one flow per client address, flows closed once idle.
#include "network/port_publisher.h"
#include "network/udp_proxy.h"
#include "loopback_socket.h"

#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>

using namespace berth;
using namespace berth::network;

namespace {

// The container: answers each datagram with it upper-cased and the port it came from.
struct UdpEchoServer {
    UniqueFd socket;
    uint16_t port = 0;
    std::atomic<bool> stop = false;
    std::thread thread;
    UdpEchoServer() {
        socket = berth::testing::bound_to_ipv4_loopback(SOCK_DGRAM, port);
        thread = std::thread([this] {
            while (!stop) {
                pollfd fd{socket.get(), POLLIN, 0};
                if (::poll(&fd, 1, 50) <= 0) continue;
                char buffer[512];
                sockaddr_in peer{};
                socklen_t peer_length = sizeof(peer);
                ssize_t n = ::recvfrom(socket.get(), buffer, sizeof(buffer), 0, reinterpret_cast<sockaddr*>(&peer),
                                       &peer_length);
                if (n <= 0) continue;
                std::string reply(buffer, static_cast<std::size_t>(n));
                for (char& c : reply) c = static_cast<char>(std::toupper(c));
                reply += " from " + std::to_string(ntohs(peer.sin_port));
                ::sendto(socket.get(), reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_length);
            }
        });
    }
    ~UdpEchoServer() {
        stop = true;
        thread.join();
    }
    sockaddr_storage address() const {
        sockaddr_storage storage{};
        auto* in = reinterpret_cast<sockaddr_in*>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return storage;
    }
};

// The socket the allocator would hold: IPv6 only, on [::1], a free port.
UniqueFd held_ipv6_socket(uint16_t& port) {
    UniqueFd fd(::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    int one = 1;
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    ::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin6_port);
    return fd;
}

// A client on [::1]: sends to [::1]:port, waits up to 2 s for one answer.
struct Client {
    UniqueFd fd{::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
    std::string exchange(uint16_t port, const std::string& text, sockaddr_in6* from = nullptr) {
        sockaddr_in6 to{};
        to.sin6_family = AF_INET6;
        to.sin6_port = htons(port);
        to.sin6_addr = in6addr_loopback;
        ::sendto(fd.get(), text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to));
        pollfd ready{fd.get(), POLLIN, 0};
        if (::poll(&ready, 1, 2000) <= 0) return "no answer";
        char buffer[512];
        sockaddr_in6 sender{};
        socklen_t length = sizeof(sender);
        ssize_t n = ::recvfrom(fd.get(), buffer, sizeof(buffer), 0, reinterpret_cast<sockaddr*>(&sender), &length);
        if (from) *from = sender;
        return n < 0 ? "recv failed" : std::string(buffer, static_cast<std::size_t>(n));
    }
};

// "TEXT from 12345" -> "12345": the port the container saw the flow come from.
std::string flow_port(const std::string& answer) { return answer.substr(answer.rfind(' ') + 1); }

} // namespace

TEST(UdpProxy, RelaysEachClientsDatagramsAndRepliesThroughItsOwnFlow) {
    if (!host_can_listen_on_ipv6()) GTEST_SKIP() << "no IPv6 on this host";
    UdpEchoServer container;
    uint16_t port = 0;
    auto proxy = UdpProxy::start(held_ipv6_socket(port), container.address());
    ASSERT_TRUE(proxy) << proxy.error().message();

    Client first, second;
    sockaddr_in6 from{};
    std::string a1 = first.exchange(port, "hello", &from);
    ASSERT_TRUE(a1.starts_with("HELLO from ")) << a1;
    // The reply comes from the address and port the client sent to.
    EXPECT_EQ(ntohs(from.sin6_port), port);
    EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&from.sin6_addr));
    std::string a2 = first.exchange(port, "again");
    EXPECT_TRUE(a2.starts_with("AGAIN from ")) << a2;
    EXPECT_EQ(flow_port(a2), flow_port(a1)) << "one client keeps its flow";

    std::string b1 = second.exchange(port, "other");
    ASSERT_TRUE(b1.starts_with("OTHER from ")) << b1;
    EXPECT_NE(flow_port(b1), flow_port(a1)) << "each client has a flow of its own";
}

TEST(UdpProxy, AFlowIdleForTheTimeoutIsClosedAndTheNextDatagramOpensAnother) {
    if (!host_can_listen_on_ipv6()) GTEST_SKIP() << "no IPv6 on this host";
    UdpEchoServer container;
    uint16_t port = 0;
    auto proxy = UdpProxy::start(held_ipv6_socket(port), container.address(), std::chrono::milliseconds(200));
    ASSERT_TRUE(proxy) << proxy.error().message();
    Client client;
    std::string before = client.exchange(port, "one");
    ASSERT_TRUE(before.starts_with("ONE from ")) << before;
    // The proxy looks for idle flows at least once a second.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    std::string after = client.exchange(port, "two");
    ASSERT_TRUE(after.starts_with("TWO from ")) << after;
    EXPECT_NE(flow_port(after), flow_port(before));
}

TEST(UdpProxy, StopsWhenDestroyed) {
    if (!host_can_listen_on_ipv6()) GTEST_SKIP() << "no IPv6 on this host";
    UdpEchoServer container;
    uint16_t port = 0;
    UniqueFd held = held_ipv6_socket(port);
    UniqueFd copy(::fcntl(held.get(), F_DUPFD_CLOEXEC, 0));
    auto proxy = UdpProxy::start(std::move(copy), container.address());
    ASSERT_TRUE(proxy) << proxy.error().message();
    Client client;
    ASSERT_TRUE(client.exchange(port, "up").starts_with("UP from "));
    proxy->reset(); // joins its thread
    // The held socket is still bound (the allocator's), but nobody relays any more.
    EXPECT_EQ(client.exchange(port, "down"), "no answer");
}
