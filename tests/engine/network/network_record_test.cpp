#include "network/network_record.h"
#include "network/network_store.h"

#include "support/temp_dir.h"

#include <gtest/gtest.h>

using namespace berth::network;
using nlohmann::json;
using berth::ErrorCategory;

namespace {

json create_body(json ipam_config = nullptr) {
    json body{{"Name", "web"}, {"Driver", "bridge"}, {"Labels", {{"team", "a"}}}, {"Internal", true}};
    if (!ipam_config.is_null()) body["IPAM"] = {{"Driver", "default"}, {"Config", json::array({ipam_config})}};
    return body;
}

} // namespace

TEST(NetworkCreate, TakesNameDriverLabelsAndIpam) {
    auto n = parse_network_create(create_body({{"Subnet", "10.77.0.0/24"},
                                               {"Gateway", "10.77.0.254"},
                                               {"IPRange", "10.77.0.128/25"},
                                               {"AuxiliaryAddresses", {{"router", "10.77.0.2"}}}}));
    ASSERT_TRUE(n) << n.error().message();
    EXPECT_EQ(n->name, "web");
    EXPECT_EQ(n->driver, "bridge");
    EXPECT_TRUE(n->internal);
    EXPECT_EQ(n->labels.at("team"), "a");
    ASSERT_TRUE(n->ipam && n->ipam->subnet && n->ipam->gateway && n->ipam->ip_range);
    EXPECT_EQ(n->ipam->subnet->to_string(), "10.77.0.0/24");
    EXPECT_EQ(n->ipam->gateway->to_string(), "10.77.0.254");
    EXPECT_EQ(n->ipam->ip_range->to_string(), "10.77.0.128/25");
    EXPECT_EQ(n->ipam->aux_addresses.at("router").to_string(), "10.77.0.2");
}

TEST(NetworkCreate, DefaultsToTheBridgeDriver) {
    auto n = parse_network_create(json{{"Name", "x"}});
    ASSERT_TRUE(n);
    EXPECT_EQ(n->driver, "bridge");
    EXPECT_FALSE(n->ipam);
}

TEST(NetworkCreate, RefusesWhatDockerRefuses) {
    struct Case {
        json body;
        ErrorCategory category;
        std::string message;
    };
    std::vector<Case> cases = {
        {json{{"Name", "x"}, {"Driver", "foo"}}, ErrorCategory::NotFound, "plugin \"foo\" not found"},
        {json{{"Name", "x"}, {"Driver", "host"}}, ErrorCategory::Forbidden,
         "only one instance of \"host\" network is allowed"},
        {create_body({{"Subnet", "10.77.0.0/24"}, {"Gateway", "10.78.0.1"}}), ErrorCategory::Invalid,
         "invalid network config:\ninvalid gateway 10.78.0.1: IP 10.78.0.1 does not belong to subnet 10.77.0.0/24"},
        {create_body({{"Subnet", "10.77.0.1/24"}}), ErrorCategory::Invalid,
         "invalid network config:\ninvalid subnet 10.77.0.1/24: it should be 10.77.0.0/24"},
        {create_body({{"Subnet", "10.77.0.0/24"}, {"IPRange", "10.78.0.0/25"}}), ErrorCategory::Invalid,
         "invalid network config:\ninvalid ip-range 10.78.0.0/25: it should be a subset of subnet 10.77.0.0/24"},
        {create_body({{"Subnet", "10.77.0.0/24"}, {"AuxiliaryAddresses", {{"a", "10.1.1.1"}}}}), ErrorCategory::Invalid,
         "invalid network config:\ninvalid auxiliary address a 10.1.1.1: IP 10.1.1.1 does not belong to subnet "
         "10.77.0.0/24"},
        {json{{"Driver", "bridge"}}, ErrorCategory::Invalid, "network name must not be empty"},
        {json{{"Name", "x"}, {"Driver", "macvlan"}, {"Options", {{"macvlan_mode", "fast"}}}}, ErrorCategory::Invalid,
         "requested macvlan mode 'fast' is not valid, 'bridge' mode is the macvlan driver default"},
        {json{{"Name", "x"}, {"Driver", "ipvlan"}, {"Options", {{"ipvlan_mode", "bridge"}}}}, ErrorCategory::Invalid,
         "requested ipvlan mode 'bridge' is not valid, 'l2' mode is the ipvlan driver default"},
    };
    for (const auto& c : cases) {
        auto n = parse_network_create(c.body);
        ASSERT_FALSE(n) << c.body.dump();
        EXPECT_EQ(n.error().category(), c.category) << c.body.dump();
        EXPECT_EQ(n.error().message(), c.message);
    }
}

