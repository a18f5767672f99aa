// berthd's accepts in dockerd's DOCKER-USER chain, against a fake firewall
// holding a listing as `nft -a list chain ip filter DOCKER-USER` prints it.
#include "network/docker_user.h"

#include <gtest/gtest.h>

using namespace berth::network;

namespace {

const std::string listing = "table ip filter {\n"
                            "\tchain DOCKER-USER { # handle 5\n"
                            "\t\tiifname \"bt-aaa\" counter packets 1 bytes 84 accept comment \"berth:bt-aaa\" # handle 40\n"
                            "\t\toifname \"bt-aaa\" counter packets 0 bytes 0 accept comment \"berth:bt-aaa\" # handle 41\n"
                            "\t\tiifname \"bt-bbb\" accept comment \"berth:bt-bbb\" # handle 42\n"
                            "\t\tiifname \"eth9\" accept comment \"someone else's\" # handle 43\n"
                            "\t\tcounter packets 9 bytes 900 return # handle 6\n"
                            "\t}\n"
                            "}\n";

class FakeFirewall final : public Firewall {
public:
    std::optional<std::string> chain;  // ip filter DOCKER-USER; nullopt: none
    std::optional<std::string> chain6; // ip6 filter DOCKER-USER; nullopt: none
    std::vector<std::string> applied;
    std::vector<std::string> listed_chains;

    berth::Result<> apply(const std::string& script) override {
        applied.push_back(script);
        return {};
    }
    berth::Result<> remove_table(const std::string&) override { return {}; }
    berth::Result<std::string> list_table(const std::string&) override { return ""; }
    berth::Result<std::vector<std::string>> list_tables() override { return std::vector<std::string>{}; }
    berth::Result<std::string> list_chain_with_handles(const std::string& name) override {
        listed_chains.push_back(name);
        const std::optional<std::string>& found = name.starts_with("ip6 ") ? chain6 : chain;
        if (!found) return Firewall::list_chain_with_handles(name);
        return *found;
    }
};

} // namespace

TEST(DockerUser, AcceptsBothDirectionsOfABridgeTaggedWithItsName) {
    EXPECT_EQ(docker_user_accepts("bt-123"),
              "insert rule ip filter DOCKER-USER oifname \"bt-123\" counter accept comment \"berth:bt-123\"\n"
              "insert rule ip filter DOCKER-USER iifname \"bt-123\" counter accept comment \"berth:bt-123\"\n");
}

TEST(DockerUser, FindsOnlyTheNamedBridgesRulesByHandle) {
    EXPECT_EQ(docker_user_handles(listing, "bt-aaa"), (std::vector<uint64_t>{40, 41}));
    EXPECT_EQ(docker_user_handles(listing, "bt-bbb"), (std::vector<uint64_t>{42}));
    EXPECT_TRUE(docker_user_handles(listing, "bt-aa").empty());
    EXPECT_EQ(docker_user_bridges(listing), (std::vector<std::string>{"bt-aaa", "bt-bbb"}));
}

TEST(DockerUser, DoesNothingWithoutTheChain) {
    FakeFirewall firewall;
    auto opened = open_docker_user(firewall, "bt-aaa");
    ASSERT_TRUE(opened);
    EXPECT_FALSE(*opened);
    EXPECT_EQ(firewall.listed_chains, (std::vector<std::string>{"ip filter DOCKER-USER", "ip6 filter DOCKER-USER"}));
    EXPECT_TRUE(close_docker_user(firewall, "bt-aaa"));
    EXPECT_TRUE(firewall.applied.empty());
}

TEST(DockerUser, LeavesCompleteRulesAloneAndReplacesAPartialSet) {
    FakeFirewall firewall;
    firewall.chain = listing;
    ASSERT_TRUE(open_docker_user(firewall, "bt-aaa"));
    EXPECT_TRUE(firewall.applied.empty());
    ASSERT_TRUE(open_docker_user(firewall, "bt-bbb"));
    ASSERT_EQ(firewall.applied.size(), 1u);
    EXPECT_EQ(firewall.applied[0], "delete rule ip filter DOCKER-USER handle 42\n" + docker_user_accepts("bt-bbb"));
    firewall.applied.clear();
    ASSERT_TRUE(open_docker_user(firewall, "bt-new"));
    ASSERT_EQ(firewall.applied.size(), 1u);
    EXPECT_EQ(firewall.applied[0], docker_user_accepts("bt-new"));
}

TEST(DockerUser, CloseAndPruneDeleteOnlyBerthdsRulesOfTheBridgesConcerned) {
    FakeFirewall firewall;
    firewall.chain = listing;
    ASSERT_TRUE(close_docker_user(firewall, "bt-aaa"));
    ASSERT_EQ(firewall.applied.size(), 1u);
    EXPECT_EQ(firewall.applied[0], "delete rule ip filter DOCKER-USER handle 40\n"
                                   "delete rule ip filter DOCKER-USER handle 41\n");
    firewall.applied.clear();
    ASSERT_TRUE(prune_docker_user(firewall, [](const std::string& bridge) { return bridge == "bt-aaa"; }));
    ASSERT_EQ(firewall.applied.size(), 1u);
    EXPECT_EQ(firewall.applied[0], "delete rule ip filter DOCKER-USER handle 42\n");
    firewall.applied.clear();
    ASSERT_TRUE(prune_docker_user(firewall, [](const std::string&) { return true; }));
    EXPECT_TRUE(firewall.applied.empty());
}

TEST(DockerUser, TheIp6ChainGetsTheSameAcceptsWhenIp6tablesHasOne) {
    FakeFirewall firewall;
    firewall.chain6 = "table ip6 filter {\n\tchain DOCKER-USER { # handle 3\n\t\treturn # handle 4\n\t}\n}\n";
    auto opened = open_docker_user(firewall, "bt-ccc");
    ASSERT_TRUE(opened);
    EXPECT_TRUE(*opened) << "an ip6 chain alone is a DOCKER-USER too";
    ASSERT_EQ(firewall.applied.size(), 1u);
    EXPECT_EQ(firewall.applied[0],
              "insert rule ip6 filter DOCKER-USER oifname \"bt-ccc\" counter accept comment \"berth:bt-ccc\"\n"
              "insert rule ip6 filter DOCKER-USER iifname \"bt-ccc\" counter accept comment \"berth:bt-ccc\"\n");

    // Both families: each chain is opened, closed and pruned on its own.
    firewall.applied.clear();
    firewall.chain = listing;
    firewall.chain6 = listing;
    ASSERT_TRUE(close_docker_user(firewall, "bt-bbb"));
    EXPECT_EQ(firewall.applied, (std::vector<std::string>{"delete rule ip filter DOCKER-USER handle 42\n",
                                                          "delete rule ip6 filter DOCKER-USER handle 42\n"}));
    firewall.applied.clear();
    ASSERT_TRUE(prune_docker_user(firewall, [](const std::string& bridge) { return bridge == "bt-bbb"; }));
    EXPECT_EQ(firewall.applied,
              (std::vector<std::string>{
                  "delete rule ip filter DOCKER-USER handle 40\ndelete rule ip filter DOCKER-USER handle 41\n",
                  "delete rule ip6 filter DOCKER-USER handle 40\ndelete rule ip6 filter DOCKER-USER handle 41\n"}));
}
