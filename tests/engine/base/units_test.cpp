#include "base/units.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(Units, RamSizesAreBinary) {
    EXPECT_EQ(parse_ram_size("100").value(), 100);
    EXPECT_EQ(parse_ram_size("512m").value(), 512LL << 20);
    EXPECT_EQ(parse_ram_size("512MiB").value(), 512LL << 20);
    EXPECT_EQ(parse_ram_size("1G").value(), 1LL << 30);
    EXPECT_EQ(parse_ram_size("1.5k").value(), 1536);
    EXPECT_EQ(parse_ram_size("32 kb").value(), 32768);
}

TEST(Units, HumanSizesAreDecimal) {
    EXPECT_EQ(parse_human_size("1kB").value(), 1000);
    EXPECT_EQ(parse_human_size("1.5GB").value(), 1500000000);
}

TEST(Units, MalformedSizesAreDockersError) {
    for (auto text : {"", "m", "12x", "-1", "1..5m", "1.m", "10mbb", "1e3"}) {
        auto parsed = parse_ram_size(text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error().message(), std::format("invalid size: '{}'", text));
        EXPECT_EQ(parsed.error().category(), ErrorCategory::Invalid);
    }
}

} // namespace
} // namespace berth
