// The kernel's statistics formats, parsed.
#include "runtime/cgroups/stat_parsers.h"

#include <gtest/gtest.h>

namespace berth::runtime {
namespace {

TEST(StatParsers, Counters) {
    EXPECT_EQ(parse_counter("4096\n").value(), 4096u);
    EXPECT_EQ(parse_counter("18446744073709551615").value(), 18446744073709551615u);
    EXPECT_EQ(parse_counter("-12").value(), 0u) << "negative v1 counters read as 0";
    EXPECT_FALSE(parse_counter(""));
    EXPECT_FALSE(parse_counter("12k"));
    EXPECT_FALSE(parse_counter("max"));
}

TEST(StatParsers, Limits) {
    EXPECT_EQ(parse_limit("max\n").value(), std::nullopt);
    EXPECT_EQ(parse_limit("100\n").value(), std::optional<uint64_t>(100));
    EXPECT_FALSE(parse_limit("unlimited"));
}

TEST(StatParsers, FlatKeyed) {
    auto values = parse_flat_keyed("user 120\nsystem 30\n").value();
    EXPECT_EQ(values.size(), 2u);
    EXPECT_EQ(values["user"], 120u);
    EXPECT_EQ(values["system"], 30u);
    EXPECT_TRUE(parse_flat_keyed("").value().empty());
    auto broken = parse_flat_keyed("user 1 2\n");
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message().find("user 1 2"), std::string::npos);
}

TEST(StatParsers, CounterList) {
    EXPECT_EQ(parse_counter_list("100 200 0 \n").value(), (std::vector<uint64_t>{100, 200, 0}));
    EXPECT_TRUE(parse_counter_list("\n").value().empty());
}

TEST(StatParsers, V1BlkioSkipsTheTotalLine) {
    auto entries = parse_v1_blkio("8:0 Read 4096\n8:0 Write 8192\n253:1 Total 10\nTotal 12298\n").value();
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0], (BlkioEntry{8, 0, "Read", 4096}));
    EXPECT_EQ(entries[1], (BlkioEntry{8, 0, "Write", 8192}));
    EXPECT_EQ(entries[2], (BlkioEntry{253, 1, "Total", 10}));
    EXPECT_TRUE(parse_v1_blkio("Total 0\n").value().empty()) << "a cgroup that did no I/O";
    EXPECT_FALSE(parse_v1_blkio("8-0 Read 1\n"));
}

TEST(StatParsers, IoStatAsDockerdTranslatesIt) {
    auto io = parse_io_stat("8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n"
                            "253:1 rbytes=10 wios=3\n")
                  .value();
    ASSERT_EQ(io.service_bytes.size(), 4u);
    EXPECT_EQ(io.service_bytes[0], (BlkioEntry{8, 0, "read", 4096}));
    EXPECT_EQ(io.service_bytes[1], (BlkioEntry{8, 0, "write", 8192}));
    EXPECT_EQ(io.service_bytes[2], (BlkioEntry{253, 1, "read", 10}));
    EXPECT_EQ(io.service_bytes[3], (BlkioEntry{253, 1, "write", 0})) << "a key io.stat leaves out is 0";
    ASSERT_EQ(io.serviced.size(), 4u);
    EXPECT_EQ(io.serviced[1], (BlkioEntry{8, 0, "write", 2}));
    EXPECT_EQ(io.serviced[3], (BlkioEntry{253, 1, "write", 3}));
    EXPECT_FALSE(parse_io_stat("8:0 rbytes\n"));
}

TEST(StatParsers, PidList) {
    EXPECT_EQ(parse_pid_list("12\n7\n").value(), (std::vector<pid_t>{12, 7}));
    EXPECT_TRUE(parse_pid_list("").value().empty());
    EXPECT_FALSE(parse_pid_list("x\n"));
}

} // namespace
} // namespace berth::runtime
