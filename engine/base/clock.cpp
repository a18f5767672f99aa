#include "base/clock.h"

#include <cctype>
#include <charconv>
#include <map>
#include <chrono>
#include <ctime>

namespace berth {

int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string format_rfc3339_nano(int64_t ns) {
    time_t seconds = static_cast<time_t>(ns / 1'000'000'000);
    int64_t fraction = ns % 1'000'000'000;
    if (fraction < 0) {
        fraction += 1'000'000'000;
        --seconds;
    }
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out = date;
    if (fraction != 0) {
        std::string digits = std::format("{:09}", fraction);
        while (digits.back() == '0') digits.pop_back();
        out += "." + digits;
    }
    return out + "Z";
}

namespace {

bool read_int(std::string_view text, int64_t& out) {
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

// The fraction after a dot, as nanoseconds ("5" -> 500000000).
bool read_fraction(std::string_view digits, int64_t& out) {
    if (digits.empty() || digits.size() > 9) return false;
    for (char c : digits)
        if (c < '0' || c > '9') return false;
    std::string padded(digits);
    padded.resize(9, '0');
    return read_int(padded, out);
}

Result<int64_t> parse_unix(std::string_view text) {
    auto dot = text.find('.');
    int64_t seconds = 0, nanos = 0;
    if (!read_int(text.substr(0, dot), seconds) ||
        (dot != std::string_view::npos && !read_fraction(text.substr(dot + 1), nanos)))
        return fail(ErrorCategory::Invalid, "invalid timestamp \"{}\"", text);
    return seconds * 1'000'000'000 + (seconds < 0 ? -nanos : nanos);
}

Result<int64_t> parse_rfc3339(std::string_view text) {
    std::tm tm{};
    std::string copy(text);
    const char* rest = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    auto invalid = [&] { return fail(ErrorCategory::Invalid, "invalid timestamp \"{}\"", text); };
    if (rest == nullptr) return invalid();
    std::string_view tail(rest);
    int64_t nanos = 0;
    if (tail.starts_with('.')) {
        size_t digits = 1;
        while (digits < tail.size() && tail[digits] >= '0' && tail[digits] <= '9') ++digits;
        if (!read_fraction(tail.substr(1, digits - 1), nanos)) return invalid();
        tail.remove_prefix(digits);
    }
    int64_t offset_seconds = 0;
    if (tail == "Z" || tail == "z") {
    } else if (tail.size() == 6 && (tail[0] == '+' || tail[0] == '-') && tail[3] == ':') {
        int64_t hours = 0, minutes = 0;
        if (!read_int(tail.substr(1, 2), hours) || !read_int(tail.substr(4, 2), minutes)) return invalid();
        offset_seconds = (hours * 3600 + minutes * 60) * (tail[0] == '+' ? 1 : -1);
    } else {
        return invalid();
    }
    int64_t seconds = timegm(&tm) - offset_seconds;
    return seconds * 1'000'000'000 + nanos;
}

} // namespace

Result<int64_t> parse_api_timestamp(std::string_view text) {
    if (text.find('T') != std::string_view::npos) return parse_rfc3339(text);
    return parse_unix(text);
}

Result<int64_t> parse_time_or_duration(std::string_view text) {
    if (auto timestamp = parse_api_timestamp(text)) return *timestamp;
    static const std::map<std::string, int64_t, std::less<>> units = {
        {"ns", 1}, {"us", 1'000}, {"µs", 1'000}, {"ms", 1'000'000}, {"s", 1'000'000'000},
        {"m", 60'000'000'000}, {"h", 3'600'000'000'000}};
    int64_t total = 0;
    size_t at = 0;
    while (at < text.size()) {
        size_t digits = at;
        while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.'))
            ++digits;
        size_t unit_end = digits;
        while (unit_end < text.size() && !std::isdigit(static_cast<unsigned char>(text[unit_end]))) ++unit_end;
        auto unit = units.find(text.substr(digits, unit_end - digits));
        if (digits == at || unit == units.end())
            return fail(ErrorCategory::Invalid, "failed to parse value as time or duration: \"{}\"", text);
        double amount = 0;
        auto number = text.substr(at, digits - at);
        auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), amount);
        double nanoseconds = amount * static_cast<double>(unit->second);
        if (error != std::errc() || end != number.data() + number.size() || nanoseconds > 1e18)
            return fail(ErrorCategory::Invalid, "failed to parse value as time or duration: \"{}\"", text);
        total += static_cast<int64_t>(nanoseconds);
        if (total > 1'000'000'000'000'000'000)
            return fail(ErrorCategory::Invalid, "failed to parse value as time or duration: \"{}\"", text);
        at = unit_end;
    }
    if (text.empty()) return fail(ErrorCategory::Invalid, "failed to parse value as time or duration: \"\"");
    return now_ns() - total;
}

} // namespace berth
