#include "network/nat.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

using namespace berth::network;

TEST(NatRuleset, MasqueradesTheSubnetLeavingByAnotherInterfaceAndAcceptsForwarding) {
    NatRules rules;
    rules.table = "berth";
    rules.bridge = "berth0";
    rules.subnet = *Ipv4Network::parse("172.18.0.1/16");
    EXPECT_EQ(nat_ruleset(rules),
              "table ip berth\n"
              "delete table ip berth\n"
              "table ip berth {\n"
              "\tchain postrouting {\n"
              "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
              "\t\tip saddr 172.18.0.0/16 oifname != \"berth0\" masquerade\n"
              "\t}\n"
              "\tchain forward {\n"
              "\t\ttype filter hook forward priority filter; policy accept;\n"
              "\t\toifname \"berth0\" ct state related,established accept\n"
              "\t\tiifname \"berth0\" accept\n"
              "\t}\n"
              "}\n");
}

TEST(IpForwarding, IsSwitchedOnOnlyWhenOff) {
    berth::testing::TempDir dir;
    std::string path = dir / "ip_forward";
    ASSERT_TRUE(berth::write_file_atomically(path, "0\n"));
    ASSERT_TRUE(enable_ip_forwarding(path));
    EXPECT_EQ(*berth::read_file(path), "1\n");
    ASSERT_TRUE(enable_ip_forwarding(path));
    EXPECT_EQ(*berth::read_file(path), "1\n");
    auto missing = enable_ip_forwarding(dir / "absent");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message().find("enabling IP forwarding"), std::string::npos);
}

TEST(NatRuleset, InternalNetworksNeitherMasqueradeNorForwardOutAndUserNetworksAreIsolated) {
    NatRules rules;
    rules.table = "berth_bt_1";
    rules.bridge = "bt-1";
    rules.subnet = *Ipv4Network::parse("10.9.0.0/24");
    rules.internal = true;
    rules.isolated_from = {"bt-*", "berth0"};
    EXPECT_EQ(nat_ruleset(rules),
              "table ip berth_bt_1\n"
              "delete table ip berth_bt_1\n"
              "table ip berth_bt_1 {\n"
              "\tchain postrouting {\n"
              "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
              "\t}\n"
              "\tchain forward {\n"
              "\t\ttype filter hook forward priority filter; policy accept;\n"
              "\t\tiifname \"bt-1\" oifname != \"bt-1\" drop\n"
              "\t\toifname \"bt-1\" iifname != \"bt-1\" drop\n"
              "\t\tiifname \"bt-1\" oifname != \"bt-1\" oifname \"bt-*\" drop\n"
              "\t\tiifname \"bt-1\" oifname != \"bt-1\" oifname \"berth0\" drop\n"
              "\t\toifname \"bt-1\" ct state related,established accept\n"
              "\t\tiifname \"bt-1\" accept\n"
              "\t}\n"
              "}\n");
}
