#include "network/dns_stream.h"

#include <gtest/gtest.h>

using namespace berth::network;

namespace {

std::vector<uint8_t> bytes(size_t size, uint8_t fill) { return std::vector<uint8_t>(size, fill); }

} // namespace

TEST(DnsStream, FramesAMessageBehindItsLength) {
    auto framed = frame_dns_message(bytes(300, 7));
    ASSERT_EQ(framed.size(), 302u);
    EXPECT_EQ(framed[0], 1); // 300 = 0x012c, big-endian
    EXPECT_EQ(framed[1], 0x2c);
    EXPECT_EQ(framed[2], 7);
}

TEST(DnsStream, HandsOutSeveralMessagesOfOneRead) {
    DnsStreamReader reader;
    auto first = frame_dns_message(bytes(20, 1));
    auto second = frame_dns_message(bytes(33, 2));
    std::vector<uint8_t> stream = first;
    stream.insert(stream.end(), second.begin(), second.end());
    reader.append(stream);
    EXPECT_EQ(reader.next(), bytes(20, 1));
    EXPECT_EQ(reader.next(), bytes(33, 2));
    EXPECT_FALSE(reader.next());
    EXPECT_EQ(reader.pending(), 0u);
}

TEST(DnsStream, WaitsForAMessageCutAnywhere) {
    auto framed = frame_dns_message(bytes(600, 9));
    // Every cut, the length's two bytes included: nothing until the last byte.
    for (size_t cut : {size_t{1}, size_t{2}, size_t{3}, size_t{301}, framed.size() - 1}) {
        DnsStreamReader reader;
        reader.append(std::span(framed).first(cut));
        EXPECT_FALSE(reader.next()) << "cut at " << cut;
        reader.append(std::span(framed).subspan(cut));
        EXPECT_EQ(reader.next(), bytes(600, 9)) << "cut at " << cut;
    }
}

TEST(DnsStream, ByteByByteAndAcrossMessages) {
    std::vector<uint8_t> stream;
    for (uint8_t i = 1; i <= 3; ++i) {
        auto framed = frame_dns_message(bytes(i * 10u, i));
        stream.insert(stream.end(), framed.begin(), framed.end());
    }
    DnsStreamReader reader;
    std::vector<std::vector<uint8_t>> messages;
    for (uint8_t byte : stream) {
        reader.append(std::span(&byte, 1));
        while (auto message = reader.next()) messages.push_back(*message);
    }
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[2], bytes(30, 3));
    EXPECT_EQ(reader.pending(), 0u);
}

TEST(DnsStream, AnEmptyMessageAndTheLargest) {
    DnsStreamReader reader;
    reader.append(frame_dns_message({}));
    EXPECT_EQ(reader.next(), std::vector<uint8_t>{});
    auto largest = frame_dns_message(bytes(kDnsMaxMessageSize, 5));
    EXPECT_EQ(largest[0], 0xff);
    EXPECT_EQ(largest[1], 0xff);
    reader.append(largest);
    auto message = reader.next();
    ASSERT_TRUE(message);
    EXPECT_EQ(message->size(), kDnsMaxMessageSize);
}
