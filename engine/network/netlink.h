#pragma once
// A minimal rtnetlink client over a raw NETLINK_ROUTE socket: just the links,
// addresses and routes a bridge network needs. One request at a time, each
// acknowledged by the kernel; errors carry the kernel's errno, the operation and,
// when the kernel gives one, its extended-ack text:
//   creating veth veth1a2b3c4: File exists
//
// A netlink socket belongs to the network namespace it was created in, for its
// whole life. `open()` talks to the caller's namespace; `open_in(path)` creates the
// socket on a short-lived thread that has setns()ed into another one (setns with
// CLONE_NEWNET changes only the calling thread), then hands it back: every request
// on it acts inside that namespace, from any thread.

#include "base/error.h"
#include "base/unique_fd.h"
#include "network/ipv4.h"
#include "network/ipv6.h"
#include "network/mac_address.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace berth::network {

class MessageBuilder; // netlink.cpp: lays out one request

struct Link {
    int index = 0;
    std::string name;
    std::string kind;     // IFLA_INFO_KIND: "bridge", "veth", "" for physical and lo
    bool up = false;      // IFF_UP, the administrative state
    unsigned mtu = 0;
    int master = 0;       // the bridge's index, 0 when not enslaved
    MacAddress mac{};
};

struct InterfaceAddress {
    int link_index = 0;
    Ipv4Network address; // the interface's address with its prefix length
};

struct Route {
    Ipv4Network destination; // 0.0.0.0/0 for a default route
    std::optional<Ipv4Address> gateway;
    int link_index = 0;      // RTA_OIF, 0 when absent
    uint32_t table = 0;      // RT_TABLE_MAIN is 254, RT_TABLE_LOCAL 255
    uint8_t type = 0;        // RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, ...
};

class Netlink {
public:
    // A socket in the calling thread's network namespace.
    static Result<Netlink> open();
    // A socket in the namespace bound at `netns_path` (a file under /run/netns,
    // /proc/<pid>/ns/net, ...).
    static Result<Netlink> open_in(const std::string& netns_path);

    Result<Link> link(const std::string& name);
    Result<Link> link(int index);
    Result<std::vector<Link>> links();
    // The link's index, or NotFound.
    Result<int> link_index(const std::string& name);

    Result<> create_bridge(const std::string& name);
    Result<> create_veth(const std::string& name, const std::string& peer_name);
    // A veth pair made in one request: this end on `master` with `mtu`, the peer
    // born inside the namespace open at `peer_netns_fd` with its final name, MTU
    // and MAC. Making the peer there, rather than moving it in, spares the
    // kernel's namespace move (an RCU grace period, 20-50 ms here).
    struct VethPair {
        std::string name;
        int master_index = 0;
        unsigned mtu = 1500;
        std::string peer_name;
        int peer_netns_fd = -1;
        MacAddress peer_mac{};
    };
    Result<> create_veth(const VethPair& pair);
    // A link on top of another (`kind`: "macvlan", "ipvlan", "vlan") or on its
    // own ("dummy", parent_index 0): born in the namespace open at `netns_fd`
    // (-1: this socket's) with its final name; `mode` is IFLA_MACVLAN_MODE or
    // IFLA_IPVLAN_MODE, `vlan_id` IFLA_VLAN_ID; a zero MAC lets the kernel pick.
    struct Sublink {
        std::string kind;
        std::string name;
        int parent_index = 0;
        uint32_t mode = 0;
        uint16_t vlan_id = 0;
        int netns_fd = -1;
        MacAddress mac{};
    };
    Result<> create_sublink(const Sublink& link);
    Result<> set_up(int index, bool up);
    Result<> set_mtu(int index, unsigned mtu);
    Result<> set_master(int index, int master_index);
    Result<> set_mac(int index, const MacAddress& mac);
    Result<> rename(int index, const std::string& new_name);
    // Moves the link into the network namespace open at `netns_fd`; its index there
    // may differ, so callers look it up by name afterwards.
    Result<> move_to_netns(int index, int netns_fd);
    Result<> delete_link(int index);

    // Adds `address` (host bits set: 172.17.0.2/16) to the link, with the broadcast
    // address of its network.
    Result<> add_address(int index, const Ipv4Network& address);
    Result<std::vector<InterfaceAddress>> addresses();

    // An IPv6 address (fd12::2/64) with IFA_F_NODAD, usable at once: duplicate
    // address detection would hold it "tentative" for a second or more, and the
    // network's IPAM already makes it unique (Docker adds its addresses so too).
    // An address the link has already is not an error (a restarted berthd).
    Result<> add_address(int index, const Ipv6Network& address);

    Result<> add_default_route(Ipv4Address gateway, int index);
    Result<> add_default_route(Ipv6Address gateway, int index);
    // IPv4 routes of every table.
    Result<std::vector<Route>> routes();

private:
    explicit Netlink(UniqueFd fd) : fd_(std::move(fd)) {}

    // A default route of `family` via `gateway` (its bytes in network order).
    Result<> add_default_route(int family, std::span<const std::byte> gateway, const std::string& gateway_text,
                               int index);
    // Sends one request and waits for its acknowledgement.
    Result<> transact(std::span<const uint8_t> request, std::string_view what);
    // Sends one request and collects every message of the reply (a dump, or the
    // single answer to a GET), up to NLMSG_DONE or the acknowledgement.
    Result<std::vector<std::vector<uint8_t>>> query(std::span<const uint8_t> request, std::string_view what);
    Result<> set_link(int index, std::string_view what, const std::function<void(MessageBuilder&)>& attributes);

    UniqueFd fd_;
    uint32_t sequence_ = 1;
};


} // namespace berth::network
