#include "network/port_mapping.h"

#include <gtest/gtest.h>

using namespace berth::network;
using nlohmann::json;
using berth::ErrorCategory;

TEST(ContainerPort, DefaultsToTcpAndRefusesOtherProtocolsAndBadNumbers) {
    EXPECT_EQ(*parse_container_port("80"), (ContainerPort{80, "tcp"}));
    EXPECT_EQ(*parse_container_port("53/udp"), (ContainerPort{53, "udp"}));
    EXPECT_EQ(*parse_container_port("9/sctp"), (ContainerPort{9, "sctp"}));
    for (const char* bad : {"", "0/tcp", "65536/tcp", "80/icmp", "x/tcp", "80x"}) {
        auto parsed = parse_container_port(bad);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().category(), ErrorCategory::Invalid);
        EXPECT_EQ(parsed.error().message(), std::format("invalid port specification: \"{}\"", bad));
    }
}

TEST(PortRequests, TakesBindingsWithIpsRangesAndRandomPortsInPortOrder) {
    json bindings = json::parse(R"({
        "80/tcp": [{"HostIp": "", "HostPort": "8080"}, {"HostIp": "127.0.0.1", "HostPort": "8081"}],
        "53/udp": [{"HostIp": "0.0.0.0", "HostPort": "5300-5310"}],
        "443/tcp": [{"HostIp": "", "HostPort": ""}],
        "22/tcp": []
    })");
    auto requests = port_requests(bindings, {}, false);
    ASSERT_TRUE(requests) << requests.error().message();
    std::vector<PortRequest> expected = {
        {"udp", 53, "0.0.0.0", 5300, 5310}, // IPv4 only, unlike none (Docker 27+)
        {"tcp", 80, "", 8080, 8080},
        {"tcp", 80, "127.0.0.1", 8081, 8081},
        {"tcp", 443, "", 0, 0},
    };
    EXPECT_EQ(*requests, expected);
}

TEST(PortRequests, PublishAllAddsEveryExposedPortWithoutABindingOnARandomPort) {
    json bindings = json::parse(R"({"80/tcp": [{"HostIp": "", "HostPort": "8080"}]})");
    auto requests = port_requests(bindings, {"80/tcp", "443/tcp", "53/udp"}, true);
    ASSERT_TRUE(requests);
    std::vector<PortRequest> expected = {{"udp", 53, "", 0, 0}, {"tcp", 80, "", 8080, 8080}, {"tcp", 443, "", 0, 0}};
    EXPECT_EQ(*requests, expected);
    // Without -P the exposed ports stay unpublished.
    EXPECT_EQ(port_requests(bindings, {"443/tcp"}, false)->size(), 1u);
    EXPECT_TRUE(port_requests(nullptr, {}, false)->empty());
}

TEST(PortRequests, RefusesMalformedBindings) {
    auto check = [](const char* text, const std::string& message) {
        auto requests = port_requests(json::parse(text), {}, false);
        ASSERT_FALSE(requests) << text;
        EXPECT_EQ(requests.error().category(), ErrorCategory::Invalid);
        EXPECT_EQ(requests.error().message(), message) << text;
    };
    check(R"({"80/tcp": [{"HostPort": "99999"}]})", "invalid port specification: \"99999\"");
    check(R"({"80/tcp": [{"HostPort": "90-80"}]})", "invalid port specification: \"90-80\"");
    check(R"({"http": [{"HostPort": "80"}]})", "invalid port specification: \"http\"");
    check(R"({"80/tcp": [{"HostIp": "localhost", "HostPort": "80"}]})",
          "invalid host IP address \"localhost\" for port 80/tcp");
    check(R"([])", "PortBindings: not an object");
    check(R"({"80/tcp": [{"HostIp": "[::1]", "HostPort": "80"}]})", "invalid host IP address \"[::1]\" for port 80/tcp");
}

TEST(PortRequests, TakesIpv6HostAddressesInTheirShortForm) {
    json bindings = json::parse(R"({"80/tcp": [{"HostIp": "::1", "HostPort": "8080"},
                                               {"HostIp": "0:0::0", "HostPort": "8081"},
                                               {"HostIp": "FD00:0::5", "HostPort": "8082"}]})");
    auto requests = port_requests(bindings, {}, false);
    ASSERT_TRUE(requests) << requests.error().message();
    std::vector<PortRequest> expected = {
        {"tcp", 80, "::1", 8080, 8080}, {"tcp", 80, "::", 8081, 8081}, {"tcp", 80, "fd00::5", 8082, 8082}};
    EXPECT_EQ(*requests, expected);
}

TEST(PortRangeFile, ReadsTheKernelsTabSeparatedPair) {
    EXPECT_EQ(*parse_port_range_file("32768\t60999\n"), (PortRange{32768, 60999}));
    EXPECT_EQ(*parse_port_range_file("1024 1024"), (PortRange{1024, 1024}));
    EXPECT_FALSE(parse_port_range_file("32768\n"));
    EXPECT_FALSE(parse_port_range_file("60999\t32768\n"));
}

namespace {

DnatRules rules_for(std::string bridge, const char* container, const char* subnet) {
    return DnatRules{.table = "berth_p_0123456789ab",
                     .bridge = std::move(bridge),
                     .container = *Ipv4Address::parse(container),
                     .subnet = *Ipv4Network::parse(subnet),
                     .ports = {}};
}

} // namespace

