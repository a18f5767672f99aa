#include "network/ipam.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

using namespace berth::network;

namespace {

Ipv4Network net(const char* text) { return *Ipv4Network::parse(text); }
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

Route route(const char* destination, int link = 2) {
    Route r;
    r.destination = net(destination);
    r.link_index = link;
    r.table = 254;
    return r;
}

} // namespace

TEST(DefaultPools, AreDockersInOrder) {
    auto pools = default_address_pools();
    ASSERT_EQ(pools.size(), 15u + 16u);
    EXPECT_EQ(pools.front().to_string(), "172.17.0.0/16");
    EXPECT_EQ(pools[14].to_string(), "172.31.0.0/16");
    EXPECT_EQ(pools[15].to_string(), "192.168.0.0/20");
    EXPECT_EQ(pools[16].to_string(), "192.168.16.0/20");
    EXPECT_EQ(pools.back().to_string(), "192.168.240.0/20");
}

TEST(ChooseSubnet, TakesTheFirstFreePool) {
    auto pools = default_address_pools();
    std::vector<Ipv4Network> in_use;
    EXPECT_EQ(choose_subnet(pools, in_use)->to_string(), "172.17.0.0/16");
}

TEST(ChooseSubnet, SkipsDocker0AndOtherHostNetworks) {
    // docker.io's docker0 on 172.17.0.0/16, a VPN route inside 172.18, a LAN address in 172.19.
    std::vector<Ipv4Network> in_use = {net("172.17.0.0/16"), net("172.18.42.0/24"), net("172.19.0.5/16")};
    EXPECT_EQ(choose_subnet(default_address_pools(), in_use)->to_string(), "172.20.0.0/16");
}

TEST(ChooseSubnet, IgnoresDefaultRoutes) {
    std::vector<Ipv4Network> in_use = {net("0.0.0.0/0")};
    EXPECT_EQ(choose_subnet(default_address_pools(), in_use)->to_string(), "172.17.0.0/16");
}

TEST(ChooseSubnet, FallsBackTo192168AndFailsWhenAllAreTaken) {
    std::vector<Ipv4Network> in_use = {net("172.16.0.0/12"), net("192.168.0.0/24")};
    EXPECT_EQ(choose_subnet(default_address_pools(), in_use)->to_string(), "192.168.16.0/20");
    in_use.push_back(net("192.168.0.0/16"));
    auto none = choose_subnet(default_address_pools(), in_use);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().category(), berth::ErrorCategory::Unavailable);
}

TEST(NetworksInUse, TakesRoutesAndAddressesButNotDefaultsOrTheOwnBridge) {
    std::vector<Route> routes = {route("0.0.0.0/0"), route("192.0.2.0/24"), route("172.17.0.0/16", 7)};
    InterfaceAddress lan;
    lan.link_index = 2;
    lan.address = net("192.0.2.2/24");
    InterfaceAddress own;
    own.link_index = 7;
    own.address = net("172.17.0.1/16");
    std::vector<InterfaceAddress> addresses = {lan, own};

    auto all = networks_in_use(routes, addresses);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[0].to_string(), "192.0.2.0/24");
    EXPECT_EQ(all[1].to_string(), "172.17.0.0/16");
    EXPECT_EQ(all[2].to_string(), "192.0.2.0/24");

    auto others = networks_in_use(routes, addresses, 7);
    ASSERT_EQ(others.size(), 2u);
    EXPECT_EQ(choose_subnet(default_address_pools(), others)->to_string(), "172.17.0.0/16");
}

TEST(Mac, IsDerivedFromTheAddressLikeDockers) {
    EXPECT_EQ(format_mac(mac_for_address(ip("172.17.0.2"))), "02:42:ac:11:00:02");
    EXPECT_EQ(format_mac(mac_for_address(ip("192.168.16.255"))), "02:42:c0:a8:10:ff");
}

TEST(AddressPool, ReservesTheGatewayAndHandsOutInOrder) {
    AddressPool pool(net("172.17.0.0/16"));
    EXPECT_EQ(pool.gateway().to_string(), "172.17.0.1");
    EXPECT_EQ(pool.allocate("a")->to_string(), "172.17.0.2");
    EXPECT_EQ(pool.allocate("b")->to_string(), "172.17.0.3");
    EXPECT_EQ(pool.owner(ip("172.17.0.2")), "a");
    EXPECT_EQ(pool.owner(ip("172.17.0.9")), std::nullopt);
}

TEST(AddressPool, TakesAGivenGatewayLikeBip) {
    AddressPool pool(net("10.10.0.0/24"), ip("10.10.0.2"));
    EXPECT_EQ(pool.subnet().to_string(), "10.10.0.0/24");
    EXPECT_EQ(pool.gateway().to_string(), "10.10.0.2");
    EXPECT_EQ(pool.allocate("a")->to_string(), "10.10.0.1");
    EXPECT_EQ(pool.allocate("b")->to_string(), "10.10.0.3");
}

