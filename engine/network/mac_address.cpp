#include "network/mac_address.h"

#include <charconv>
#include <format>

namespace berth::network {

std::string format_mac(const MacAddress& mac) {
    return std::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

std::optional<MacAddress> parse_mac(std::string_view text) {
    if (text.size() != 17) return std::nullopt;
    char separator = text[2];
    if (separator != ':' && separator != '-') return std::nullopt;
    MacAddress mac{};
    for (size_t byte = 0; byte < mac.size(); ++byte) {
        const char* digits = text.data() + byte * 3;
        if (byte + 1 < mac.size() && digits[2] != separator) return std::nullopt;
        auto [end, error] = std::from_chars(digits, digits + 2, mac[byte], 16);
        if (error != std::errc{} || end != digits + 2) return std::nullopt;
    }
    return mac;
}

} // namespace berth::network
