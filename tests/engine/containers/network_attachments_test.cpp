// A container's networks in its record (containers/network_attachments.h):
// the order networks are wanted in, interface names, the attachments list and
// its top-level copy of the first, and records from before several networks.
#include "containers/network_attachments.h"

#include <gtest/gtest.h>

namespace berth::containers {
namespace {

using nlohmann::json;

network::Attachment attachment(const std::string& network, const std::string& ip, const std::string& interface) {
    network::Attachment a;
    a.network_id = network + "-id";
    a.network_name = network;
    a.endpoint_id = network + "-endpoint";
    a.endpoint.id = "c1";
    a.endpoint.address = *network::Ipv4Address::parse(ip);
    a.endpoint.prefix_length = 24;
    a.endpoint.host_veth = "veth" + network;
    a.endpoint.container_interface = interface;
    return a;
}

TEST(NetworkAttachments, NetworkModeComesFirstThenTheOtherEndpointsByName) {
    Container c;
    c.host_config = {{"NetworkMode", "zeta"}};
    c.endpoints_config = {{"beta", json::object()}, {"zeta", json::object()}, {"alpha", json::object()}};
    EXPECT_EQ(wanted_networks(c), (std::vector<std::string>{"zeta", "alpha", "beta"}));
    c.host_config = {{"NetworkMode", "default"}};
    c.endpoints_config = json::object();
    EXPECT_EQ(wanted_networks(c), (std::vector<std::string>{"bridge"}));
    for (const char* mode : {"host", "none", "container:abc"}) {
        c.host_config = {{"NetworkMode", mode}};
        EXPECT_TRUE(wanted_networks(c).empty()) << mode;
    }
}

TEST(NetworkAttachments, ADetachedNetworkModeIsNotWantedAndTheFlagIsSaved) {
    Container c;
    c.host_config = {{"NetworkMode", "zeta"}};
    c.endpoints_config = {{"beta", json::object()}};
    c.network_mode_detached = true;
    EXPECT_EQ(wanted_networks(c), (std::vector<std::string>{"beta"}));
    c.endpoints_config = json::object();
    EXPECT_TRUE(wanted_networks(c).empty());
    EXPECT_TRUE(container_from_json(to_json(c)).network_mode_detached);
    c.network_mode_detached = false;
    EXPECT_FALSE(container_from_json(to_json(c)).network_mode_detached);
}

TEST(NetworkAttachments, InterfacesTakeTheFirstFreeEthNumber) {
    std::vector<network::Attachment> list;
    EXPECT_EQ(next_interface_name(list), "eth0");
    list.push_back(attachment("a", "10.1.0.2", "eth0"));
    list.push_back(attachment("c", "10.3.0.2", "eth2"));
    EXPECT_EQ(next_interface_name(list), "eth1");
}

TEST(NetworkAttachments, TheListRoundTripsAndTheFirstStaysAtTheTopLevel) {
    Container c;
    c.id = "c1";
    c.network = {{"netns", "/run/netns/c1"}, {"ports", json::array()}};
    set_attachments(c, {attachment("a", "10.1.0.2", "eth0"), attachment("b", "10.2.0.2", "eth1")});
    EXPECT_EQ(c.network["netns"], "/run/netns/c1");
    EXPECT_TRUE(c.network.contains("ports"));
    EXPECT_EQ(c.network["ip"], "10.1.0.2");
    EXPECT_EQ(c.network["network_name"], "a");
    auto back = attachments_of(c);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[1].network_name, "b");
    EXPECT_EQ(back[1].endpoint.container_interface, "eth1");
    EXPECT_EQ(back[1].endpoint.address.to_string(), "10.2.0.2");
    ASSERT_TRUE(attachment_on(back, "b-id", "").has_value());
    EXPECT_FALSE(attachment_on(back, "x-id", "x").has_value());

    set_attachments(c, {attachment("b", "10.2.0.2", "eth1")});
    EXPECT_EQ(c.network["network_name"], "b");
    set_attachments(c, {});
    EXPECT_FALSE(c.network.contains("host_veth"));
    EXPECT_TRUE(attachments_of(c).empty());
}

TEST(NetworkAttachments, ARecordWithOneTopLevelAttachmentIsReadAsOne) {
    Container c;
    c.id = "c1";
    c.network = {{"netns", "/n"}, {"ip", "172.17.0.2"}, {"prefix_length", 16}, {"host_veth", "veth1234567"},
                 {"network_name", "bridge"}};
    auto list = attachments_of(c);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].endpoint.id, "c1"); // the container owns the address
    EXPECT_EQ(list[0].endpoint.container_interface, "eth0");
}

TEST(NetworkAttachments, EndpointSettingsGiveAliasesAndTheAddress) {
    network::AttachRequest request;
    ASSERT_TRUE(apply_endpoint_settings({{"Aliases", {"db", "db"}}, {"IPAMConfig", {{"IPv4Address", "10.9.0.7"}}}},
                                        request));
    EXPECT_EQ(request.aliases, (std::vector<std::string>{"db"}));
    ASSERT_TRUE(request.address.has_value());
    EXPECT_EQ(request.address->to_string(), "10.9.0.7");
    auto bad = apply_endpoint_settings({{"IPAMConfig", {{"IPv4Address", "10.9.0"}}}}, request);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message(), "invalid IPv4 address 10.9.0");
}

} // namespace
} // namespace berth::containers
