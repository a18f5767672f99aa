// The publisher against a fake firewall and a temporary sysctl directory: the
// nft script it hands over, route_localnet, and that failures leave nothing.
#include "network/port_publisher.h"

#include "base/files.h"
#include "loopback_socket.h"
#include "support/temp_dir.h"

#include <arpa/inet.h>
#include <cctype>
#include <filesystem>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>

using namespace berth;
using namespace berth::network;

namespace {

class FakeFirewall final : public Firewall {
public:
    std::vector<std::string>* applied;
    std::vector<std::string>* removed;
    bool refuse = false;
    FakeFirewall(std::vector<std::string>* a, std::vector<std::string>* r) : applied(a), removed(r) {}
    Result<> apply(const std::string& script) override {
        if (refuse) return fail(ErrorCategory::System, "nftables: refused");
        applied->push_back(script);
        return {};
    }
    Result<> remove_table(const std::string& table) override {
        removed->push_back(table);
        return {};
    }
    Result<std::string> list_table(const std::string&) override { return std::string(); }
    Result<std::vector<std::string>> list_tables() override { return tables; }
    std::vector<std::string> tables;
};

struct Publisher {
    berth::testing::TempDir dir;
    std::vector<std::string> applied, removed;
    FakeFirewall* fake = nullptr;
    std::unique_ptr<PortPublisher> publisher;
    Publisher() {
        std::filesystem::create_directories(dir / "conf/br0");
        (void)write_file_atomically(dir / "conf/br0/route_localnet", "0\n"); // sysctl files exist
        (void)write_file_atomically(dir / "range", "40000\t40100\n");
        auto firewall = std::make_unique<FakeFirewall>(&applied, &removed);
        fake = firewall.get();
        publisher = std::make_unique<PortPublisher>(std::move(firewall),
                                                    PortPublisherOptions{dir / "range", dir / "conf"});
    }
};

const std::string kOwner = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

PublishTarget target() {
    return {kOwner, "br0", *Ipv4Address::parse("10.9.0.2"), *Ipv4Network::parse("10.9.0.1/24")};
}

} // namespace

TEST(PortPublisher, AppliesTheContainersTableAndEnablesRouteLocalnet) {
    Publisher p;
    auto published = p.publisher->publish(target(), {PortRequest{"tcp", 80, "127.0.0.1", 0, 0}});
    ASSERT_TRUE(published) << published.error().message();
    ASSERT_EQ(published->size(), 1u);
    uint16_t port = published->at(0).host_port;
    EXPECT_GE(port, 40000);
    EXPECT_LE(port, 40100);
    ASSERT_EQ(p.applied.size(), 1u);
    EXPECT_NE(p.applied[0].find("table ip berth_p_0123456789ab {"), std::string::npos);
    EXPECT_NE(p.applied[0].find(std::format("ip daddr 127.0.0.1 tcp dport {} dnat to 10.9.0.2:80", port)),
              std::string::npos)
        << p.applied[0];
    EXPECT_NE(p.applied[0].find("ip saddr 10.9.0.0/24 ip daddr 10.9.0.2 tcp dport 80 ct status dnat masquerade"),
              std::string::npos);
    EXPECT_EQ(read_file(p.dir / "conf/br0/route_localnet").value_or(""), "1\n");
    EXPECT_EQ(p.publisher->allocator().held_by(kOwner), 1u);

    p.publisher->unpublish(kOwner);
    EXPECT_EQ(p.removed, std::vector<std::string>{"berth_p_0123456789ab"});
    EXPECT_EQ(p.publisher->allocator().held_by(kOwner), 0u);
}

TEST(PortPublisher, AFirewallFailureLeavesNoPortHeld) {
    Publisher p;
    p.fake->refuse = true;
    auto published = p.publisher->publish(target(), {PortRequest{"tcp", 80, "127.0.0.1", 0, 0}});
    ASSERT_FALSE(published);
    EXPECT_NE(published.error().message().find("nftables: refused"), std::string::npos);
    EXPECT_EQ(p.publisher->allocator().held_by(kOwner), 0u);
}

