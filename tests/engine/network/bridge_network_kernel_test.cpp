// The bridge network on the real kernel. Each test has its own bridge ("bt" + hex),
// nftables table, state directory and namespace files, all removed at the end
// even when an assertion fails; traffic only flows between namespaces made here.
#include "network/bridge_network.h"
#include "network/netlink.h"
#include "network/netns.h"

#include "base/files.h"
#include "base/ids.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <format>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

using namespace berth::network;

namespace {

std::vector<Ipv4Network> host_networks(int except_link = 0) {
    auto netlink = Netlink::open();
    if (!netlink) return {};
    auto routes = netlink->routes();
    auto addresses = netlink->addresses();
    if (!routes || !addresses) return {};
    return networks_in_use(*routes, *addresses, except_link);
}

// A /24 in 10.200.0.0-10.249.255.0 that the host does not use, so tests running
// side by side rarely meet (and never meet the default pools).
Ipv4Network free_test_subnet() {
    auto in_use = host_networks();
    for (;;) {
        auto bytes = berth::random_hex(2);
        uint32_t second = 200 + static_cast<uint32_t>(std::stoul(bytes.substr(0, 2), nullptr, 16)) % 50;
        uint32_t third = static_cast<uint32_t>(std::stoul(bytes.substr(2, 2), nullptr, 16));
        Ipv4Network candidate;
        candidate.address = Ipv4Address{(10u << 24) | (second << 16) | (third << 8)};
        candidate.prefix_length = 24;
        if (std::ranges::none_of(in_use, [&](const Ipv4Network& n) { return n.overlaps(candidate); }))
            return candidate;
    }
}

std::string run_output(const std::string& command) {
    std::string output;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
        ::pclose(pipe);
    }
    return output;
}

bool ping(const std::string& from_netns, Ipv4Address to, int attempts = 3) {
    std::string command =
        std::format("nsenter --net={} /bin/busybox ping -c1 -W2 {} >/dev/null 2>&1", from_netns, to.to_string());
    for (int attempt = 0; attempt < attempts; ++attempt)
        if (std::system(command.c_str()) == 0) return true;
    return false;
}

size_t count(const std::string& text, const std::string& word) {
    size_t n = 0;
    for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + word.size())) ++n;
    return n;
}

// Records what it is asked to do; fails apply() when told to.
class FakeFirewall final : public Firewall {
public:
    std::vector<std::string>* scripts;
    bool refuse = false;
    explicit FakeFirewall(std::vector<std::string>* record) : scripts(record) {}
    berth::Result<> apply(const std::string& script) override {
        scripts->push_back(script);
        if (refuse) return berth::fail(berth::ErrorCategory::System, "nftables: Could not process rule");
        return {};
    }
    berth::Result<> remove_table(const std::string&) override { return {}; }
    berth::Result<std::string> list_table(const std::string&) override { return std::string(); }
    berth::Result<std::vector<std::string>> list_tables() override { return std::vector<std::string>{}; }
};

// Removes the test's bridge and table whatever happened.
struct NetworkCleanup {
    BridgeNetworkOptions options;
    ~NetworkCleanup() {
        if (options.bridge.empty()) return;
        BridgeNetwork network(options);
        (void)network.teardown();
    }
};

class BridgeNetworkTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "needs root";
        std::string suffix = berth::random_hex(3);
        options.bridge = "bt" + suffix;
        options.nft_table = "berth_test_" + suffix;
        options.state_dir = state.path();
        options.enable_ip_forward = false; // a host-wide sysctl: not for tests to flip
        options.subnet = free_test_subnet();
        cleanup.options = options;
    }

    NetworkNamespace make_netns(const std::string& name) {
        auto netns = NetworkNamespace::create(namespaces.path(), name);
        if (!netns) ADD_FAILURE() << netns.error().message();
        return netns ? std::move(*netns) : NetworkNamespace();
    }

    std::vector<Link> bridge_ports() {
        auto netlink = Netlink::open();
        auto bridge = netlink->link_index(options.bridge);
        std::vector<Link> ports;
        if (!bridge) return ports;
        auto links = netlink->links();
        if (!links) return ports;
        for (const Link& link : *links)
            if (link.master == *bridge) ports.push_back(link);
        return ports;
    }

    berth::testing::TempDir state{"berth-net-state"};
    berth::testing::TempDir namespaces{"berth-netns"};
    BridgeNetworkOptions options;
    NetworkCleanup cleanup;
};

} // namespace

