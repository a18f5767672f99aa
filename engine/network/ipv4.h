#pragma once
// IPv4 addresses and networks as plain values: parsing, printing, containment and
// overlap. Shared by the IPAM logic (pure) and the netlink client (wire format).

#include "base/error.h"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace berth::network {

// An address in host byte order, so arithmetic (next address, broadcast) is plain.
struct Ipv4Address {
    uint32_t value = 0;

    static Result<Ipv4Address> parse(std::string_view text); // "172.17.0.2"
    std::string to_string() const;
    // The four bytes in network order, as netlink and sockaddr_in carry them.
    uint32_t network_order() const;
    static Ipv4Address from_network_order(uint32_t raw);

    auto operator<=>(const Ipv4Address&) const = default;
};

// An address with a prefix length: "172.17.0.0/16" names a network; "172.17.0.1/16"
// an interface address on it. `network()` drops the host bits.
struct Ipv4Network {
    static constexpr int bits = 32;
    Ipv4Address address;
    int prefix_length = 0;

    static Result<Ipv4Network> parse(std::string_view text); // "a.b.c.d/n"
    std::string to_string() const;

    uint32_t mask() const;
    Ipv4Network network() const; // host bits cleared
    Ipv4Address first() const;   // the network address
    Ipv4Address last() const;    // the broadcast address
    uint64_t size() const;       // addresses in it, network and broadcast included
    bool contains(Ipv4Address a) const;
    // Whether the two share any address (one contains the other's network address).
    bool overlaps(const Ipv4Network& other) const;

    auto operator<=>(const Ipv4Network&) const = default;
};

} // namespace berth::network
