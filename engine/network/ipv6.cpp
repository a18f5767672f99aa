#include "network/ipv6.h"

#include "network/ip_prefix.h"

#include <arpa/inet.h>
#include <format>

namespace berth::network {

Result<Ipv6Address> Ipv6Address::parse(std::string_view text) {
    std::string copy(text);
    std::array<uint8_t, 16> raw{};
    // inet_pton also takes "::ffff:1.2.3.4", which is an IPv6 address too.
    if (copy.find(':') == std::string::npos || ::inet_pton(AF_INET6, copy.c_str(), raw.data()) != 1)
        return fail(ErrorCategory::Invalid, "invalid IPv6 address \"{}\"", text);
    return from_bytes(raw.data());
}

std::string Ipv6Address::to_string() const {
    auto raw = bytes();
    char text[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET6, raw.data(), text, sizeof text);
    return text;
}

std::array<uint8_t, 16> Ipv6Address::bytes() const {
    std::array<uint8_t, 16> out{};
    for (int i = 0; i < 16; ++i) out[static_cast<size_t>(i)] = static_cast<uint8_t>(value >> (8 * (15 - i)));
    return out;
}

Ipv6Address Ipv6Address::from_bytes(const uint8_t* bytes) {
    Ipv6Address out;
    for (int i = 0; i < 16; ++i) out.value = (out.value << 8) | bytes[i];
    return out;
}

Result<Ipv6Network> Ipv6Network::parse(std::string_view text) {
    return parse_ip_prefix<Ipv6Network>(text, "IPv6");
}

std::string Ipv6Network::to_string() const { return std::format("{}/{}", address.to_string(), prefix_length); }

Uint128 Ipv6Network::mask() const { return prefix_length == 0 ? 0 : ~Uint128{0} << (bits - prefix_length); }

Ipv6Network Ipv6Network::network() const { return Ipv6Network{first(), prefix_length}; }

Ipv6Address Ipv6Network::first() const { return Ipv6Address{address.value & mask()}; }

Ipv6Address Ipv6Network::last() const { return Ipv6Address{(address.value & mask()) | ~mask()}; }

bool Ipv6Network::contains(Ipv6Address a) const { return (a.value & mask()) == first().value; }

bool Ipv6Network::overlaps(const Ipv6Network& other) const { return contains(other.first()) || other.contains(first()); }

} // namespace berth::network