TEST_F(BridgeNetworkTest, ConnectsTwoNamespacesThatReachEachOther) {
    BridgeNetwork network(options);
    auto ready = network.ensure();
    ASSERT_TRUE(ready) << ready.error().message();
    EXPECT_EQ(network.subnet(), options.subnet->network());
    EXPECT_EQ(network.gateway().value, options.subnet->address.value + 1);

    NetworkNamespace first = make_netns("first");
    NetworkNamespace second = make_netns("second");
    ASSERT_FALSE(first.path().empty() || second.path().empty());
    auto a = network.connect(first.path(), "endpoint-a");
    ASSERT_TRUE(a) << a.error().message();
    auto b = network.connect(second.path(), "endpoint-b");
    ASSERT_TRUE(b) << b.error().message();

    EXPECT_EQ(a->address.value, options.subnet->address.value + 2);
    EXPECT_EQ(b->address.value, options.subnet->address.value + 3);
    EXPECT_EQ(a->prefix_length, 24);
    EXPECT_EQ(a->gateway, network.gateway());
    EXPECT_EQ(a->mac, format_mac(mac_for_address(a->address)));
    EXPECT_EQ(a->container_interface, "eth0");
    EXPECT_EQ(a->host_veth.size(), 11u);
    EXPECT_TRUE(a->host_veth.starts_with("veth"));

    // Inside: eth0 up with the MAC, MTU, address and a default route via the gateway.
    for (const Endpoint* endpoint : {&*a, &*b}) {
        auto inside = Netlink::open_in(endpoint->netns_path);
        ASSERT_TRUE(inside);
        auto eth0 = inside->link("eth0");
        ASSERT_TRUE(eth0) << eth0.error().message();
        EXPECT_TRUE(eth0->up);
        EXPECT_EQ(eth0->mtu, 1500u);
        EXPECT_EQ(format_mac(eth0->mac), endpoint->mac);
        auto addresses = inside->addresses();
        ASSERT_TRUE(addresses);
        EXPECT_TRUE(std::ranges::any_of(*addresses, [&](const InterfaceAddress& x) {
            return x.link_index == eth0->index && x.address.address == endpoint->address && x.address.prefix_length == 24;
        }));
        auto routes = inside->routes();
        ASSERT_TRUE(routes);
        EXPECT_TRUE(std::ranges::any_of(*routes, [&](const Route& r) {
            return r.table == 254 && r.destination.prefix_length == 0 && r.gateway == endpoint->gateway &&
                   r.link_index == eth0->index;
        }));
    }

    // Host side: both veths on the bridge, up.
    auto ports = bridge_ports();
    ASSERT_EQ(ports.size(), 2u);
    for (const Link& port : ports) {
        EXPECT_TRUE(port.name == a->host_veth || port.name == b->host_veth) << port.name;
        EXPECT_TRUE(port.up);
        EXPECT_EQ(port.kind, "veth");
    }

    EXPECT_TRUE(ping(first.path(), b->address));
    EXPECT_TRUE(ping(second.path(), a->address));

    std::string table = run_output("nft list table ip " + options.nft_table + " 2>&1");
    EXPECT_NE(table.find(std::format("ip saddr {} oifname != \"{}\" masquerade", options.subnet->network().to_string(),
                                     options.bridge)),
              std::string::npos)
        << table;
    EXPECT_NE(table.find(std::format("iifname \"{}\" accept", options.bridge)), std::string::npos) << table;

    // The allocations are on disk.
    auto saved = load_address_pool(state / "ipam.json");
    ASSERT_TRUE(saved && saved->has_value());
    EXPECT_EQ((*saved)->owner(a->address), "endpoint-a");
    EXPECT_EQ((*saved)->owner(b->address), "endpoint-b");

    ASSERT_TRUE(network.disconnect(*a));
    EXPECT_EQ(Netlink::open()->link(a->host_veth).error().category(), berth::ErrorCategory::NotFound);
    EXPECT_EQ(Netlink::open_in(first.path())->link("eth0").error().category(), berth::ErrorCategory::NotFound);
    EXPECT_EQ((*load_address_pool(state / "ipam.json"))->owner(a->address), std::nullopt);
    EXPECT_FALSE(ping(second.path(), a->address, 1));
    ASSERT_TRUE(network.disconnect(*b));
    EXPECT_TRUE(bridge_ports().empty());

    auto torn = network.teardown();
    ASSERT_TRUE(torn) << torn.error().message();
    EXPECT_EQ(Netlink::open()->link(options.bridge).error().category(), berth::ErrorCategory::NotFound);
    EXPECT_EQ(network.options().nft_table, options.nft_table);
    auto firewall = make_nftables_firewall();
    EXPECT_EQ(firewall->list_table(options.nft_table).error().category(), berth::ErrorCategory::NotFound);
}