TEST(PortPublisher, NothingToPublishTouchesNothing) {
    Publisher p;
    auto published = p.publisher->publish(target(), {});
    ASSERT_TRUE(published);
    EXPECT_TRUE(published->empty());
    EXPECT_TRUE(p.applied.empty());
}

TEST(PortPublisher, RestoreHoldsTheSavedPortsAndReappliesTheRules) {
    Publisher p;
    auto published = p.publisher->publish(target(), {PortRequest{"udp", 53, "127.0.0.1", 0, 0}});
    ASSERT_TRUE(published);
    p.publisher->unpublish(kOwner);
    ASSERT_TRUE(p.publisher->restore(target(), *published));
    EXPECT_EQ(p.publisher->allocator().held_by(kOwner), 1u);
    EXPECT_EQ(p.applied.size(), 2u);
    EXPECT_EQ(p.applied[0], p.applied[1]);
}

TEST(PortPublisher, RemovesOnlyTheStaleTablesOfTheOwnersNamed) {
    Publisher p;
    p.fake->tables = {"berth", "berth_p_0123456789ab", "berth_p_fedcba987654", "filter"};
    p.publisher->remove_stale({kOwner, "aaaaaaaaaaaa0000"});
    EXPECT_EQ(p.removed, std::vector<std::string>{"berth_p_0123456789ab"});
}

namespace {

// A server on 127.0.0.1 (the "container") that answers each connection with
// what it read, upper-cased, once the client has sent its half.
struct EchoServer {
    UniqueFd listener;
    uint16_t port = 0;
    std::thread thread;
    EchoServer() {
        listener = berth::testing::bound_to_ipv4_loopback(SOCK_STREAM, port);
        ::listen(listener.get(), 4);
        thread = std::thread([this] {
            UniqueFd client(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
            std::string got;
            char buffer[256];
            for (ssize_t n; (n = ::read(client.get(), buffer, sizeof(buffer))) > 0;) got.append(buffer, n);
            for (char& c : got) c = static_cast<char>(std::toupper(c));
            (void)::write(client.get(), got.data(), got.size());
        });
    }
    ~EchoServer() { thread.join(); }
};

// Sends `text` to [::1]:port, closes its sending side, reads the answer to the end.
std::string exchange_over_ipv6_loopback(uint16_t port, const std::string& text) {
    UniqueFd fd(::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(port);
    address.sin6_addr = in6addr_loopback;
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) < 0) return "connect failed";
    (void)::write(fd.get(), text.data(), text.size());
    ::shutdown(fd.get(), SHUT_WR);
    std::string answer;
    char buffer[256];
    for (ssize_t n; (n = ::read(fd.get(), buffer, sizeof(buffer))) > 0;) answer.append(buffer, n);
    return answer;
}

} // namespace

TEST(PortPublisher, Ipv6LoopbackReachesAnIpv4OnlyContainerThroughTheProxy) {
    if (!host_can_listen_on_ipv6()) GTEST_SKIP() << "no IPv6 on this host";
    Publisher p;
    EchoServer container;
    PublishTarget loopback_container{kOwner, "br0", *Ipv4Address::parse("127.0.0.1"),
                                     *Ipv4Network::parse("127.0.0.0/8")};
    auto published = p.publisher->publish(loopback_container, {PortRequest{"tcp", container.port, "::1", 0, 0}});
    ASSERT_TRUE(published) << published.error().message();
    ASSERT_EQ(published->size(), 1u);
    EXPECT_EQ(published->at(0).host_ip, "::1");
    // No DNAT for it: without an IPv6 container there is no ip6 table at all.
    EXPECT_EQ(p.applied.at(0).find("ip6"), std::string::npos) << p.applied[0];
    EXPECT_EQ(exchange_over_ipv6_loopback(published->at(0).host_port, "hello through the proxy"),
              "HELLO THROUGH THE PROXY");
    p.publisher->unpublish(kOwner); // joins the proxy's threads
    EXPECT_EQ(exchange_over_ipv6_loopback(published->at(0).host_port, "x"), "connect failed");
}

