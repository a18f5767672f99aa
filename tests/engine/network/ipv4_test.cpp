#include "network/ipv4.h"

#include <gtest/gtest.h>

using namespace berth::network;

TEST(Ipv4, ParsesAndPrintsAddresses) {
    auto a = Ipv4Address::parse("172.17.0.2");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->value, 0xac110002u);
    EXPECT_EQ(a->to_string(), "172.17.0.2");
    EXPECT_EQ(Ipv4Address::from_network_order(a->network_order()), *a);
    for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "a.b.c.d", "1..2.3", "1234.1.1.1"})
        EXPECT_FALSE(Ipv4Address::parse(bad)) << bad;
}

TEST(Ipv4, ParsesNetworks) {
    auto n = Ipv4Network::parse("172.17.0.1/16");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->prefix_length, 16);
    EXPECT_EQ(n->to_string(), "172.17.0.1/16");
    EXPECT_EQ(n->network().to_string(), "172.17.0.0/16");
    EXPECT_EQ(n->first().to_string(), "172.17.0.0");
    EXPECT_EQ(n->last().to_string(), "172.17.255.255");
    EXPECT_EQ(n->size(), 65536u);
    EXPECT_EQ(Ipv4Network::parse("0.0.0.0/0")->mask(), 0u);
    EXPECT_EQ(Ipv4Network::parse("10.0.0.1/32")->last().to_string(), "10.0.0.1");
    for (const char* bad : {"172.17.0.0", "172.17.0.0/33", "172.17.0.0/", "172.17.0.0/x", "/16"})
        EXPECT_FALSE(Ipv4Network::parse(bad)) << bad;
}

TEST(Ipv4, Overlaps) {
    auto net = [](const char* text) { return *Ipv4Network::parse(text); };
    EXPECT_TRUE(net("172.17.0.0/16").overlaps(net("172.17.5.0/24")));
    EXPECT_TRUE(net("172.17.5.0/24").overlaps(net("172.17.0.0/16")));
    EXPECT_TRUE(net("172.17.0.0/16").overlaps(net("172.17.0.1/32")));
    EXPECT_FALSE(net("172.17.0.0/16").overlaps(net("172.18.0.0/16")));
    EXPECT_TRUE(net("0.0.0.0/0").overlaps(net("10.0.0.0/8")));
    EXPECT_FALSE(net("192.168.0.0/20").overlaps(net("192.168.16.0/20")));
    EXPECT_TRUE(net("192.168.0.0/16").overlaps(net("192.168.16.0/20")));
    EXPECT_TRUE(net("172.17.0.0/16").contains(*Ipv4Address::parse("172.17.255.255")));
    EXPECT_FALSE(net("172.17.0.0/16").contains(*Ipv4Address::parse("172.18.0.0")));
}