// disconnect_soon: the address is free when it returns; the veth is deleted by
// the worker even while its namespace lives on (a container joined it), and
// the network's end waits for deletions still queued.
TEST_F(BridgeNetworkTest, DisconnectSoonFreesTheAddressAtOnceAndTheVethOnItsWorker) {
    NetworkNamespace kept = make_netns("kept");
    ASSERT_FALSE(kept.path().empty());
    std::string last_veth;
    {
        BridgeNetwork network(options);
        ASSERT_TRUE(network.ensure());
        auto first = network.connect(kept.path(), "endpoint-soon");
        ASSERT_TRUE(first) << first.error().message();
        ASSERT_TRUE(network.disconnect_soon(*first));
        EXPECT_EQ((*load_address_pool(state / "ipam.json"))->owner(first->address), std::nullopt);
        bool gone = false;
        for (int i = 0; i < 200 && !gone; ++i) {
            gone = Netlink::open()->link(first->host_veth).error().category() == berth::ErrorCategory::NotFound;
            if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        EXPECT_TRUE(gone) << "the worker deletes the veth of a namespace still alive";
        EXPECT_EQ(Netlink::open_in(kept.path())->link("eth0").error().category(), berth::ErrorCategory::NotFound);

        auto second = network.connect(kept.path(), "endpoint-last");
        ASSERT_TRUE(second) << second.error().message();
        EXPECT_NE(second->address, first->address) << "addresses are handed out serially";
        last_veth = second->host_veth;
        ASSERT_TRUE(network.disconnect_soon(*second));
    } // the network's end: what is queued is done
    EXPECT_EQ(Netlink::open()->link(last_veth).error().category(), berth::ErrorCategory::NotFound);
    EXPECT_TRUE(bridge_ports().empty());
}

// --mac-address and --link-local-ip: the interface has that MAC and the extra
// addresses (IPv4 as /16, like libnetwork); the next endpoint gets its own MAC again.
TEST_F(BridgeNetworkTest, ConnectGivesTheAskedMacAndLinkLocalAddresses) {
    BridgeNetwork network(options);
    ASSERT_TRUE(network.ensure());
    NetworkNamespace asked = make_netns("asked");
    NetworkNamespace plain = make_netns("plain");
    EndpointOptions wishes{.mac = parse_mac("92:d0:c6:0a:29:33"),
                           .link_local4 = {*Ipv4Address::parse("169.254.7.7")},
                           .link_local6 = {}};
    auto a = network.connect(asked.path(), "endpoint-asked", std::nullopt, "eth0", true, std::nullopt, wishes);
    ASSERT_TRUE(a) << a.error().message();
    EXPECT_EQ(a->mac, "92:d0:c6:0a:29:33");
    auto inside = Netlink::open_in(asked.path());
    ASSERT_TRUE(inside);
    auto eth0 = inside->link("eth0");
    ASSERT_TRUE(eth0) << eth0.error().message();
    EXPECT_EQ(format_mac(eth0->mac), "92:d0:c6:0a:29:33");
    auto addresses = inside->addresses();
    ASSERT_TRUE(addresses);
    EXPECT_TRUE(std::ranges::any_of(*addresses, [&](const InterfaceAddress& x) {
        return x.link_index == eth0->index && x.address.to_string() == "169.254.7.7/16";
    }));
    EXPECT_TRUE(std::ranges::any_of(*addresses, [&](const InterfaceAddress& x) {
        return x.link_index == eth0->index && x.address.address == a->address;
    }));

    auto b = network.connect(plain.path(), "endpoint-plain");
    ASSERT_TRUE(b) << b.error().message();
    EXPECT_EQ(b->mac, format_mac(mac_for_address(b->address)));
}

TEST_F(BridgeNetworkTest, EnsureIsIdempotent) {
    BridgeNetwork network(options);
    ASSERT_TRUE(network.ensure());
    auto again = network.ensure();
    ASSERT_TRUE(again) << again.error().message();
    auto firewall = make_nftables_firewall();
    auto table = firewall->list_table(options.nft_table);
    ASSERT_TRUE(table) << table.error().message();
    EXPECT_EQ(count(*table, "masquerade"), 1u) << *table;
    auto netlink = Netlink::open();
    auto bridge = netlink->link(options.bridge);
    ASSERT_TRUE(bridge);
    EXPECT_TRUE(bridge->up);
    EXPECT_EQ(std::ranges::count_if(*netlink->addresses(),
                                    [&](const InterfaceAddress& x) { return x.link_index == bridge->index; }),
              1);
}

TEST_F(BridgeNetworkTest, ChoosesAFreeDefaultPoolAndAdoptsTheBridgeAfterARestart) {
    options.subnet.reset();
    NetworkNamespace first = make_netns("first");
    NetworkNamespace second = make_netns("second");
    Ipv4Network chosen;
    {
        BridgeNetwork network(options);
        auto ready = network.ensure();
        ASSERT_TRUE(ready) << ready.error().message();
        chosen = network.subnet();
        auto pools = default_address_pools();
        EXPECT_NE(std::ranges::find(pools, chosen), pools.end()) << chosen.to_string();
        // Nothing else on the host overlaps it (docker0 and the like were skipped).
        auto bridge = Netlink::open()->link_index(options.bridge);
        ASSERT_TRUE(bridge);
        for (const Ipv4Network& used : host_networks(*bridge))
            EXPECT_FALSE(used.overlaps(chosen)) << used.to_string() << " vs " << chosen.to_string();
        auto a = network.connect(first.path(), "a");
        ASSERT_TRUE(a) << a.error().message();
        EXPECT_EQ(a->address.value, chosen.address.value + 2);
    }
    // berthd restarts: the bridge is still there with its address and so is ipam.json.
    BridgeNetwork restarted(options);
    auto ready = restarted.ensure();
    ASSERT_TRUE(ready) << ready.error().message();
    EXPECT_EQ(restarted.subnet(), chosen);
    auto b = restarted.connect(second.path(), "b");
    ASSERT_TRUE(b) << b.error().message();
    EXPECT_EQ(b->address.value, chosen.address.value + 3);
    EXPECT_TRUE(ping(second.path(), Ipv4Address{chosen.address.value + 2}));
}

TEST_F(BridgeNetworkTest, AFailedConnectLeavesNothingBehind) {
    BridgeNetwork network(options);
    ASSERT_TRUE(network.ensure());
    auto failed = network.connect(namespaces / "absent", "ghost");
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message().find("connecting " + (namespaces / "absent")), std::string::npos)
        << failed.error().message();
    EXPECT_TRUE(bridge_ports().empty());
    auto saved = load_address_pool(state / "ipam.json");
    ASSERT_TRUE(saved && saved->has_value());
    EXPECT_TRUE((*saved)->allocations().empty());
}

