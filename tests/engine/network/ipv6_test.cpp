// Dual-stack networks as pure logic: IPv6 values, the IPv6 address pool and
// Docker 27's ULA default pool, `--ipv6` in network create (both IPAM configs,
// Docker's refusals), the stored and Docker forms, the ip6 NAT table, an
// endpoint's IPv6 address taken and given back, AAAA answers.
#include "network/dns_message.h"
#include "network/endpoint.h"
#include "network/ipam.h"
#include "network/ipv6.h"
#include "network/nat.h"
#include "network/network_addresses.h"
#include "network/network_record.h"

#include "support/temp_dir.h"

#include <filesystem>
#include <gtest/gtest.h>

using namespace berth;
using namespace berth::network;
using nlohmann::json;

namespace {

Ipv6Address ip6(const char* text) { return *Ipv6Address::parse(text); }
Ipv6Network net6(const char* text) { return *Ipv6Network::parse(text); }

Endpoint endpoint(std::string id) {
    Endpoint e;
    e.id = std::move(id);
    return e;
}

json dual_stack_body(json v6_config) {
    return json{{"Name", "dual"},
                {"EnableIPv6", true},
                {"IPAM", {{"Config", json::array({{{"Subnet", "10.77.0.0/24"}}, v6_config})}}}};
}

} // namespace

TEST(Ipv6Address, ParsesAndPrintsInTheShortForm) {
    EXPECT_EQ(ip6("fd00:0:0:0::0002").to_string(), "fd00::2");
    EXPECT_EQ(ip6("FD12:3456:789a:1::1").to_string(), "fd12:3456:789a:1::1");
    EXPECT_TRUE(ip6("::1").value == 1);
    for (const char* bad : {"", "10.0.0.1", "fd00::/64", "fd00::1%eth0", "fd00:::1", "g::1"})
        EXPECT_FALSE(Ipv6Address::parse(bad)) << bad;
    auto bytes = ip6("fd00::1:2").bytes();
    EXPECT_EQ(bytes[0], 0xfd);
    EXPECT_EQ(bytes[13], 1);
    EXPECT_EQ(bytes[15], 2);
    EXPECT_EQ(Ipv6Address::from_bytes(bytes.data()), ip6("fd00::1:2"));
}

TEST(Ipv6Network, ContainsOverlapsAndDropsHostBits) {
    Ipv6Network subnet = net6("fd12:3456:789a:1::1/64");
    EXPECT_EQ(subnet.network().to_string(), "fd12:3456:789a:1::/64");
    EXPECT_EQ(subnet.last().to_string(), "fd12:3456:789a:1:ffff:ffff:ffff:ffff");
    EXPECT_TRUE(subnet.contains(ip6("fd12:3456:789a:1:abcd::9")));
    EXPECT_FALSE(subnet.contains(ip6("fd12:3456:789a:2::9")));
    EXPECT_TRUE(subnet.overlaps(net6("fd12:3456:789a::/48")));
    EXPECT_FALSE(subnet.overlaps(net6("fd12:3456:789a:2::/64")));
    EXPECT_TRUE(net6("::/0").contains(ip6("fd00::1")));
    EXPECT_FALSE(Ipv6Network::parse("fd00::/129"));
    EXPECT_FALSE(Ipv6Network::parse("fd00::"));
}

TEST(Ipv6AddressPool, ReservesTheGatewayAndHandsOutInOrderAsMoby) {
    Ipv6AddressPool pool(net6("fd12:0:0:7::/64"));
    EXPECT_EQ(pool.gateway(), ip6("fd12:0:0:7::1"));
    EXPECT_EQ(*pool.allocate("a"), ip6("fd12:0:0:7::2"));
    EXPECT_EQ(*pool.allocate("b"), ip6("fd12:0:0:7::3"));
    ASSERT_TRUE(pool.reserve(ip6("fd12:0:0:7::77"), "c"));
    auto taken = pool.reserve(ip6("fd12:0:0:7::77"), "d");
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().message(), "Address already in use");
    EXPECT_FALSE(pool.reserve(pool.gateway(), "d"));
    auto outside = pool.reserve(ip6("fd12:0:0:8::2"), "d");
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().message(), "no configured subnet or ip-range contain the IP address fd12:0:0:8::2");
    pool.release(ip6("fd12:0:0:7::2"));
    EXPECT_EQ(*pool.allocate("e"), ip6("fd12:0:0:7::4")) << "a released address is not reused at once";

    Ipv6AddressPool given(net6("fd12:0:0:7::/64"), ip6("fd12:0:0:7::fe"));
    EXPECT_EQ(given.gateway(), ip6("fd12:0:0:7::fe"));
    EXPECT_EQ(*given.allocate("a"), ip6("fd12:0:0:7::1")) << "with another gateway, ::1 is a container's";
}

