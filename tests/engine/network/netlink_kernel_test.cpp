// rtnetlink and network namespaces on the real kernel. Every link made here has
// a random name and lives in a namespace made here or is deleted by a guard.
#include "network/netlink.h"
#include "network/netns.h"

#include "base/ids.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace berth::network;

namespace {

class NetlinkTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "needs root";
    }
    berth::testing::TempDir dir{"berth-netns"};
};

// Deletes a host link by name at scope exit.
struct LinkCleanup {
    std::string name;
    ~LinkCleanup() {
        auto netlink = Netlink::open();
        if (!netlink) return;
        if (auto index = netlink->link_index(name)) (void)netlink->delete_link(*index);
    }
};

} // namespace

TEST_F(NetlinkTest, NamespaceForNetworkNoneHasOnlyLoopbackUp) {
    auto netns = NetworkNamespace::create(dir.path(), "none");
    ASSERT_TRUE(netns) << netns.error().message();
    auto inside = Netlink::open_in(netns->path());
    ASSERT_TRUE(inside) << inside.error().message();
    auto links = inside->links();
    ASSERT_TRUE(links) << links.error().message();
    ASSERT_EQ(links->size(), 1u);
    EXPECT_EQ(links->front().name, "lo");
    EXPECT_TRUE(links->front().up);
    auto addresses = inside->addresses();
    ASSERT_TRUE(addresses);
    ASSERT_EQ(addresses->size(), 1u);
    EXPECT_EQ(addresses->front().address.to_string(), "127.0.0.1/8");

    std::string path = netns->path();
    ASSERT_TRUE(netns->remove());
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(NetlinkTest, NamespaceFileCannotBeMadeTwice) {
    auto first = NetworkNamespace::create(dir.path(), "twice");
    ASSERT_TRUE(first);
    auto second = NetworkNamespace::create(dir.path(), "twice");
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().errnum(), EEXIST);
    EXPECT_TRUE(std::filesystem::exists(first->path())); // the failed attempt left the first alone
}

TEST_F(NetlinkTest, ErrorsCarryTheKernelsErrnoAndTheOperation) {
    std::string name = "bt" + berth::random_hex(4);
    auto netlink = Netlink::open();
    ASSERT_TRUE(netlink);
    LinkCleanup cleanup{name};
    ASSERT_TRUE(netlink->create_bridge(name));
    auto again = netlink->create_bridge(name);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().errnum(), EEXIST);
    EXPECT_EQ(again.error().category(), berth::ErrorCategory::Conflict);
    EXPECT_TRUE(again.error().message().starts_with("creating bridge " + name + ": file exists"))
        << again.error().message();

    auto missing = netlink->link("bt-absent-" + berth::random_hex(2));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().category(), berth::ErrorCategory::NotFound);
}

TEST_F(NetlinkTest, ConfiguresLinksAddressesAndRoutesInsideANamespace) {
    auto netns = NetworkNamespace::create(dir.path(), "configure");
    ASSERT_TRUE(netns) << netns.error().message();
    auto netlink = Netlink::open();
    ASSERT_TRUE(netlink);
    std::string bridge = "bt" + berth::random_hex(4);
    std::string host = "vt" + berth::random_hex(4);
    std::string peer = "vp" + berth::random_hex(4);
    LinkCleanup bridge_cleanup{bridge}, veth_cleanup{host};

    ASSERT_TRUE(netlink->create_bridge(bridge));
    auto created = netlink->create_veth(host, peer);
    ASSERT_TRUE(created) << created.error().message();
    auto bridge_index = netlink->link_index(bridge);
    auto host_index = netlink->link_index(host);
    auto peer_index = netlink->link_index(peer);
    ASSERT_TRUE(bridge_index && host_index && peer_index);
    ASSERT_TRUE(netlink->set_master(*host_index, *bridge_index));
    ASSERT_TRUE(netlink->set_mtu(*host_index, 1400));
    ASSERT_TRUE(netlink->set_up(*host_index, true));
    auto host_link = netlink->link(*host_index);
    ASSERT_TRUE(host_link);
    EXPECT_EQ(host_link->kind, "veth");
    EXPECT_EQ(host_link->master, *bridge_index);
    EXPECT_EQ(host_link->mtu, 1400u);
    EXPECT_TRUE(host_link->up);
    EXPECT_EQ(netlink->link(*bridge_index)->kind, "bridge");

    MacAddress mac = {0x02, 0x42, 0x0a, 0x63, 0x00, 0x02};
    ASSERT_TRUE(netlink->set_mac(*peer_index, mac));
    auto fd = open_network_namespace(netns->path());
    ASSERT_TRUE(fd);
    ASSERT_TRUE(netlink->move_to_netns(*peer_index, fd->get()));
    EXPECT_EQ(netlink->link(peer).error().category(), berth::ErrorCategory::NotFound);

    auto inside = Netlink::open_in(netns->path());
    ASSERT_TRUE(inside);
    auto index = inside->link_index(peer);
    ASSERT_TRUE(index) << index.error().message();
    ASSERT_TRUE(inside->rename(*index, "eth0"));
    ASSERT_TRUE(inside->add_address(*index, *Ipv4Network::parse("10.99.0.2/24")));
    ASSERT_TRUE(inside->set_up(*index, true));
    auto route = inside->add_default_route(*Ipv4Address::parse("10.99.0.1"), *index);
    ASSERT_TRUE(route) << route.error().message();

    auto eth0 = inside->link("eth0");
    ASSERT_TRUE(eth0);
    EXPECT_EQ(eth0->index, *index);
    EXPECT_EQ(eth0->mac, mac);
    EXPECT_TRUE(eth0->up);
    bool has_address = false;
    auto addresses = inside->addresses();
    ASSERT_TRUE(addresses);
    for (const auto& a : *addresses)
        if (a.link_index == *index && a.address.to_string() == "10.99.0.2/24") has_address = true;
    EXPECT_TRUE(has_address);
    bool has_default = false, has_subnet = false;
    auto routes = inside->routes();
    ASSERT_TRUE(routes);
    for (const auto& r : *routes) {
        if (r.table != 254) continue;
        if (r.destination.prefix_length == 0 && r.gateway && r.gateway->to_string() == "10.99.0.1" &&
            r.link_index == *index)
            has_default = true;
        if (r.destination.to_string() == "10.99.0.0/24") has_subnet = true;
    }
    EXPECT_TRUE(has_default);
    EXPECT_TRUE(has_subnet);

    // Deleting the host end takes the peer in the namespace with it.
    ASSERT_TRUE(netlink->delete_link(*host_index));
    EXPECT_EQ(inside->link("eth0").error().category(), berth::ErrorCategory::NotFound);
}

TEST_F(NetlinkTest, RunsWorkInsideANamespaceWithoutMovingTheCaller) {
    auto netns = NetworkNamespace::create(dir.path(), "run");
    ASSERT_TRUE(netns);
    std::string before = std::filesystem::read_symlink("/proc/thread-self/ns/net");
    std::string seen;
    auto ran = run_in_network_namespace(netns->path(), [&]() -> berth::Result<> {
        seen = std::filesystem::read_symlink("/proc/thread-self/ns/net");
        return {};
    });
    ASSERT_TRUE(ran) << ran.error().message();
    EXPECT_NE(seen, before);
    EXPECT_EQ(std::filesystem::read_symlink("/proc/thread-self/ns/net").string(), before);
}
