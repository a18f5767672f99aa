#pragma once
// The addresses of one network as its driver keeps them: an AddressPool
// (ipam.h) behind a lock, saved to the network's ipam.json after every change,
// so that a bridge network and a macvlan/ipvlan network hand out, persist and
// take back container addresses the same way. Which subnet the pool covers is
// the driver's decision (a bridge adopts its device's address, a sublink takes
// --subnet or a free pool); this class starts once it has one.
//
// Words: an endpoint's address is "taken" at connect (the next free one, or
// the container's --ip) and "given back" when it disconnects; the pool's owner
// of an address is the endpoint id.

#include "base/error.h"
#include "network/endpoint.h"
#include "network/ipam.h"
#include "network/ipv4.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace berth::network {

class NetworkAddresses {
public:
    // `path`: the pool's file (<state_dir>/ipam.json); `network`: how errors
    // name the network ("bridge br-1a2b", "macvlan network on eth0").
    NetworkAddresses(std::string path, std::string network);

    // The pool a previous run saved, or nullopt.
    Result<std::optional<AddressPool>> saved() const { return load_address_pool(path_); }
    // The IPv6 pool of a dual-stack network, kept beside in ipam6.json.
    Result<std::optional<Ipv6AddressPool>> saved6() const { return load_address_pool<Ipv6Network>(path6_); }
    // Makes `pool` the network's, with `--ip-range` and the `--aux-address`
    // reservations (kept when the pool has them already), and saves it.
    Result<> adopt(AddressPool pool, std::optional<Ipv4Network> ip_range,
                   const std::map<std::string, Ipv4Address>& aux_addresses);

    // Gives the network IPv6 addresses too: take() fills endpoint.ipv6 from now on.
    Result<> adopt6(Ipv6AddressPool pool);

    // Zero values until adopt().
    Ipv4Network subnet() const;
    Ipv4Address gateway() const;
    std::optional<Ipv6Network> subnet6() const;
    std::optional<Ipv6Address> gateway6() const;

    // Fills `endpoint`'s address, prefix length and gateway for endpoint.id
    // (connecting endpoint.netns_path): `chosen` (--ip; the pool's own errors
    // when taken or outside, as Docker words them) or the next free address;
    // with an IPv6 pool, its IPv6 address and gateway likewise (`chosen6`,
    // --ip6). Saved before it returns; nothing is kept when either fails.
    Result<> take(Endpoint& endpoint, std::optional<Ipv4Address> chosen, std::optional<Ipv6Address> chosen6 = {});
    // Gives `endpoint`'s addresses back when the endpoint still owns them.
    Result<> give_back(const Endpoint& endpoint);
    // The pool and its file, when the network goes.
    Result<> forget();

private:
    const std::string path_;
    const std::string path6_; // ipam6.json beside path_
    const std::string network_;
    mutable std::mutex mutex_; // guards the pools and their files
    std::optional<AddressPool> pool_;
    std::optional<Ipv6AddressPool> pool6_;
};

} // namespace berth::network