TEST_F(BridgeNetworkTest, DisconnectAfterTheNamespaceIsGoneReleasesTheAddress) {
    BridgeNetwork network(options);
    ASSERT_TRUE(network.ensure());
    NetworkNamespace netns = make_netns("gone");
    auto endpoint = network.connect(netns.path(), "gone");
    ASSERT_TRUE(endpoint) << endpoint.error().message();
    ASSERT_TRUE(netns.remove());
    auto done = network.disconnect(*endpoint);
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_TRUE((*load_address_pool(state / "ipam.json"))->allocations().empty());
}

TEST_F(BridgeNetworkTest, RefusesALinkOfTheSameNameThatIsNotABridge) {
    auto netlink = Netlink::open();
    ASSERT_TRUE(netlink->create_veth(options.bridge, "vp" + berth::random_hex(4)));
    struct VethCleanup {
        std::string name;
        ~VethCleanup() {
            if (auto index = Netlink::open()->link_index(name)) (void)Netlink::open()->delete_link(*index);
        }
    } veth_cleanup{options.bridge};
    BridgeNetwork network(options);
    auto refused = network.ensure();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), berth::ErrorCategory::Conflict);
    EXPECT_NE(refused.error().message().find("not a bridge"), std::string::npos);
}

TEST_F(BridgeNetworkTest, RefusesInvalidNames) {
    options.bridge = "a-name-far-too-long";
    EXPECT_EQ(BridgeNetwork(options).ensure().error().category(), berth::ErrorCategory::Invalid);
    options.bridge = "ok0";
    options.nft_table = "bad table";
    EXPECT_EQ(BridgeNetwork(options).ensure().error().category(), berth::ErrorCategory::Invalid);
}

TEST_F(BridgeNetworkTest, HandsTheFirewallTheNatRulesAndReportsItsFailure) {
    std::vector<std::string> scripts;
    auto firewall = std::make_unique<FakeFirewall>(&scripts);
    FakeFirewall* fake = firewall.get();
    BridgeNetwork network(options, std::move(firewall));
    ASSERT_TRUE(network.ensure());
    NatRules rules;
    rules.table = options.nft_table;
    rules.bridge = options.bridge;
    rules.subnet = options.subnet->network();
    ASSERT_EQ(scripts.size(), 1u);
    EXPECT_EQ(scripts[0], nat_ruleset(rules));

    fake->refuse = true;
    auto refused = network.ensure();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(), "setting up bridge " + options.bridge +
                                             ": installing NAT rules: nftables: Could not process rule");
}
