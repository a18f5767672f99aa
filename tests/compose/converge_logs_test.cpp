// The log pieces of `logs` and attached `up`: Docker's multiplexed frames split
// anywhere, lines across chunks, and docker compose's prefix padding and colours.
#include "compose/cli/events_command.h"
#include "compose/cli/log_printer.h"
#include "compose/cli/table.h"
#include "compose/converge/log_stream.h"

#include <gtest/gtest.h>
#include <sstream>

namespace berth::compose::converge {
namespace {

std::string frame(char stream, const std::string& payload) {
    std::string out = {stream, 0, 0, 0};
    uint32_t size = static_cast<uint32_t>(payload.size());
    for (int shift = 24; shift >= 0; shift -= 8)
        out += static_cast<char>((size >> shift) & 0xFF);
    return out + payload;
}

TEST(LogStream, FramesSplitAnywhereBecomeLines) {
    std::string bytes = frame(1, "hello\nwor") + frame(2, "ld\npartial");
    for (size_t cut = 0; cut <= bytes.size(); ++cut) {
        FrameDecoder frames(false);
        LineSplitter lines;
        std::vector<std::string> got;
        auto on_line = [&](std::string_view line) { got.emplace_back(line); };
        auto feed = [&](std::string_view chunk) {
            frames.feed(chunk, [&](std::string_view payload) { lines.feed(payload, on_line); });
        };
        feed(std::string_view(bytes).substr(0, cut));
        feed(std::string_view(bytes).substr(cut));
        lines.flush(on_line);
        EXPECT_EQ(got, (std::vector<std::string>{"hello", "world", "partial"})) << "cut at " << cut;
    }
}

TEST(LogStream, RawBytesOfATtyPassThrough) {
    FrameDecoder frames(true);
    std::string got;
    frames.feed(std::string_view("\x01\x00 not a header", 15), [&](std::string_view payload) { got += payload; });
    EXPECT_EQ(got, std::string_view("\x01\x00 not a header", 15));
}

TEST(LogStream, TargetCarriesTheFlags) {
    EXPECT_EQ(logs_target("abc", {}), "/containers/abc/logs?stdout=1&stderr=1&tail=all");
    EXPECT_EQ(logs_target("abc", {true, "5", true, "", ""}),
              "/containers/abc/logs?stdout=1&stderr=1&follow=1&timestamps=1&tail=5");
    EXPECT_EQ(logs_target("abc", {true, "all", false, "1733500000.000001", ""}),
              "/containers/abc/logs?stdout=1&stderr=1&follow=1&tail=all&since=1733500000.000001");
    EXPECT_EQ(logs_target("abc", {false, "all", false, "", "1733500000"}),
              "/containers/abc/logs?stdout=1&stderr=1&tail=all&until=1733500000");
}

TEST(LogPrinter, PadsAsDockerComposeAndColoursInItsOrder) {
    std::ostringstream plain;
    cli::LogPrinter printer(plain, false, true);
    printer.add("a-1");
    printer.add("bb-1");
    printer.line("a-1", "hi");
    printer.line("bb-1", "there");
    printer.status("a-1", "exited with code 4");
    EXPECT_EQ(plain.str(), "a-1   | hi\nbb-1  | there\na-1 exited with code 4\n");
    std::ostringstream coloured;
    cli::LogPrinter rainbow(coloured, true, true);
    rainbow.add("a-1");
    rainbow.add("bb-1");
    rainbow.line("bb-1", "x");
    EXPECT_EQ(coloured.str(), "\033[33mbb-1  | \033[0mx\n");
    std::ostringstream bare;
    cli::LogPrinter no_prefix(bare, true, false);
    no_prefix.add("a-1");
    no_prefix.line("a-1", "just this");
    EXPECT_EQ(bare.str(), "just this\n");
    EXPECT_EQ(cli::log_name("demo", "demo-web-2"), "web-2");
    EXPECT_EQ(cli::log_name("demo", "custom_name"), "custom_name");
}

TEST(VerbTables, HumanSizesAndTabwriterWidths) {
    EXPECT_EQ(cli::human_size(512), "512B");
    EXPECT_EQ(cli::human_size(2170000), "2.17MB");
    EXPECT_EQ(cli::human_size(1000), "1kB");
    std::ostringstream out;
    cli::print_table({{"A", "BB"}, {"ccc", "d"}}, out);
    EXPECT_EQ(out.str(), "A     BB\nccc   d\n");
    std::ostringstream wide;
    cli::print_table({{"A", "BB"}, {"ccc", "d"}}, wide, 8);
    EXPECT_EQ(wide.str(), "A       BB\nccc     d\n");
}

TEST(ComposeEvents, JsonDropsComposeLabelsAndNamesTheService) {
    nlohmann::json event = {{"Type", "container"},
                            {"Action", "start"},
                            {"Actor",
                             {{"ID", "abc"},
                              {"Attributes",
                               {{"com.docker.compose.service", "web"}, {"image", "bb"}, {"name", "p-web-1"}}}}},
                            {"time", 1},
                            {"timeNano", int64_t{1'000'000'500}}};
    auto json = nlohmann::json::parse(cli::event_text(event, true));
    EXPECT_EQ(json["service"], "web");
    EXPECT_EQ(json["id"], "abc");
    EXPECT_EQ(json["action"], "start");
    EXPECT_EQ(json["attributes"], (nlohmann::json{{"image", "bb"}, {"name", "p-web-1"}}));
    EXPECT_TRUE(json["time"].get<std::string>().find(".0000005") != std::string::npos) << json["time"];
    std::string text = cli::event_text(event, false);
    EXPECT_TRUE(text.ends_with(" container start abc (image=bb, name=p-web-1)")) << text;
    EXPECT_EQ(cli::event_text({{"Type", "network"}, {"Action", "create"}}, false), "");
}

} // namespace
} // namespace berth::compose::converge
