#pragma once
// An Ethernet (48-bit) MAC address, as endpoints, netlink and `docker inspect`
// carry it.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::network {

using MacAddress = std::array<uint8_t, 6>;

std::string format_mac(const MacAddress& mac); // "02:42:ac:11:00:02"
// "02:42:ac:11:00:02", upper or lower case, or with '-' between the bytes;
// nullopt for anything else (Go's net.ParseMAC also takes longer forms, which
// Docker's endpoints never use).
std::optional<MacAddress> parse_mac(std::string_view text);

} // namespace berth::network
