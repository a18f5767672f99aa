// NetworkAddresses, the address pool a bridge and a macvlan/ipvlan network
// share: taken and given back by endpoint, saved after each change, Docker's
// words for a taken --ip, nothing handed out before a pool is adopted.
#include "network/network_addresses.h"

#include "support/temp_dir.h"

#include <filesystem>
#include <gtest/gtest.h>

using namespace berth;
using namespace berth::network;

namespace {

Ipv4Network net(const char* text) { return *Ipv4Network::parse(text); }
Ipv4Address ip(const char* text) { return *Ipv4Address::parse(text); }

Endpoint endpoint(std::string id) {
    Endpoint e;
    e.id = std::move(id);
    e.netns_path = "/run/netns/test";
    return e;
}

TEST(NetworkAddresses, NothingIsHandedOutBeforeAPoolIsAdopted) {
    berth::testing::TempDir dir;
    NetworkAddresses addresses(dir / "ipam.json", "bridge br-test");
    Endpoint e = endpoint("c1");
    auto taken = addresses.take(e, std::nullopt);
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().message(), "bridge br-test is not set up");
    EXPECT_EQ(addresses.subnet(), Ipv4Network{});
}

TEST(NetworkAddresses, TakesGivesBackAndSavesEachChange) {
    berth::testing::TempDir dir;
    NetworkAddresses addresses(dir / "ipam.json", "macvlan network on eth9");
    ASSERT_TRUE(addresses.adopt(AddressPool(net("10.9.0.0/24")), std::nullopt, {{"router", ip("10.9.0.2")}}));
    EXPECT_EQ(addresses.gateway(), ip("10.9.0.1"));

    Endpoint first = endpoint("c1");
    ASSERT_TRUE(addresses.take(first, std::nullopt));
    EXPECT_EQ(first.address, ip("10.9.0.3")) << "the aux address was handed out";
    EXPECT_EQ(first.prefix_length, 24);
    EXPECT_EQ(first.gateway, ip("10.9.0.1"));
    Endpoint fixed = endpoint("c2");
    ASSERT_TRUE(addresses.take(fixed, ip("10.9.0.77")));
    EXPECT_EQ(fixed.address, ip("10.9.0.77"));

    // A taken --ip: the pool's words, as Docker's, not wrapped.
    Endpoint again = endpoint("c3");
    auto refused = addresses.take(again, ip("10.9.0.77"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(), "Address already in use");
    EXPECT_EQ(refused.error().category(), ErrorCategory::Conflict);

    // Saved: another instance (a berthd restart) reads the same allocations.
    NetworkAddresses reloaded(dir / "ipam.json", "macvlan network on eth9");
    auto saved = reloaded.saved();
    ASSERT_TRUE(saved && *saved);
    EXPECT_EQ((*saved)->owner(ip("10.9.0.77")), "c2");
    EXPECT_EQ((*saved)->owner(ip("10.9.0.2")), "aux:router");

    // Only the owner gives an address back.
    Endpoint impostor = endpoint("c9");
    impostor.address = ip("10.9.0.77");
    ASSERT_TRUE(addresses.give_back(impostor));
    EXPECT_EQ((*reloaded.saved())->owner(ip("10.9.0.77")), "c2");
    ASSERT_TRUE(addresses.give_back(fixed));
    EXPECT_FALSE((*reloaded.saved())->owner(ip("10.9.0.77")));
    Endpoint retaken = endpoint("c3");
    EXPECT_TRUE(addresses.take(retaken, ip("10.9.0.77"))) << "a given-back --ip could not be taken again";

    ASSERT_TRUE(addresses.forget());
    EXPECT_FALSE(std::filesystem::exists(dir / "ipam.json"));
    Endpoint late = endpoint("c4");
    EXPECT_FALSE(addresses.take(late, std::nullopt));
}

TEST(NetworkAddresses, AFullRangeIsAnErrorNamingTheConnection) {
    berth::testing::TempDir dir;
    NetworkAddresses addresses(dir / "ipam.json", "bridge br-small");
    ASSERT_TRUE(addresses.adopt(AddressPool(net("10.8.0.0/24")), net("10.8.0.4/31"), {}));
    Endpoint a = endpoint("a"), b = endpoint("b"), c = endpoint("c");
    ASSERT_TRUE(addresses.take(a, std::nullopt));
    ASSERT_TRUE(addresses.take(b, std::nullopt));
    EXPECT_TRUE(net("10.8.0.4/31").contains(a.address) && net("10.8.0.4/31").contains(b.address));
    auto full = addresses.take(c, std::nullopt);
    ASSERT_FALSE(full);
    EXPECT_TRUE(full.error().message().starts_with("connecting /run/netns/test to bridge br-small: "))
        << full.error().message();
}

} // namespace
