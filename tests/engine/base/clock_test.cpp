#include "base/clock.h"

#include <ctime>
#include <format>
#include <random>
#include <vector>
#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(Clock, FormatsLikeGoRfc3339Nano) {
    EXPECT_EQ(format_rfc3339_nano(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_rfc3339_nano(1'700'000'000'500'000'000), "2023-11-14T22:13:20.5Z");
    EXPECT_EQ(format_rfc3339_nano(1'700'000'000'000'000'123), "2023-11-14T22:13:20.000000123Z");
}

TEST(Clock, ParsesUnixTimestamps) {
    EXPECT_EQ(parse_api_timestamp("1700000000").value(), 1'700'000'000'000'000'000);
    EXPECT_EQ(parse_api_timestamp("1700000000.5").value(), 1'700'000'000'500'000'000);
    EXPECT_EQ(parse_api_timestamp("1700000000.000000001").value(), 1'700'000'000'000'000'001);
}

TEST(Clock, ParsesRfc3339WithZones) {
    EXPECT_EQ(parse_api_timestamp("2023-11-14T22:13:20Z").value(), 1'700'000'000'000'000'000);
    EXPECT_EQ(parse_api_timestamp("2023-11-14T23:13:20.25+01:00").value(), 1'700'000'000'250'000'000);
}

TEST(Clock, RejectsGarbage) {
    for (const char* bad : {"", "abc", "17e9", "1700000000.", "1700000000.1234567890", "2023-11-14T22:13:20",
                            "2023-11-14T22:13:20+0100"}) {
        auto parsed = parse_api_timestamp(bad);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().http_status(), 400) << bad;
    }
}

TEST(Clock, NowIsRecent) {
    EXPECT_GT(now_ns(), 1'700'000'000'000'000'000);
}

// The hand-made digits agree with gmtime_r and strftime over centuries, both
// sides of the epoch, leap days and every fraction length.
TEST(Clock, FormatsAsGmtimeWould) {
    std::mt19937_64 random(42);
    std::uniform_int_distribution<int64_t> spread(-2'000'000'000'000'000'000, 8'000'000'000'000'000'000);
    std::vector<int64_t> samples = {0, -1, 951'782'400'000'000'000 /* 2000-02-29 */, 4'107'542'399'999'999'999};
    for (int i = 0; i < 20000; ++i) samples.push_back(spread(random));
    for (int64_t ns : samples) {
        time_t seconds = static_cast<time_t>(ns / 1'000'000'000);
        int64_t fraction = ns % 1'000'000'000;
        if (fraction < 0) {
            fraction += 1'000'000'000;
            --seconds;
        }
        std::tm tm{};
        gmtime_r(&seconds, &tm);
        char date[40];
        std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
        std::string expected = date;
        if (fraction != 0) {
            std::string digits = std::format("{:09}", fraction);
            while (digits.back() == '0') digits.pop_back();
            expected += "." + digits;
        }
        expected += "Z";
        ASSERT_EQ(format_rfc3339_nano(ns), expected) << ns;
        ASSERT_EQ(format_rfc3339_nano_fixed(ns), std::format("{}.{:09}Z", date, fraction)) << ns;
    }
}

// prune's `until`: a timestamp, or a Go duration before now.
TEST(ParseTimeOrDuration, TimestampsAndDurationsBeforeNow) {
    EXPECT_EQ(parse_time_or_duration("1700000000").value(), 1'700'000'000'000'000'000);
    EXPECT_EQ(parse_time_or_duration("2023-11-14T22:13:20Z").value(), 1'700'000'000'000'000'000);
    int64_t before = now_ns();
    auto ago = parse_time_or_duration("1h30m");
    int64_t after = now_ns();
    ASSERT_TRUE(ago) << ago.error().message();
    EXPECT_GE(*ago, before - 5'400'000'000'000);
    EXPECT_LE(*ago, after - 5'400'000'000'000);
    auto half = parse_time_or_duration("1.5h");
    ASSERT_TRUE(half);
    EXPECT_LE(*half, now_ns() - 5'400'000'000'000);
    EXPECT_GT(*half, now_ns() - 5'401'000'000'000);
    for (const char* bad : {"", "h", "5x", "1e400h", "99999999999999h", "-1h"}) {
        auto parsed = parse_time_or_duration(bad);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().message(), std::format("failed to parse value as time or duration: \"{}\"", bad));
    }
}

} // namespace
} // namespace berth
