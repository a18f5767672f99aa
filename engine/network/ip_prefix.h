#pragma once
// "address/length" read for either family (Ipv4Network, Ipv6Network): the
// address by its own parser, the length within the family's bits.

#include "base/error.h"

#include <charconv>
#include <string_view>

namespace berth::network {

template <typename Network>
Result<Network> parse_ip_prefix(std::string_view text, std::string_view family) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos)
        return fail(ErrorCategory::Invalid, "invalid {} network \"{}\": no prefix length", family, text);
    auto address = decltype(Network::address)::parse(text.substr(0, slash));
    if (!address) return std::unexpected(address.error());
    std::string_view length_text = text.substr(slash + 1);
    int length = -1;
    auto [next, ec] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (ec != std::errc() || next != length_text.data() + length_text.size() || length < 0 || length > Network::bits)
        return fail(ErrorCategory::Invalid, "invalid {} network \"{}\": bad prefix length", family, text);
    Network network;
    network.address = *address;
    network.prefix_length = length;
    return network;
}

} // namespace berth::network