TEST(PortPublisher, EveryAddressMeansIpv6TooWhereTheContainerCanBeReached) {
    if (!host_can_listen_on_ipv6()) GTEST_SKIP() << "no IPv6 on this host";
    Publisher p;
    auto published = p.publisher->publish(target(), {PortRequest{"tcp", 80, "", 0, 0}, PortRequest{"udp", 53, "", 0, 0}});
    ASSERT_TRUE(published) << published.error().message();
    // tcp and udp: 0.0.0.0 and [::] on one port each (the proxy carries IPv6 to
    // the IPv4-only container).
    ASSERT_EQ(published->size(), 4u);
    EXPECT_EQ(published->at(0).host_ip, "");
    EXPECT_EQ(published->at(1).host_ip, "::");
    EXPECT_EQ(published->at(1).host_port, published->at(0).host_port);
    EXPECT_EQ(published->at(2).protocol, "udp");
    EXPECT_EQ(published->at(2).host_ip, "");
    EXPECT_EQ(published->at(3).protocol, "udp");
    EXPECT_EQ(published->at(3).host_ip, "::");
    EXPECT_EQ(published->at(3).host_port, published->at(2).host_port);
    p.publisher->unpublish(kOwner);

    // 0.0.0.0 asked for is IPv4 only, as Docker 27+ has it.
    published = p.publisher->publish(target(), {PortRequest{"tcp", 80, "0.0.0.0", 0, 0}});
    ASSERT_TRUE(published) << published.error().message();
    ASSERT_EQ(published->size(), 1u);
    EXPECT_EQ(published->at(0).host_ip, "");
    p.publisher->unpublish(kOwner);

    // A container with IPv6: udp on [::] too, by DNAT in the ip6 table.
    PublishTarget dual = target();
    dual.container6 = *Ipv6Address::parse("fd00:9::2");
    dual.subnet6 = *Ipv6Network::parse("fd00:9::/64");
    published = p.publisher->publish(dual, {PortRequest{"udp", 53, "", 0, 0}});
    ASSERT_TRUE(published) << published.error().message();
    ASSERT_EQ(published->size(), 2u);
    EXPECT_EQ(published->at(1).host_ip, "::");
    EXPECT_NE(p.applied.back().find(std::format("udp dport {} dnat to [fd00:9::2]:53", published->at(1).host_port)),
              std::string::npos)
        << p.applied.back();
    p.publisher->unpublish(kOwner);
}

TEST(PortPublisher, SctpOnIpv6LoopbackOrToAnIpv4OnlyContainerIsNotBuilt) {
    Publisher p;
    auto refused = p.publisher->publish(target(), {PortRequest{"sctp", 9, "::", 5353, 5353}});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), ErrorCategory::NotImplemented);
    EXPECT_EQ(refused.error().message(), "publishing 9/sctp on the IPv6 address :: is not supported yet for a "
                                         "container without an IPv6 address (berthd proxies tcp and udp only)");
    EXPECT_EQ(p.publisher->allocator().held_by(kOwner), 0u);
}

TEST(PortPublisher, UdpOnIpv6LoopbackIsPublishedThroughTheProxy) {
    if (!host_can_listen_on_ipv6()) GTEST_SKIP() << "no IPv6 on this host";
    Publisher p;
    auto published = p.publisher->publish(target(), {PortRequest{"udp", 53, "::1", 0, 0}});
    ASSERT_TRUE(published) << published.error().message();
    ASSERT_EQ(published->size(), 1u);
    EXPECT_EQ(published->at(0).host_ip, "::1");
    EXPECT_EQ(p.publisher->allocator().held_by(kOwner), 1u);
    p.publisher->unpublish(kOwner); // joins the proxy's thread
    EXPECT_EQ(p.publisher->allocator().held_by(kOwner), 0u);
}