TEST(Ipv6AddressPool, IsSavedAndLoadedFromAFile) {
    berth::testing::TempDir dir;
    Ipv6AddressPool pool(net6("fd12:0:0:7::/64"));
    ASSERT_TRUE(pool.allocate("a"));
    ASSERT_TRUE(save_address_pool(dir / "ipam6.json", pool));
    auto loaded = load_address_pool<Ipv6Network>(dir / "ipam6.json");
    ASSERT_TRUE(loaded && *loaded) << (loaded ? "missing" : loaded.error().message());
    EXPECT_EQ((*loaded)->subnet(), net6("fd12:0:0:7::/64"));
    EXPECT_EQ((*loaded)->owner(ip6("fd12:0:0:7::2")), "a");
    EXPECT_EQ(*(*loaded)->allocate("b"), ip6("fd12:0:0:7::3"));
    auto absent = load_address_pool<Ipv6Network>(dir / "none.json");
    ASSERT_TRUE(absent);
    EXPECT_FALSE(*absent);
}

// Docker 27+: `--ipv6` without an IPv6 subnet takes a /64 of a ULA /48 derived from the engine id.
TEST(UlaPool, IsAStableFdPrefixOfTheEngineAndHandsOutFree64s) {
    Ipv6Network base = ula_base_pool("engine-a");
    EXPECT_EQ(base.prefix_length, 48);
    EXPECT_EQ(base.address.bytes()[0], 0xfd);
    EXPECT_EQ(base, ula_base_pool("engine-a"));
    EXPECT_NE(base, ula_base_pool("engine-b"));
    EXPECT_EQ(base.network(), base);

    auto first = choose_ipv6_subnet(base, {});
    ASSERT_TRUE(first);
    Ipv6Network expected{base.first(), 64};
    EXPECT_EQ(*first, expected);
    std::vector<Ipv6Network> used = {*first, net6("fd00:1::/64")};
    auto second = choose_ipv6_subnet(base, used);
    ASSERT_TRUE(second);
    EXPECT_TRUE(second->first().value == base.first().value + (Uint128{1} << 64)) << second->to_string();
    std::vector<Ipv6Network> all = {base};
    auto none = choose_ipv6_subnet(base, all);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().message(),
              "could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network");
}

TEST(NetworkCreate, TakesBothFamiliesWithIpv6) {
    auto n = parse_network_create(dual_stack_body({{"Subnet", "fd12:3456:789a:1::/64"}, {"Gateway", "fd12:3456:789a:1::fe"}}));
    ASSERT_TRUE(n) << n.error().message();
    EXPECT_TRUE(n->enable_ipv6);
    ASSERT_TRUE(n->ipam && n->ipam->subnet);
    EXPECT_EQ(n->ipam->subnet->to_string(), "10.77.0.0/24");
    ASSERT_TRUE(n->ipam6 && n->ipam6->subnet && n->ipam6->gateway);
    EXPECT_EQ(n->ipam6->subnet->to_string(), "fd12:3456:789a:1::/64");
    EXPECT_EQ(n->ipam6->gateway->to_string(), "fd12:3456:789a:1::fe");

    // Only an IPv6 subnet: IPv4 stays automatic.
    auto v6_only = parse_network_create(
        json{{"Name", "d"}, {"EnableIPv6", true}, {"IPAM", {{"Config", json::array({{{"Subnet", "fd12::/64"}}})}}}});
    ASSERT_TRUE(v6_only) << v6_only.error().message();
    EXPECT_FALSE(v6_only->ipam);
    EXPECT_TRUE(v6_only->ipam6 && v6_only->ipam6->subnet);

    // Without EnableIPv6 an IPv6 entry is left out, as moby's ValidateIPAM skips it.
    json body = dual_stack_body({{"Subnet", "fd12::/64"}});
    body.erase("EnableIPv6");
    auto ignored = parse_network_create(body);
    ASSERT_TRUE(ignored) << ignored.error().message();
    EXPECT_FALSE(ignored->enable_ipv6);
    EXPECT_FALSE(ignored->ipam6);
}

