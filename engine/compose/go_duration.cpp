#include "compose/go_duration.h"

#include <array>
#include <cctype>
#include <optional>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace berth::compose {
namespace {

constexpr int64_t kMicrosecond = 1000;
constexpr int64_t kMillisecond = 1000 * kMicrosecond;
constexpr int64_t kSecond = 1000 * kMillisecond;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;

std::optional<int64_t> unit_length(std::string_view unit) {
    static const std::array<std::pair<std::string_view, int64_t>, 8> units = {{
        {"ns", 1}, {"us", kMicrosecond}, {"µs", kMicrosecond}, {"μs", kMicrosecond},
        {"ms", kMillisecond}, {"s", kSecond}, {"m", kMinute}, {"h", kHour},
    }};
    for (const auto& [name, length] : units)
        if (name == unit)
            return length;
    return std::nullopt;
}

// "1.500000000" style fraction without trailing zeros; empty when whole.
std::string fraction(int64_t value, int64_t unit) {
    int64_t rest = value % unit;
    if (rest == 0)
        return {};
    std::string digits;
    for (int64_t scale = unit / 10; scale > 0; scale /= 10) {
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
        size_t number_end = 0;
        while (number_end < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[number_end])) || rest[number_end] == '.'))
            ++number_end;
        size_t unit_end = number_end;
        while (unit_end < rest.size() && !std::isdigit(static_cast<unsigned char>(rest[unit_end])) && rest[unit_end] != '.')
            ++unit_end;
        if (number_end == 0)
            return fail(ErrorCategory::Invalid, "time: invalid duration \"{}\"", text);
        auto length = unit_length(rest.substr(number_end, unit_end - number_end));
        if (!length)
            return fail(ErrorCategory::Invalid, "time: {} unit in duration \"{}\"",
                        number_end == unit_end ? "missing" : "unknown", text);
        total += std::strtod(std::string(rest.substr(0, number_end)).c_str(), nullptr) * static_cast<double>(*length);
        rest.remove_prefix(unit_end);
    }
    auto nanoseconds = static_cast<int64_t>(std::llround(total));
    return negative ? -nanoseconds : nanoseconds;
}

std::string format_go_duration(int64_t nanoseconds) {
    if (nanoseconds == 0)
        return "0s";
    std::string sign = nanoseconds < 0 ? "-" : "";
    int64_t d = std::llabs(nanoseconds);
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
