#include "network/sublink_network.h"

#include "base/files.h"
#include "base/log.h"
#include "network/netlink.h"
#include "network/netns.h"

#include <charconv>
#include <filesystem>
#include <linux/if_link.h>

namespace berth::network {

namespace fs = std::filesystem;

Result<uint32_t> sublink_mode(const std::string& driver, const std::string& mode) {
    if (driver == "macvlan") {
        if (mode.empty() || mode == "bridge") return MACVLAN_MODE_BRIDGE;
        if (mode == "private") return MACVLAN_MODE_PRIVATE;
        if (mode == "vepa") return MACVLAN_MODE_VEPA;
        if (mode == "passthru") return MACVLAN_MODE_PASSTHRU;
        return fail(ErrorCategory::Invalid,
                    "requested macvlan mode '{}' is not valid, 'bridge' mode is the macvlan driver default", mode);
    }
    if (mode.empty() || mode == "l2") return IPVLAN_MODE_L2;
    if (mode == "l3") return IPVLAN_MODE_L3;
    if (mode == "l3s") return IPVLAN_MODE_L3S;
    return fail(ErrorCategory::Invalid,
                "requested ipvlan mode '{}' is not valid, 'l2' mode is the ipvlan driver default", mode);
}

SublinkNetwork::SublinkNetwork(SublinkNetworkOptions options)
    : options_(std::move(options)),
      addresses_(options_.state_dir + "/ipam.json", options_.driver + " network on " + options_.parent) {}

// moby's createDummyLink / createVlanLink, with their words.
Result<> SublinkNetwork::ensure_parent() {
    auto netlink = Netlink::open();
    if (!netlink) return std::unexpected(netlink.error());
    const std::string& parent = options_.parent;
    auto found = netlink->link_index(parent);
    if (found) return {};
    if (found.error().category() != ErrorCategory::NotFound) return std::unexpected(found.error());

    Netlink::Sublink link{.kind = "dummy", .name = parent};
    if (!options_.dummy_parent) {
        auto dot = parent.find('.');
        if (dot == std::string::npos)
            return fail(ErrorCategory::Invalid, "invalid subinterface vlan name {}, example formatting is eth0.10",
                        parent);
        std::string base = parent.substr(0, dot), vid_text = parent.substr(dot + 1);
        if (vid_text.find('.') != std::string::npos)
            return fail(ErrorCategory::Invalid, "required interface name format is: name.vlan_id, ex. eth0.10 for vlan "
                                                "10, instead received: {}", parent);
        int vid = 0;
        auto [end, ec] = std::from_chars(vid_text.data(), vid_text.data() + vid_text.size(), vid);
        if (ec != std::errc{} || end != vid_text.data() + vid_text.size())
            return fail(ErrorCategory::Invalid, "unable to parse a valid vlan id from: {} (ex. eth0.10 for vlan 10)",
                        vid_text);
        auto base_index = netlink->link_index(base);
        if (!base_index) return fail(ErrorCategory::Invalid, "-o parent interface was not found on the host: {}", base);
        if (vid < 1 || vid > 4094)
            return fail(ErrorCategory::Invalid, "vlan id must be between 1-4094, received: {}", vid);
        link = {.kind = "vlan", .name = parent, .parent_index = *base_index, .vlan_id = static_cast<uint16_t>(vid)};
    }
    if (auto created = netlink->create_sublink(link); !created)
        return fail(ErrorCategory::System, "failed to create {} {} link: {}", parent, link.kind,
                    created.error().message());
    // Recorded at once, so teardown() removes it even after a crash of berthd.
    if (auto saved = write_file_atomically(created_link_path(), parent); !saved) return saved;
    auto index = netlink->link_index(parent);
    if (!index) return std::unexpected(index.error());
    if (auto up = netlink->set_up(*index, true); !up)
        return fail(ErrorCategory::System, "failed to enable {} the {} parent link {}", parent, options_.driver,
                    up.error().message());
    return {};
}

Result<> SublinkNetwork::ensure() {
    if (auto mode = sublink_mode(options_.driver, options_.mode); !mode) return std::unexpected(mode.error());
    if (auto parent = ensure_parent(); !parent) return parent;
    auto saved = addresses_.saved();
    if (!saved) return std::unexpected(saved.error());
    std::optional<AddressPool> pool = std::move(*saved);
    if (!pool) {
        Ipv4Network subnet;
        std::optional<Ipv4Address> gateway;
        if (options_.subnet) {
            subnet = options_.subnet->network();
            if (options_.subnet->address != subnet.address) gateway = options_.subnet->address;
        } else {
            auto pools = options_.pools.empty() ? default_address_pools() : options_.pools;
            auto chosen = choose_subnet(pools, options_.avoid);
            if (!chosen) return std::unexpected(chosen.error());
            subnet = *chosen;
        }
        pool.emplace(subnet, gateway);
    }
    return addresses_.adopt(std::move(*pool), options_.ip_range, options_.aux_addresses);
}

Ipv4Network SublinkNetwork::subnet() const { return addresses_.subnet(); }

Ipv4Address SublinkNetwork::gateway() const { return addresses_.gateway(); }

Result<Endpoint> SublinkNetwork::connect(const std::string& netns_path, const std::string& endpoint_id,
                                         std::optional<Ipv4Address> chosen, const std::string& interface,
                                         bool default_route, const EndpointOptions& options) {
    auto wrapped = [&](Error error) {
        return std::unexpected(
            std::move(error).wrap("connecting {} to {} network on {}", netns_path, options_.driver, options_.parent));
    };
    auto mode = sublink_mode(options_.driver, options_.mode);
    if (!mode) return std::unexpected(mode.error());
    if (options.mac && options_.driver == "ipvlan") // libnetwork's ipvlan driver's words
        return fail(ErrorCategory::Invalid, "ipvlan interfaces do not support custom mac address assignment");
    Endpoint endpoint;
    endpoint.id = endpoint_id;
    endpoint.netns_path = netns_path;
    endpoint.container_interface = interface;
    if (auto taken = addresses_.take(endpoint, chosen); !taken) return std::unexpected(taken.error());
    auto undo = [&](Error error) {
        (void)release_address(endpoint);
        return wrapped(std::move(error));
    };

    auto netlink = Netlink::open();
    if (!netlink) return undo(netlink.error());
    auto parent = netlink->link_index(options_.parent);
    if (!parent) return undo(parent.error());
    auto netns = open_network_namespace(netns_path);
    if (!netns) return undo(netns.error());
    Netlink::Sublink link{.kind = options_.driver, .name = interface, .parent_index = *parent, .mode = *mode,
                          .netns_fd = netns->get()};
    // ipvlan shares the parent's MAC; passthru takes it too.
    if (options_.driver == "macvlan" && *mode != MACVLAN_MODE_PASSTHRU)
        link.mac = options.mac.value_or(mac_for_address(endpoint.address));
    if (auto created = netlink->create_sublink(link); !created)
        return undo(Error(created.error().category(),
                          std::format("failed to create the {} port: {}", options_.driver, created.error().message()),
                          created.error().errnum()));
    endpoint.mac = link.mac != MacAddress{} ? format_mac(link.mac) : "";

    auto inside = Netlink::open_in(netns_path);
    auto configure = [&]() -> Result<> {
        if (!inside) return std::unexpected(inside.error());
        auto index = inside->link_index(interface);
        if (!index) return std::unexpected(index.error());
        if (endpoint.mac.empty())
            if (auto l = inside->link(*index)) endpoint.mac = format_mac(l->mac);
        if (auto r = inside->add_address(*index, Ipv4Network{endpoint.address, endpoint.prefix_length}); !r) return r;
        if (auto r = add_link_local_addresses(*inside, *index, options); !r) return r;
        if (auto r = inside->set_up(*index, true); !r) return r;
        if (!options_.internal && default_route)
            if (auto r = inside->add_default_route(endpoint.gateway, *index); !r) return r;
        return {};
    };
    if (auto done = configure(); !done) {
        (void)disconnect(endpoint);
        return wrapped(done.error());
    }
    log::debug("endpoint {}: {} on {} {}", endpoint_id, endpoint.address.to_string(), options_.driver, options_.parent);
    return endpoint;
}

Result<> SublinkNetwork::disconnect(const Endpoint& endpoint) {
    // A namespace gone took the link with it.
    if (auto inside = Netlink::open_in(endpoint.netns_path)) {
        if (auto index = inside->link_index(endpoint.container_interface))
            if (auto deleted = inside->delete_link(*index);
                !deleted && deleted.error().category() != ErrorCategory::NotFound)
                log::warn("disconnecting endpoint {}: {}", endpoint.id, deleted.error().message());
    }
    return release_address(endpoint);
}

Result<> SublinkNetwork::release_address(const Endpoint& endpoint) { return addresses_.give_back(endpoint); }

Result<> SublinkNetwork::teardown() {
    if (auto created = read_file(created_link_path())) {
        auto netlink = Netlink::open();
        if (!netlink) return std::unexpected(netlink.error());
        if (auto index = netlink->link_index(*created))
            if (auto deleted = netlink->delete_link(*index); !deleted)
                return std::unexpected(std::move(deleted.error()).wrap("removing {}", *created));
    }
    std::error_code ec;
    fs::remove(created_link_path(), ec);
    return addresses_.forget();
}

} // namespace berth::network