TEST(AddressPool, NeverHandsOutNetworkOrBroadcastAndReportsExhaustion) {
    AddressPool pool(net("10.0.0.0/29")); // .0 network, .1 gateway, .7 broadcast
    std::vector<std::string> got;
    for (int i = 0; i < 5; ++i) got.push_back(pool.allocate("x" + std::to_string(i))->to_string());
    EXPECT_EQ(got, (std::vector<std::string>{"10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"}));
    auto full = pool.allocate("y");
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().category(), berth::ErrorCategory::Unavailable);
}

TEST(AddressPool, DoesNotReuseAReleasedAddressAtOnceButWrapsAround) {
    AddressPool pool(net("10.0.0.0/29"));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(pool.allocate("x"));
    pool.release(ip("10.0.0.3"));
    pool.release(ip("10.0.0.9")); // not allocated: no error
    EXPECT_EQ(pool.allocate("y")->to_string(), "10.0.0.3");

    AddressPool fresh(net("10.0.0.0/29"));
    ASSERT_EQ(fresh.allocate("a")->to_string(), "10.0.0.2");
    fresh.release(ip("10.0.0.2"));
    EXPECT_EQ(fresh.allocate("b")->to_string(), "10.0.0.3");
}

TEST(AddressPool, RoundTripsThroughJson) {
    AddressPool pool(net("172.18.0.0/16"));
    ASSERT_TRUE(pool.allocate("first"));
    ASSERT_TRUE(pool.allocate("second"));
    pool.release(ip("172.18.0.2"));
    auto copy = AddressPool::from_json(pool.to_json());
    ASSERT_TRUE(copy) << copy.error().message();
    EXPECT_EQ(copy->subnet(), pool.subnet());
    EXPECT_EQ(copy->gateway(), pool.gateway());
    EXPECT_EQ(copy->allocations(), pool.allocations());
    // The cursor survives too: the next address is .4, not the released .2.
    EXPECT_EQ(copy->allocate("third")->to_string(), "172.18.0.4");
}

TEST(AddressPool, RejectsBrokenJson) {
    for (const char* bad : {"", "[]", "{}", R"({"subnet": "x"})",
                            R"({"subnet": "10.0.0.0/24", "allocations": {"10.0.1.5": "a"}})",
                            R"({"subnet": "10.0.0.0/24", "allocations": {"10.0.0.5": 3}})"})
        EXPECT_FALSE(AddressPool::from_json(bad)) << bad;
}

TEST(AddressPool, IsSavedAndLoadedFromAFile) {
    berth::testing::TempDir dir;
    std::string path = dir / "ipam.json";
    auto missing = load_address_pool(path);
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());

    AddressPool pool(net("172.20.0.0/16"));
    ASSERT_TRUE(pool.allocate("web"));
    ASSERT_TRUE(save_address_pool(path, pool));
    auto loaded = load_address_pool(path);
    ASSERT_TRUE(loaded && loaded->has_value());
    EXPECT_EQ((*loaded)->owner(ip("172.20.0.2")), "web");

    ASSERT_TRUE(berth::write_file_atomically(path, "not json"));
    auto broken = load_address_pool(path);
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message().find(path), std::string::npos);
}

TEST(AddressPool, ReservesAChosenAddressOnce) {
    AddressPool pool(net("10.9.0.0/24"));
    ASSERT_TRUE(pool.reserve(ip("10.9.0.7"), "c1"));
    EXPECT_EQ(pool.owner(ip("10.9.0.7")), "c1");
    auto taken = pool.reserve(ip("10.9.0.7"), "c2");
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().category(), berth::ErrorCategory::Conflict);
    EXPECT_FALSE(pool.reserve(ip("10.9.0.1"), "c2"));   // the gateway
    EXPECT_FALSE(pool.reserve(ip("10.9.0.255"), "c2")); // broadcast
    auto outside = pool.reserve(ip("10.8.0.7"), "c2");
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().category(), berth::ErrorCategory::Invalid);
    // Sequential allocation steps over it.
    for (int i = 0; i < 6; ++i) EXPECT_NE(*pool.allocate("x" + std::to_string(i)), ip("10.9.0.7"));
}

TEST(AddressPool, HandsOutAddressesOfItsIpRangeOnly) {
    AddressPool pool(net("10.9.0.0/24"));
    pool.set_range(net("10.9.0.128/30"));
    EXPECT_EQ(*pool.allocate("a"), ip("10.9.0.128"));
    EXPECT_EQ(*pool.allocate("b"), ip("10.9.0.129"));
    EXPECT_EQ(*pool.allocate("c"), ip("10.9.0.130"));
    EXPECT_EQ(*pool.allocate("d"), ip("10.9.0.131"));
    EXPECT_FALSE(pool.allocate("e"));
    EXPECT_TRUE(pool.reserve(ip("10.9.0.7"), "f")); // --ip may be outside the range
}
