#include "logs/message_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using berth::logs::MessageSplitter;
using berth::logs::SplitMessage;

namespace {

struct Collected {
    std::string line;
    bool partial;
    bool operator==(const Collected&) const = default;
};

struct Collector {
    std::vector<Collected> messages;
    MessageSplitter::Sink sink() {
        return [this](const SplitMessage& m) { messages.push_back({std::string(m.line), m.partial}); };
    }
};

} // namespace

TEST(MessageSplitter, SplitsLinesAcrossChunks) {
    MessageSplitter splitter;
    Collector out;
    splitter.feed("hel", out.sink());
    EXPECT_TRUE(out.messages.empty());
    splitter.feed("lo\nwor", out.sink());
    splitter.feed("ld\n\nlast", out.sink());
    EXPECT_EQ(out.messages, (std::vector<Collected>{{"hello", false}, {"world", false}, {"", false}}));
    EXPECT_EQ(splitter.pending(), 4u);
    splitter.flush(out.sink());
    EXPECT_EQ(out.messages.back(), (Collected{"last", true}));
    EXPECT_EQ(splitter.pending(), 0u);
    splitter.flush(out.sink());
    EXPECT_EQ(out.messages.size(), 4u);
}

TEST(MessageSplitter, LongLineGoesOutInPartialPiecesOf16KiB) {
    MessageSplitter splitter;
    Collector out;
    std::string line(40000, 'x');
    // In small chunks, like a pipe would deliver it.
    std::string input = line + "\n";
    for (size_t at = 0; at < input.size(); at += 3000) splitter.feed(std::string_view(input).substr(at, 3000), out.sink());
    ASSERT_EQ(out.messages.size(), 3u);
    EXPECT_EQ(out.messages[0].line.size(), 16384u);
    EXPECT_TRUE(out.messages[0].partial);
    EXPECT_EQ(out.messages[1].line.size(), 16384u);
    EXPECT_TRUE(out.messages[1].partial);
    EXPECT_EQ(out.messages[2].line.size(), 40000u - 2 * 16384u);
    EXPECT_FALSE(out.messages[2].partial);
}

TEST(MessageSplitter, ExactlyFullBufferBeforeNewlineIsPartialThenEmptyLine) {
    // dockerd's buffer holds 16 KiB: the newline after 16 KiB no longer fits.
    MessageSplitter splitter;
    Collector out;
    splitter.feed(std::string(16384, 'a') + "\n", out.sink());
    ASSERT_EQ(out.messages.size(), 2u);
    EXPECT_TRUE(out.messages[0].partial);
    EXPECT_EQ(out.messages[1], (Collected{"", false}));
}

TEST(MessageSplitter, ManyLinesInOneChunk) {
    MessageSplitter splitter;
    Collector out;
    splitter.feed("a\nb\nc\n", out.sink());
    EXPECT_EQ(out.messages, (std::vector<Collected>{{"a", false}, {"b", false}, {"c", false}}));
}