TEST(DnatRuleset, RedirectsLocalAddressesToTheContainerAndMasqueradesLoopbackAndHairpin) {
    DnatRules rules = rules_for("berth0", "172.18.0.2", "172.18.0.1/16");
    rules.ports = {{"tcp", 80, "", 8080}, {"udp", 53, "127.0.0.1", 5353}};
    EXPECT_EQ(dnat_ruleset(rules),
              "table ip berth_p_0123456789ab\n"
              "delete table ip berth_p_0123456789ab\n"
              "table ip berth_p_0123456789ab {\n"
              "\tchain prerouting {\n"
              "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
              "\t\tfib daddr type local tcp dport 8080 dnat to 172.18.0.2:80\n"
              "\t\tip daddr 127.0.0.1 udp dport 5353 dnat to 172.18.0.2:53\n"
              "\t}\n"
              "\tchain output {\n"
              "\t\ttype nat hook output priority dstnat; policy accept;\n"
              "\t\tfib daddr type local tcp dport 8080 dnat to 172.18.0.2:80\n"
              "\t\tip daddr 127.0.0.1 udp dport 5353 dnat to 172.18.0.2:53\n"
              "\t}\n"
              "\tchain postrouting {\n"
              "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
              "\t\tip saddr 127.0.0.0/8 oifname \"berth0\" masquerade\n"
              "\t\tip saddr 172.18.0.0/16 ip daddr 172.18.0.2 tcp dport 80 ct status dnat masquerade\n"
              "\t\tip saddr 172.18.0.0/16 ip daddr 172.18.0.2 udp dport 53 ct status dnat masquerade\n"
              "\t}\n"
              "}\n");
}

TEST(DnatRuleset, Ipv6PortsGetTheIp6TwinExceptLoopbackWhichIsTheProxys) {
    DnatRules rules = rules_for("bt-0123456789ab", "10.1.0.2", "10.1.0.0/24");
    rules.ports = {{"tcp", 80, "", 8080}, {"tcp", 80, "::", 8080}, {"tcp", 81, "::1", 8081}, {"udp", 53, "fd00::9", 53}};
    std::string without_ipv6 = dnat_ruleset(rules);
    EXPECT_EQ(without_ipv6.find("ip6"), std::string::npos) << without_ipv6;
    EXPECT_EQ(without_ipv6.find("::"), std::string::npos) << "IPv6 ports in the ip table: " << without_ipv6;

    rules.container6 = *Ipv6Address::parse("fd12:3::2");
    rules.subnet6 = *Ipv6Network::parse("fd12:3::/64");
    std::string script = dnat_ruleset(rules);
    ASSERT_TRUE(script.starts_with(without_ipv6)) << script;
    EXPECT_EQ(script.substr(without_ipv6.size()),
              "table ip6 berth_p_0123456789ab\n"
              "delete table ip6 berth_p_0123456789ab\n"
              "table ip6 berth_p_0123456789ab {\n"
              "\tchain prerouting {\n"
              "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
              "\t\tfib daddr type local ip6 daddr != ::1 tcp dport 8080 dnat to [fd12:3::2]:80\n"
              "\t\tip6 daddr fd00::9 udp dport 53 dnat to [fd12:3::2]:53\n"
              "\t}\n"
              "\tchain output {\n"
              "\t\ttype nat hook output priority dstnat; policy accept;\n"
              "\t\tfib daddr type local ip6 daddr != ::1 tcp dport 8080 dnat to [fd12:3::2]:80\n"
              "\t\tip6 daddr fd00::9 udp dport 53 dnat to [fd12:3::2]:53\n"
              "\t}\n"
              "\tchain postrouting {\n"
              "\t\ttype nat hook postrouting priority srcnat; policy accept;\n"
              "\t\tip6 saddr fd12:3::/64 ip6 daddr fd12:3::2 tcp dport 80 ct status dnat masquerade\n"
              "\t\tip6 saddr fd12:3::/64 ip6 daddr fd12:3::2 udp dport 53 ct status dnat masquerade\n"
              "\t}\n"
              "}\n");
}

TEST(PortViews, InspectShowsExposedAsNullAndPublishedWithTheirBindings) {
    std::vector<PublishedPort> published = {
        {"tcp", 80, "", 8080}, {"tcp", 80, "::", 8080}, {"tcp", 80, "127.0.0.1", 8081}};
    EXPECT_EQ(network_settings_ports({"80/tcp", "443"}, published), json::parse(R"({
        "443/tcp": null,
        "80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}, {"HostIp": "::", "HostPort": "8080"},
                   {"HostIp": "127.0.0.1", "HostPort": "8081"}]
    })"));
    EXPECT_EQ(network_settings_ports({}, {}), json::object());
}

TEST(PortViews, TheListShowsPublicPortsOnlyForPublishedOnes) {
    std::vector<PublishedPort> published = {{"tcp", 80, "", 8080}, {"tcp", 80, "::", 8080}};
    EXPECT_EQ(list_ports({"443/tcp", "80/tcp"}, published), json::parse(R"([
        {"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
        {"IP": "::", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
        {"PrivatePort": 443, "Type": "tcp"}
    ])"));
}

TEST(PublishedPorts, RoundTripThroughTheirSavedForm) {
    std::vector<PublishedPort> ports = {{"udp", 53, "127.0.0.1", 5353}, {"tcp", 80, "", 32768}, {"tcp", 80, "::", 32768}};
    auto back = published_ports_from_json(json::parse(published_ports_to_json(ports).dump()));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, ports);
    EXPECT_TRUE(published_ports_from_json(nullptr)->empty());
    EXPECT_FALSE(published_ports_from_json(json::parse(R"([{"protocol": "tcp"}])")));
}
