#pragma once
// IPv6 addresses and networks as plain values, the IPv6 half of ipv4.h: parsing
// (inet_pton's forms), printing (RFC 5952's short form, as Docker prints them),
// containment and overlap. The address is one 128-bit number so the IPAM logic
// (next address, last of a subnet) is the same arithmetic as for IPv4.

#include "base/error.h"

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace berth::network {

__extension__ typedef unsigned __int128 Uint128;

struct Ipv6Address {
    Uint128 value = 0;

    static Result<Ipv6Address> parse(std::string_view text); // "fd00:1::2"; no zone, no IPv4 form
    std::string to_string() const;
    // The sixteen bytes in network order, as netlink and sockaddr_in6 carry them.
    std::array<uint8_t, 16> bytes() const;
    static Ipv6Address from_bytes(const uint8_t* bytes);

    auto operator<=>(const Ipv6Address&) const = default;
};

// "fd00:1::/64" names a network; "fd00:1::1/64" an interface address on it.
struct Ipv6Network {
    static constexpr int bits = 128;
    Ipv6Address address;
    int prefix_length = 0;

    static Result<Ipv6Network> parse(std::string_view text); // "addr/n"
    std::string to_string() const;

    Uint128 mask() const;
    Ipv6Network network() const; // host bits cleared
    Ipv6Address first() const;   // the subnet-router anycast address
    Ipv6Address last() const;
    bool contains(Ipv6Address a) const;
    bool overlaps(const Ipv6Network& other) const;

    auto operator<=>(const Ipv6Network&) const = default;
};

// Whether `text` is written as an IPv6 address or network (has a colon): which
// family a --subnet, --gateway or --ip6 belongs to.
inline bool looks_like_ipv6(std::string_view text) { return text.find(':') != std::string_view::npos; }

} // namespace berth::network
