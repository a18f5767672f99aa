#include "network/endpoint.h"

#include <gtest/gtest.h>

using namespace berth::network;

TEST(Endpoint, RoundTripsThroughJson) {
    Endpoint e;
    e.id = "4f2a";
    e.netns_path = "/run/berth/netns/4f2a";
    e.address = *Ipv4Address::parse("172.18.0.2");
    e.prefix_length = 16;
    e.gateway = *Ipv4Address::parse("172.18.0.1");
    e.mac = "02:42:ac:12:00:02";
    e.host_veth = "veth1a2b3c4";
    e.mtu = 1450;
    auto copy = endpoint_from_json(endpoint_to_json(e));
    ASSERT_TRUE(copy) << copy.error().message();
    EXPECT_EQ(copy->id, e.id);
    EXPECT_EQ(copy->netns_path, e.netns_path);
    EXPECT_EQ(copy->address, e.address);
    EXPECT_EQ(copy->prefix_length, 16);
    EXPECT_EQ(copy->gateway, e.gateway);
    EXPECT_EQ(copy->mac, e.mac);
    EXPECT_EQ(copy->host_veth, e.host_veth);
    EXPECT_EQ(copy->container_interface, "eth0");
    EXPECT_EQ(copy->mtu, 1450u);
}

TEST(MacAddress, ParsesDockersFormsAndRoundTrips) {
    auto mac = parse_mac("02:42:AC:11:00:02");
    ASSERT_TRUE(mac);
    EXPECT_EQ(format_mac(*mac), "02:42:ac:11:00:02");
    EXPECT_EQ(parse_mac("92-d0-c6-0a-29-33"), parse_mac("92:d0:c6:0a:29:33"));
    for (const char* bad : {"", "02:42:ac:11:00", "02:42:ac:11:00:0g", "02:42-ac:11:00:02", "02:42:ac:11:00:02:03",
                            "0242.ac11.0002", "+2:42:ac:11:00:02"})
        EXPECT_FALSE(parse_mac(bad)) << bad;
}

TEST(Endpoint, RejectsBrokenJson) {
    Endpoint e;
    std::string good = endpoint_to_json(e);
    EXPECT_TRUE(endpoint_from_json(good));
    EXPECT_FALSE(endpoint_from_json("[]"));
    EXPECT_FALSE(endpoint_from_json(R"({"id": "x"})"));
    std::string bad_address = good;
    bad_address.replace(bad_address.find("0.0.0.0"), 7, "1.2.3");
    EXPECT_FALSE(endpoint_from_json(bad_address));
}
