// Host ports are real sockets on 127.0.0.1 (no privilege needed); the ports
// are found free by the kernel first, so tests can run side by side.
#include "network/host_port_allocator.h"
#include "network/port_publisher.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <arpa/inet.h>
#include <cerrno>
#include <format>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

using namespace berth;
using namespace berth::network;

namespace {

sockaddr_in loopback(uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// A port nobody holds right now (the kernel's choice for port 0).
uint16_t free_port(int type = SOCK_STREAM) {
    UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
    sockaddr_in address = loopback(0);
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    socklen_t length = sizeof(address);
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
}

// What another program gets binding (and listening on) 127.0.0.1:port: 0 or errno.
int bind_error(uint16_t port, int type = SOCK_STREAM, UniqueFd* keep = nullptr) {
    UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
    int on = 1;
    if (type == SOCK_STREAM) ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_in address = loopback(port);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) < 0) return errno;
    if (type == SOCK_STREAM && ::listen(fd.get(), 1) < 0) return errno;
    if (keep) *keep = std::move(fd);
    return 0;
}

PortRequest explicit_port(uint16_t port, std::string protocol = "tcp", std::string ip = "127.0.0.1") {
    return PortRequest{std::move(protocol), 80, std::move(ip), port, port};
}

} // namespace

TEST(HostPortAllocator, HoldsAnExplicitPortUntilReleased) {
    HostPortAllocator allocator;
    uint16_t port = free_port();
    auto published = allocator.allocate("c1", {explicit_port(port)});
    ASSERT_TRUE(published) << published.error().message();
    EXPECT_EQ(*published, (std::vector<PublishedPort>{{"tcp", 80, "127.0.0.1", port}}));
    EXPECT_EQ(bind_error(port), EADDRINUSE);
    allocator.release("c1");
    EXPECT_EQ(allocator.held_by("c1"), 0u);
    EXPECT_EQ(bind_error(port), 0);
}

TEST(HostPortAllocator, ASecondContainerGetsDockersPortIsAlreadyAllocated) {
    HostPortAllocator allocator;
    uint16_t port = free_port();
    ASSERT_TRUE(allocator.allocate("c1", {explicit_port(port, "tcp", "")}));
    auto second = allocator.allocate("c2", {explicit_port(port, "tcp", "127.0.0.1")});
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().message(), std::format("Bind for 127.0.0.1:{} failed: port is already allocated", port));
    EXPECT_EQ(allocator.held_by("c2"), 0u);
}

TEST(HostPortAllocator, APortAnotherProgramHoldsIsAddressAlreadyInUse) {
    HostPortAllocator allocator;
    uint16_t port = free_port();
    UniqueFd other;
    ASSERT_EQ(bind_error(port, SOCK_STREAM, &other), 0);
    auto refused = allocator.allocate("c1", {explicit_port(port)});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(),
              std::format("failed to bind host port 127.0.0.1:{}/tcp: address already in use", port));
}

TEST(HostPortAllocator, UdpPortsAreHeldToo) {
    HostPortAllocator allocator;
    uint16_t port = free_port(SOCK_DGRAM);
    ASSERT_TRUE(allocator.allocate("c1", {explicit_port(port, "udp")}));
    EXPECT_EQ(bind_error(port, SOCK_DGRAM), EADDRINUSE);
}

TEST(HostPortAllocator, AllOrNothing) {
    HostPortAllocator allocator;
    uint16_t first = free_port();
    uint16_t taken = free_port();
    UniqueFd other;
    ASSERT_EQ(bind_error(taken, SOCK_STREAM, &other), 0);
    auto refused = allocator.allocate("c1", {explicit_port(first), explicit_port(taken)});
    ASSERT_FALSE(refused);
    EXPECT_EQ(allocator.held_by("c1"), 0u);
    EXPECT_EQ(bind_error(first), 0) << "the first port stayed held";
}