// macvlan and ipvlan: each of moby's modes, the parent from -o parent= or
// berthd's dummy "dm-<12 hex of the id>".
TEST(NetworkCreate, TakesMacvlanAndIpvlan) {
    for (const char* mode : {"bridge", "private", "vepa", "passthru"}) {
        auto n = parse_network_create(json{{"Name", "m"}, {"Driver", "macvlan"},
                                           {"Options", {{"parent", "eth0.10"}, {"macvlan_mode", mode}}}});
        ASSERT_TRUE(n) << mode << ": " << n.error().message();
        EXPECT_EQ(n->driver, "macvlan");
        EXPECT_EQ(n->sublink_parent(), "eth0.10");
    }
    for (const char* mode : {"l2", "l3", "l3s"})
        EXPECT_TRUE(parse_network_create(
            json{{"Name", "i"}, {"Driver", "ipvlan"}, {"Options", {{"ipvlan_mode", mode}}}}))
            << mode;
    auto dummy = parse_network_create(json{{"Name", "d"}, {"Driver", "macvlan"}});
    ASSERT_TRUE(dummy);
    dummy->id = std::string(64, 'a');
    EXPECT_EQ(dummy->sublink_parent(), "dm-aaaaaaaaaaaa");
}

TEST(NetworkRecord, RoundTripsThroughItsStoredForm) {
    auto n = parse_network_create(create_body({{"Subnet", "10.77.0.0/24"}}));
    ASSERT_TRUE(n);
    n->id = std::string(64, 'a');
    n->created = "2026-12-06T04:00:00.000000001Z";
    n->bridge = "bt-aaaaaaaaaaaa";
    n->containers["c1"] = NetworkAttachment{.container_name = "one",
                                            .endpoint_id = "e1",
                                            .mac = "02:42:0a:4d:00:02",
                                            .ipv4 = "10.77.0.2/24",
                                            .ipv6 = "",
                                            .aliases = {"db", "cache"},
                                            .netns_path = "/run/berth/netns/c1"};
    auto back = network_from_json(network_to_json(*n));
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(network_to_json(*back), network_to_json(*n));
    EXPECT_EQ(back->containers.at("c1").aliases, (std::vector<std::string>{"db", "cache"}));
    EXPECT_EQ(back->containers.at("c1").netns_path, "/run/berth/netns/c1");

    json docker = network_to_docker_json(*back, true);
    EXPECT_EQ(docker["IPAM"]["Config"][0]["Subnet"], "10.77.0.0/24");
    EXPECT_EQ(docker["Containers"]["c1"]["IPv4Address"], "10.77.0.2/24");
    EXPECT_EQ(docker["Scope"], "local");
    EXPECT_FALSE(docker.contains("Bridge")); // berthd's own field stays out of the API
    EXPECT_TRUE(network_to_docker_json(*back, false)["Containers"].empty());
}

TEST(NetworkStore, FindsByIdNameAndPrefixAndSurvivesReopening) {
    berth::testing::TempDir dir;
    {
        auto store = NetworkStore::open(dir / "networks");
        ASSERT_TRUE(store);
        NetworkRecord a;
        a.id = "abc123" + std::string(58, '0');
        a.name = "front";
        NetworkRecord b;
        b.id = "abd456" + std::string(58, '0');
        b.name = "back";
        ASSERT_TRUE(store->save(a));
        ASSERT_TRUE(store->save(b));
    }
    auto store = NetworkStore::open(dir / "networks");
    ASSERT_TRUE(store);
    EXPECT_EQ(store->all().size(), 2u);
    EXPECT_EQ(store->find("front")->name, "front");
    EXPECT_EQ(store->find("abc1")->name, "front");
    EXPECT_EQ(store->find("abd456" + std::string(58, '0'))->name, "back");
    auto ambiguous = store->find("ab");
    ASSERT_FALSE(ambiguous);
    auto missing = store->find("nope");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().category(), ErrorCategory::NotFound);
    EXPECT_EQ(missing.error().message(), "network nope not found");
    ASSERT_TRUE(store->remove(store->find("back")->id));
    EXPECT_EQ(NetworkStore::open(dir / "networks")->all().size(), 1u);
}
