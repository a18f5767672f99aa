#pragma once
// Address management for a bridge network, as pure logic plus a JSON file:
// which subnet the network takes (Docker's default pools, skipping what the host
// already routes), which address each endpoint gets, and the MAC that goes with it.
// Words: the `subnet` is the network's /16 or /20; the `gateway` is its first
// usable address, held by the bridge; an `allocation` ties one address to the
// endpoint that holds it.

#include "base/error.h"
#include "network/ipv4.h"
#include "network/ipv6.h"
#include "network/netlink.h"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace berth::network {

// dockerd's default address pools (libnetwork ipamutils): 172.17.0.0/16 through
// 172.31.0.0/16, then 192.168.0.0/16 cut into /20s.
std::vector<Ipv4Network> default_address_pools();

// Docker 27+'s IPv6 default pool: a ULA /48 whose 40-bit Global ID comes from
// the engine's id (RFC 4193 3.2.2, loosely, as moby derives it), stable while
// the engine id is; networks get /64s of it.
Ipv6Network ula_base_pool(std::string_view engine_id);
// The first /64 of `base` that overlaps none of `in_use` (the other networks'
// IPv6 subnets); Docker's words when all are taken.
Result<Ipv6Network> choose_ipv6_subnet(const Ipv6Network& base, std::span<const Ipv6Network> in_use);

// The first pool that overlaps none of `in_use` (the host's routes and interface
// addresses). Default routes (0.0.0.0/0) are not in the way, as in libnetwork's
// overlap check. Unavailable when every pool is taken.
Result<Ipv4Network> choose_subnet(std::span<const Ipv4Network> pools, std::span<const Ipv4Network> in_use);

// What is in use on the host as far as a new subnet goes: the destinations of
// its routes (default routes left out) and the networks of its addresses, on
// every link except `except_link` (the network's own bridge, when adopting it).
std::vector<Ipv4Network> networks_in_use(std::span<const Route> routes, std::span<const InterfaceAddress> addresses,
                                         int except_link = 0);

// Docker's container MAC: 02:42 then the four bytes of the IPv4 address
// (172.17.0.2 -> 02:42:ac:11:00:02).
MacAddress mac_for_address(Ipv4Address address);

// The addresses of one subnet, IPv4 (AddressPool) or IPv6 (Ipv6AddressPool).
// The gateway (the first usable address, unless given, as dockerd's --bip
// gives it) is reserved, the network address and the subnet's last address
// (IPv4's broadcast) are never handed out. Like libnetwork, allocation
// continues after the last address handed out, so a released address is not
// reused at once; for IPv6 that is also how moby hands them out (sequentially,
// no longer derived from the MAC).
template <typename Network>
class BasicAddressPool {
public:
    using Address = decltype(Network::address);

    explicit BasicAddressPool(Network subnet, std::optional<Address> gateway = std::nullopt);

    Network subnet() const { return subnet_; }
    Address gateway() const { return gateway_; }

    // An address for `owner` (an endpoint id); Unavailable when the subnet is full.
    Result<Address> allocate(const std::string& owner);
    // `--ip-range`: allocate() hands out addresses of this part of the subnet
    // only (reserve() still takes any address of the subnet, as Docker's --ip).
    void set_range(std::optional<Network> range) { range_ = range; }
    // A chosen address for `owner` (`--ip`, `--ip6`, `--aux-address`): Invalid
    // outside the subnet or on its first/last address, Conflict when taken.
    Result<> reserve(Address address, const std::string& owner);
    // Releasing an address not allocated is not an error.
    void release(Address address);
    std::optional<std::string> owner(Address address) const;
    const std::map<Address, std::string>& allocations() const { return allocations_; }

    // {"subnet": "172.17.0.0/16", "gateway": "172.17.0.1", "last": "172.17.0.3",
    //  "allocations": {"172.17.0.2": "<endpoint id>", ...}}
    std::string to_json() const;
    static Result<BasicAddressPool> from_json(std::string_view text);

private:
    Network subnet_;
    Address gateway_;
    Address last_; // the last address handed out
    std::optional<Network> range_;
    std::map<Address, std::string> allocations_;
};

using AddressPool = BasicAddressPool<Ipv4Network>;
using Ipv6AddressPool = BasicAddressPool<Ipv6Network>;

// The pool saved at `path`, or nullopt when the file does not exist.
template <typename Network = Ipv4Network>
Result<std::optional<BasicAddressPool<Network>>> load_address_pool(const std::string& path);
// Replaces the file atomically: after a crash it holds the old or the new pool.
template <typename Network>
Result<> save_address_pool(const std::string& path, const BasicAddressPool<Network>& pool);

} // namespace berth::network