TEST(HostPortAllocator, ARandomPortComesFromTheEphemeralRange) {
    berth::testing::TempDir dir;
    uint16_t port = free_port();
    ASSERT_TRUE(write_file_atomically(dir / "range", std::format("{}\t{}\n", port, port)));
    HostPortAllocator allocator(dir / "range");
    auto published = allocator.allocate("c1", {PortRequest{"tcp", 80, "127.0.0.1", 0, 0}});
    ASSERT_TRUE(published) << published.error().message();
    EXPECT_EQ(published->at(0).host_port, port);
    // The range has one port, now ours: nothing left for a second container.
    auto none = allocator.allocate("c2", {PortRequest{"tcp", 80, "127.0.0.1", 0, 0}});
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().message().find("no free host port"), std::string::npos) << none.error().message();
}

TEST(HostPortAllocator, HoldRebindsTheSavedPorts) {
    HostPortAllocator allocator;
    uint16_t port = free_port();
    ASSERT_TRUE(allocator.hold("c1", {{"tcp", 80, "127.0.0.1", port}}));
    EXPECT_EQ(allocator.held_by("c1"), 1u);
    EXPECT_EQ(bind_error(port), EADDRINUSE);
    EXPECT_FALSE(allocator.hold("c2", {{"tcp", 80, "127.0.0.1", port}}));
}

namespace {

// What another program gets binding [::1]:port (IPv6 only): 0 or errno.
int bind_error6(uint16_t port) {
    UniqueFd fd(::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
    int on = 1;
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(port);
    address.sin6_addr = in6addr_loopback;
    return ::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) < 0 ? errno : 0;
}

} // namespace

TEST(HostPortAllocator, Ipv6AddressesAreHeldApartFromIpv4Ones) {
    if (!host_can_listen_on_ipv6()) GTEST_SKIP() << "no IPv6 on this host";
    HostPortAllocator allocator;
    uint16_t port = free_port();
    auto published = allocator.allocate("c1", {explicit_port(port, "tcp", "::1")});
    ASSERT_TRUE(published) << published.error().message();
    EXPECT_EQ(*published, (std::vector<PublishedPort>{{"tcp", 80, "::1", port}}));
    EXPECT_EQ(bind_error6(port), EADDRINUSE);
    // [::] covers ::1, as 0.0.0.0 covers 127.0.0.1; the IPv4 side is another socket.
    auto second = allocator.allocate("c2", {explicit_port(port, "tcp", "::")});
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().message(), std::format("Bind for :::{} failed: port is already allocated", port));
    EXPECT_TRUE(allocator.allocate("c3", {explicit_port(port, "tcp", "127.0.0.1")}));
    allocator.release("c1");
    allocator.release("c3");
    EXPECT_EQ(bind_error6(port), 0);
}

TEST(HostPortAllocator, EveryAddressWithIpv6TooIsOnePortOnBothFamilies) {
    if (!host_can_listen_on_ipv6()) GTEST_SKIP() << "no IPv6 on this host";
    berth::testing::TempDir dir;
    uint16_t port = free_port();
    ASSERT_TRUE(write_file_atomically(dir / "range", std::format("{}\t{}\n", port, port)));
    HostPortAllocator allocator(dir / "range");
    PortRequest request{"tcp", 80, "", 0, 0};
    request.also_ipv6_any = true;
    auto published = allocator.allocate("c1", {request});
    ASSERT_TRUE(published) << published.error().message();
    EXPECT_EQ(*published, (std::vector<PublishedPort>{{"tcp", 80, "", port}, {"tcp", 80, "::", port}}));
    EXPECT_EQ(allocator.held_by("c1"), 2u);
    EXPECT_EQ(bind_error(port), EADDRINUSE);
    EXPECT_EQ(bind_error6(port), EADDRINUSE);

    // The proxy's copy of the [::] socket; none for a port not held.
    auto socket = allocator.socket_of("c1", {"tcp", 80, "::", port});
    ASSERT_TRUE(socket) << socket.error().message();
    sockaddr_in6 bound{};
    socklen_t length = sizeof(bound);
    ASSERT_EQ(::getsockname(socket->get(), reinterpret_cast<sockaddr*>(&bound), &length), 0);
    EXPECT_EQ(bound.sin6_family, AF_INET6);
    EXPECT_EQ(ntohs(bound.sin6_port), port);
    EXPECT_EQ(allocator.socket_of("c1", {"tcp", 80, "::1", port}).error().category(), ErrorCategory::NotFound);
}