TEST(NetworkCreate, RefusesBadIpv6ConfigsInDockersWords) {
    struct Case {
        json body;
        ErrorCategory category;
        std::string message;
    };
    std::vector<Case> cases = {
        {dual_stack_body({{"Subnet", "fd12::1/64"}}), ErrorCategory::Invalid,
         "invalid network config:\ninvalid subnet fd12::1/64: it should be fd12::/64"},
        {dual_stack_body({{"Subnet", "fd12::/64"}, {"Gateway", "fd13::1"}}), ErrorCategory::Invalid,
         "invalid network config:\ninvalid gateway fd13::1: IP fd13::1 does not belong to subnet fd12::/64"},
        {dual_stack_body({{"Subnet", "fd12::zz/64"}}), ErrorCategory::Invalid,
         "invalid network config:\ninvalid subnet fd12::zz/64: invalid CIDR address: fd12::zz/64"},
        {dual_stack_body({{"Subnet", "fd12::/64"}, {"IPRange", "fd12::/80"}}), ErrorCategory::NotImplemented,
         "--ip-range and --aux-address for IPv6 subnets are not supported yet"},
        {json{{"Name", "d"},
              {"EnableIPv6", true},
              {"IPAM", {{"Config", json::array({{{"Subnet", "fd12::/64"}}, {{"Subnet", "fd13::/64"}}})}}}},
         ErrorCategory::NotImplemented, "more than one IPv6 IPAM config: not supported yet"},
        {json{{"Name", "m"}, {"Driver", "macvlan"}, {"EnableIPv6", true}}, ErrorCategory::NotImplemented,
         "IPv6 on macvlan networks is not supported yet"},
    };
    for (const auto& c : cases) {
        auto n = parse_network_create(c.body);
        ASSERT_FALSE(n) << c.body.dump();
        EXPECT_EQ(n.error().category(), c.category) << c.body.dump();
        EXPECT_EQ(n.error().message(), c.message);
    }
}

TEST(NetworkRecord, ShowsAndKeepsBothFamilies) {
    auto n = parse_network_create(dual_stack_body({{"Subnet", "fd12::/64"}, {"Gateway", "fd12::1"}}));
    ASSERT_TRUE(n);
    n->id = std::string(64, 'b');
    NetworkAttachment attached;
    attached.container_name = "one";
    attached.endpoint_id = "e1";
    attached.ipv4 = "10.77.0.2/24";
    attached.ipv6 = "fd12::2/64";
    n->containers["c1"] = attached;
    json docker = network_to_docker_json(*n, true);
    EXPECT_EQ(docker["EnableIPv6"], true);
    ASSERT_EQ(docker["IPAM"]["Config"].size(), 2u);
    EXPECT_EQ(docker["IPAM"]["Config"][1], (json{{"Subnet", "fd12::/64"}, {"Gateway", "fd12::1"}}));
    EXPECT_EQ(docker["Containers"]["c1"]["IPv6Address"], "fd12::2/64");

    auto back = network_from_json(network_to_json(*n));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_TRUE(back->enable_ipv6);
    EXPECT_EQ(back->containers.at("c1").ipv6, "fd12::2/64");
    EXPECT_EQ(network_to_json(*back), network_to_json(*n));
}

TEST(NatRuleset, AddsAnIp6TableWithTheSameIsolationForIpv6) {
    NatRules rules;
    rules.table = "berth_bt_1";
    rules.bridge = "bt-1";
    rules.subnet = *Ipv4Network::parse("10.9.0.0/24");
    rules.isolated_from = {"bt-*"};
    std::string v4_only = nat_ruleset(rules);
    EXPECT_EQ(v4_only.find("ip6"), std::string::npos);
    rules.subnet6 = net6("fd12::1/64");
    std::string script = nat_ruleset(rules);
    ASSERT_TRUE(script.starts_with(v4_only));
    std::string v6 = script.substr(v4_only.size());
    EXPECT_TRUE(v6.starts_with("table ip6 berth_bt_1\ndelete table ip6 berth_bt_1\ntable ip6 berth_bt_1 {\n")) << v6;
    EXPECT_NE(v6.find("\t\tip6 saddr fd12::/64 oifname != \"bt-1\" masquerade\n"), std::string::npos) << v6;
    EXPECT_NE(v6.find("\t\tiifname \"bt-1\" oifname != \"bt-1\" oifname \"bt-*\" drop\n"), std::string::npos) << v6;
    rules.internal = true;
    EXPECT_EQ(nat_ruleset(rules).find("masquerade"), std::string::npos);
}

