#include "network/ipv4.h"

#include "network/ip_prefix.h"

#include <arpa/inet.h>
#include <format>

namespace berth::network {

Result<Ipv4Address> Ipv4Address::parse(std::string_view text) {
    uint32_t value = 0;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 4; ++i) {
        if (i > 0) {
            if (p == end || *p != '.') return fail(ErrorCategory::Invalid, "invalid IPv4 address \"{}\"", text);
            ++p;
        }
        unsigned octet = 0;
        auto [next, ec] = std::from_chars(p, end, octet);
        if (ec != std::errc() || next == p || next - p > 3 || octet > 255)
            return fail(ErrorCategory::Invalid, "invalid IPv4 address \"{}\"", text);
        value = (value << 8) | octet;
        p = next;
    }
    if (p != end) return fail(ErrorCategory::Invalid, "invalid IPv4 address \"{}\"", text);
    return Ipv4Address{value};
}

std::string Ipv4Address::to_string() const {
    return std::format("{}.{}.{}.{}", value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff);
}

uint32_t Ipv4Address::network_order() const { return htonl(value); }

Ipv4Address Ipv4Address::from_network_order(uint32_t raw) { return Ipv4Address{ntohl(raw)}; }

Result<Ipv4Network> Ipv4Network::parse(std::string_view text) {
    return parse_ip_prefix<Ipv4Network>(text, "IPv4");
}

std::string Ipv4Network::to_string() const { return std::format("{}/{}", address.to_string(), prefix_length); }

uint32_t Ipv4Network::mask() const {
    return prefix_length == 0 ? 0 : ~uint32_t{0} << (32 - prefix_length);
}

Ipv4Network Ipv4Network::network() const {
    Ipv4Network out;
    out.address = Ipv4Address{address.value & mask()};
    out.prefix_length = prefix_length;
    return out;
}

Ipv4Address Ipv4Network::first() const { return Ipv4Address{address.value & mask()}; }

Ipv4Address Ipv4Network::last() const { return Ipv4Address{(address.value & mask()) | ~mask()}; }

uint64_t Ipv4Network::size() const { return uint64_t{1} << (32 - prefix_length); }

bool Ipv4Network::contains(Ipv4Address a) const { return (a.value & mask()) == first().value; }

bool Ipv4Network::overlaps(const Ipv4Network& other) const {
    return contains(other.first()) || other.contains(first());
}

} // namespace berth::network
