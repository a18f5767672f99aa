// The publisher against a fake firewall and a temporary sysctl directory: the
// nft script it hands over, route_localnet, and that failures leave nothing.
#include "network/port_publisher.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <gtest/gtest.h>

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