TEST(NetworkAddresses, TakesAndGivesBackAnIpv6AddressBesideTheIpv4One) {
    berth::testing::TempDir dir;
    NetworkAddresses addresses(dir / "ipam.json", "bridge bt-test");
    ASSERT_TRUE(addresses.adopt(AddressPool(*Ipv4Network::parse("10.9.0.0/24")), std::nullopt, {}));
    Endpoint v4_only = endpoint("c0");
    auto refused = addresses.take(v4_only, std::nullopt, ip6("fd12::9"));
    ASSERT_FALSE(refused) << "--ip6 on a network without IPv6";
    EXPECT_FALSE(v4_only.ipv6);

    ASSERT_TRUE(addresses.adopt6(Ipv6AddressPool(net6("fd12::/64"))));
    EXPECT_EQ(addresses.gateway6(), ip6("fd12::1"));
    Endpoint first = endpoint("c1");
    ASSERT_TRUE(addresses.take(first, std::nullopt));
    ASSERT_TRUE(first.ipv6 && first.gateway6);
    EXPECT_EQ(first.ipv6->to_string(), "fd12::2/64");
    EXPECT_EQ(first.gateway6->to_string(), "fd12::1");
    Endpoint fixed = endpoint("c2");
    ASSERT_TRUE(addresses.take(fixed, std::nullopt, ip6("fd12::77")));
    EXPECT_EQ(fixed.ipv6->address, ip6("fd12::77"));

    // A taken --ip6 keeps nothing of the endpoint's IPv4 address either.
    Endpoint again = endpoint("c3");
    auto taken = addresses.take(again, std::nullopt, ip6("fd12::77"));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().message(), "Address already in use");
    auto saved4 = addresses.saved();
    ASSERT_TRUE(saved4 && *saved4);
    EXPECT_EQ((*saved4)->allocations().size(), 2u);

    ASSERT_TRUE(addresses.give_back(fixed));
    auto saved6 = addresses.saved6();
    ASSERT_TRUE(saved6 && *saved6);
    EXPECT_FALSE((*saved6)->owner(ip6("fd12::77")));
    EXPECT_EQ((*saved6)->owner(ip6("fd12::2")), "c1");
    ASSERT_TRUE(addresses.forget());
    EXPECT_FALSE(std::filesystem::exists(dir / "ipam6.json"));
}

TEST(Endpoint, KeepsItsIpv6AddressInJson) {
    Endpoint e;
    e.id = "c1";
    e.netns_path = "/run/netns/x";
    e.mac = "02:42:0a:00:00:02";
    e.host_veth = "veth1";
    e.ipv6 = net6("fd12::2/64");
    e.gateway6 = ip6("fd12::1");
    auto back = endpoint_from_json(endpoint_to_json(e));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(back->ipv6, e.ipv6);
    EXPECT_EQ(back->gateway6, e.gateway6);
    e.ipv6.reset();
    e.gateway6.reset();
    back = endpoint_from_json(endpoint_to_json(e));
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->ipv6);
}

TEST(DnsAnswer, CarriesOneAaaaRecordPerIpv6Address) {
    // "web" AAAA, id 0x4242, RD.
    std::vector<uint8_t> m = {0x42, 0x42, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'e', 'b', 0, 0, 28, 0, 1};
    auto q = parse_dns_query(m);
    ASSERT_TRUE(q);
    std::vector<Ipv6Address> addresses = {ip6("fd12::2"), ip6("fd12::3")};
    auto reply = dns_answer(m, *q, addresses);
    ASSERT_EQ(reply.size(), m.size() + 2 * (12 + 16));
    EXPECT_EQ(reply[7], 2); // ANCOUNT
    size_t first = m.size();
    EXPECT_EQ(reply[first + 3], kDnsTypeAAAA);
    EXPECT_EQ(reply[first + 11], 16); // RDLENGTH
    EXPECT_EQ(reply[first + 12], 0xfd);
    EXPECT_EQ(reply[first + 27], 2);
    EXPECT_EQ(reply.back(), 3);
}
