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

// The digits by hand, not gmtime_r, strftime or std::format: every log line of
// every container is stamped here, in berth-monitor too, whose idle pages are
// released (engine/monitor/resident_pages.h), and those bring in the locale
// and time zone code, many pages of it, at every line.
namespace {

std::string format_rfc3339(int64_t ns, bool trim_fraction) {
    constexpr int64_t kSecond = 1'000'000'000, kDay = 86'400;
    int64_t seconds = ns / kSecond, fraction = ns % kSecond;
    if (fraction < 0) {
        fraction += kSecond;
        --seconds;
    }
    int64_t days = seconds / kDay, in_day = seconds % kDay;
    if (in_day < 0) {
        in_day += kDay;
        --days;
    }
    std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
    int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) return std::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z", year,
                                                    static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                                                    in_day / 3600, in_day / 60 % 60, in_day % 60, fraction);
    char text[40];
    char* at = text;
    auto put = [&at](int64_t value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
        at += width;
    };
    put(year, 4);
    *at++ = '-';
    put(static_cast<unsigned>(date.month()), 2);
    *at++ = '-';
    put(static_cast<unsigned>(date.day()), 2);
    *at++ = 'T';
    put(in_day / 3600, 2);
    *at++ = ':';
    put(in_day / 60 % 60, 2);
    *at++ = ':';
    put(in_day % 60, 2);
    if (fraction != 0 || !trim_fraction) {
        *at++ = '.';
        put(fraction, 9);
        if (trim_fraction)
            while (at[-1] == '0') --at;
    }
    *at++ = 'Z';
    return std::string(text, at);
}

} // namespace

std::string format_rfc3339_nano(int64_t ns) { return format_rfc3339(ns, true); }
std::string format_rfc3339_nano_fixed(int64_t ns) { return format_rfc3339(ns, false); }

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
