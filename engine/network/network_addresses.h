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
    // Makes `pool` the network's, with `--ip-range` and the `--aux-address`
    // reservations (kept when the pool has them already), and saves it.
    Result<> adopt(AddressPool pool, std::optional<Ipv4Network> ip_range,
                   const std::map<std::string, Ipv4Address>& aux_addresses);

    // Zero values until adopt().
    Ipv4Network subnet() const;
    Ipv4Address gateway() const;

    // Fills `endpoint`'s address, prefix length and gateway for endpoint.id
    // (connecting endpoint.netns_path): `chosen` (--ip; the pool's own errors
    // when taken or outside, as Docker words them) or the next free address;
    // saved before it returns.
    Result<> take(Endpoint& endpoint, std::optional<Ipv4Address> chosen);
    // Gives `endpoint`'s address back when the endpoint still owns it.
    Result<> give_back(const Endpoint& endpoint);
    // The pool and its file, when the network goes.
    Result<> forget();

private:
    const std::string path_;
    const std::string network_;
    mutable std::mutex mutex_; // guards pool_ and the file behind it
    std::optional<AddressPool> pool_;
};

} // namespace berth::network
