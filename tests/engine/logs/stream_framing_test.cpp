#include "logs/stream_framing.h"

#include <gtest/gtest.h>

using namespace berth::logs;

TEST(StreamFraming, HeaderIsStdcopys) {
    std::string out;
    append_frame(out, StdStream::Stderr, "hi\n");
    EXPECT_EQ(out, std::string("\x02\x00\x00\x00\x00\x00\x00\x03hi\n", 11));
    auto header = frame_header(StdStream::Stdout, 0x01020304);
    EXPECT_EQ(std::string(header.data(), header.size()), std::string("\x01\x00\x00\x00\x01\x02\x03\x04", 8));
}

TEST(StreamFraming, RoundTripInAnyChunking) {
    std::string wire;
    append_frame(wire, StdStream::Stdout, "out 1\n");
    append_frame(wire, StdStream::Stderr, std::string(70000, 'e'));
    append_frame(wire, StdStream::Stdout, "");
    append_frame(wire, StdStream::Systemerr, "Error grabbing logs: x\n");
    for (size_t chunk : {1u, 7u, 8u, 1000u, 1000000u}) {
        FrameDecoder decoder;
        std::vector<FrameDecoder::Frame> frames;
        for (size_t at = 0; at < wire.size(); at += chunk) {
            decoder.feed(std::string_view(wire).substr(at, chunk));
            for (;;) {
                auto frame = decoder.next();
                ASSERT_TRUE(frame);
                if (!*frame) break;
                frames.push_back(std::move(**frame));
            }
        }
        ASSERT_EQ(frames.size(), 4u) << "chunk " << chunk;
        EXPECT_EQ(frames[0].stream, StdStream::Stdout);
        EXPECT_EQ(frames[0].payload, "out 1\n");
        EXPECT_EQ(frames[1].stream, StdStream::Stderr);
        EXPECT_EQ(frames[1].payload.size(), 70000u);
        EXPECT_EQ(frames[2].payload, "");
        EXPECT_EQ(frames[3].stream, StdStream::Systemerr);
        EXPECT_EQ(decoder.pending(), 0u);
    }
    FrameDecoder bad;
    bad.feed(std::string("\x07\x00\x00\x00\x00\x00\x00\x00", 8));
    auto frame = bad.next();
    ASSERT_FALSE(frame);
    EXPECT_EQ(frame.error().message(), "Unrecognized input header: 7");
}

TEST(StreamFraming, LogLineWithTimestampsAndDetails) {
    LogEntry entry;
    entry.line = "hello\n";
    entry.time_ns = 1704067200'500000000;
    EXPECT_EQ(format_log_line(entry, false, false), "hello\n");
    // Fixed nine digits, unlike the json-file "time".
    EXPECT_EQ(format_log_line(entry, true, false), "2024-01-01T00:00:00.500000000Z hello\n");
    EXPECT_EQ(format_log_line(entry, false, true), " hello\n");
    entry.attrs = {{"tag", "a b"}, {"env", "x=y&z"}};
    EXPECT_EQ(format_log_line(entry, true, true), "2024-01-01T00:00:00.500000000Z env=x%3Dy%26z,tag=a+b hello\n");
}
