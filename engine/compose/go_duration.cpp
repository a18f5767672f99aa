#include "compose/go_duration.h"

#include <array>
#include <cctype>
#include <optional>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

namespace berth::compose {
namespace {

constexpr uint64_t kMicrosecond = 1000;
constexpr uint64_t kMillisecond = 1000 * kMicrosecond;
constexpr uint64_t kSecond = 1000 * kMillisecond;
constexpr uint64_t kMinute = 60 * kSecond;
constexpr uint64_t kHour = 60 * kMinute;

std::optional<uint64_t> unit_length(std::string_view unit) {
    static const std::array<std::pair<std::string_view, uint64_t>, 8> units = {{
        {"ns", 1}, {"us", kMicrosecond}, {"µs", kMicrosecond}, {"μs", kMicrosecond},
        {"ms", kMillisecond}, {"s", kSecond}, {"m", kMinute}, {"h", kHour},
    }};
    for (const auto& [name, length] : units)
        if (name == unit)
            return length;
    return std::nullopt;
}

// "1.500000000" style fraction without trailing zeros; empty when whole.
std::string fraction(uint64_t value, uint64_t unit) {
    uint64_t rest = value % unit;
    if (rest == 0)
        return {};
    std::string digits;
    for (uint64_t scale = unit / 10; scale > 0; scale /= 10) {
        digits += static_cast<char>('0' + rest / scale);
        rest %= scale;
    }
    while (!digits.empty() && digits.back() == '0')
        digits.pop_back();
    return "." + digits;
}

} // namespace

Result<int64_t> parse_go_duration(std::string_view text) {
    std::string_view rest = text;
    bool negative = false;
    if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
        negative = rest.front() == '-';
        rest.remove_prefix(1);
    }
    if (rest == "0")
        return 0;
    if (rest.empty())
        return fail(ErrorCategory::Invalid, "time: invalid duration \"{}\"", text);
    double total = 0;
    while (!rest.empty()) {
        // As Go reads it: digits, then at most one '.' and digits; at least one digit.
        const auto digits_from = [&](size_t at) {
            while (at < rest.size() && std::isdigit(static_cast<unsigned char>(rest[at])))
                ++at;
            return at;
        };
        size_t number_end = digits_from(0);
        bool has_digits = number_end > 0;
        if (number_end < rest.size() && rest[number_end] == '.') {
            size_t fraction_end = digits_from(number_end + 1);
            has_digits = has_digits || fraction_end > number_end + 1;
            number_end = fraction_end;
        }
        size_t unit_end = number_end;
        while (unit_end < rest.size() && !std::isdigit(static_cast<unsigned char>(rest[unit_end])) && rest[unit_end] != '.')
            ++unit_end;
        if (!has_digits)
            return fail(ErrorCategory::Invalid, "time: invalid duration \"{}\"", text);
        auto length = unit_length(rest.substr(number_end, unit_end - number_end));
        if (!length)
            return fail(ErrorCategory::Invalid, "time: {} unit in duration \"{}\"",
                        number_end == unit_end ? "missing" : "unknown", text);
        total += std::strtod(std::string(rest.substr(0, number_end)).c_str(), nullptr) * static_cast<double>(*length);
        rest.remove_prefix(unit_end);
    }
    // Past int64 Go answers "invalid duration"; -2^63 itself still fits.
    constexpr double kTwoTo63 = 9223372036854775808.0;
    if (negative && total == kTwoTo63)
        return std::numeric_limits<int64_t>::min();
    if (!(total < kTwoTo63))
        return fail(ErrorCategory::Invalid, "time: invalid duration \"{}\"", text);
    auto nanoseconds = static_cast<int64_t>(std::llround(total));
    return negative ? -nanoseconds : nanoseconds;
}

std::string format_go_duration(int64_t nanoseconds) {
    if (nanoseconds == 0)
        return "0s";
    std::string sign = nanoseconds < 0 ? "-" : "";
    // In unsigned arithmetic: the magnitude of -2^63 does not fit int64.
    uint64_t d = nanoseconds < 0 ? 0 - static_cast<uint64_t>(nanoseconds) : static_cast<uint64_t>(nanoseconds);
    if (d < kMicrosecond)
        return sign + std::to_string(d) + "ns";
    if (d < kMillisecond)
        return sign + std::to_string(d / kMicrosecond) + fraction(d, kMicrosecond) + "µs";
    if (d < kSecond)
        return sign + std::to_string(d / kMillisecond) + fraction(d, kMillisecond) + "ms";
    std::string out = sign;
    if (d >= kHour)
        out += std::to_string(d / kHour) + "h";
    if (d >= kMinute)
        out += std::to_string(d % kHour / kMinute) + "m";
    return out + std::to_string(d % kMinute / kSecond) + fraction(d, kSecond) + "s";
}

} // namespace berth::compose
