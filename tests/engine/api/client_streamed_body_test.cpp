// EngineClient's streamed request bodies against a real berthd: a file several
// times the client's piece buffer goes up through PUT /containers/{id}/archive
// and through POST /build's context, each read from a callback that is never
// asked for more than kBodyPieceSize bytes, and comes back whole.
#include "api/client/client.h"
#include "support/berthd_process.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <format>
#include <gtest/gtest.h>

namespace berth::api {
namespace {

using berth::testing::BerthdProcess;

constexpr size_t kBlock = 512;
// Three and a bit pieces, not a multiple of a tar block.
constexpr size_t kBigSize = 3 * kBodyPieceSize + 1234;

char pattern_byte(size_t at) {
    return static_cast<char>((at * 7 + at / 4093) % 251);
}

std::string ustar_header(const std::string& name, size_t size, char type = '0') {
    std::array<char, kBlock> block{};
    std::memcpy(block.data(), name.data(), name.size());
    std::memcpy(block.data() + 100, "0000644", 7);
    std::memcpy(block.data() + 108, "0000000", 7);
    std::memcpy(block.data() + 116, "0000000", 7);
    const std::string octal_size = std::format("{:011o}", size);
    std::memcpy(block.data() + 124, octal_size.data(), 11);
    std::memcpy(block.data() + 136, "00000000000", 11);
    block[156] = type;
    std::memcpy(block.data() + 257, "ustar\0" "00", 8);
    std::memset(block.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (char c : block) sum += static_cast<unsigned char>(c);
    const std::string checksum = std::format("{:06o}", sum);
    std::memcpy(block.data() + 148, checksum.data(), 6);
    return std::string(block.data(), block.size());
}

std::string padded(std::string content) {
    content.append((kBlock - content.size() % kBlock) % kBlock, '\0');
    return content;
}

// A tar made on the fly: `small` (whole files, in memory) then "big.bin", whose
// kBigSize bytes are generated as they are asked for. Records every request's size.
class GeneratedTar {
public:
    explicit GeneratedTar(std::string small = {}) : head_(std::move(small) + ustar_header("big.bin", kBigSize)) {}

    Result<size_t> read(std::span<char> buffer) {
        largest_request_ = std::max(largest_request_, buffer.size());
        ++reads_;
        size_t filled = 0;
        const size_t padding = (kBlock - kBigSize % kBlock) % kBlock;
        const size_t total = head_.size() + kBigSize + padding + 2 * kBlock;
        for (; filled < buffer.size() && at_ < total; ++filled, ++at_) {
            if (at_ < head_.size()) buffer[filled] = head_[at_];
            else if (at_ < head_.size() + kBigSize) buffer[filled] = pattern_byte(at_ - head_.size());
            else buffer[filled] = '\0';
        }
        return filled;
    }
    BodySource body() {
        return BodySource{[this](std::span<char> buffer) { return read(buffer); }};
    }
    size_t largest_request() const { return largest_request_; }
    size_t reads() const { return reads_; }

private:
    std::string head_;
    size_t at_ = 0;
    size_t largest_request_ = 0;
    size_t reads_ = 0;
};

// The content of the first regular file in `archive` (pax headers skipped).
std::string first_file(const std::string& archive) {
    for (size_t at = 0; at + kBlock <= archive.size();) {
        if (archive[at] == '\0') break; // the end-of-archive blocks
        const char type = archive[at + 156];
        const size_t size = std::stoull(std::string(archive.data() + at + 124, 11), nullptr, 8);
        if (type == '0' || type == '\0') return archive.substr(at + kBlock, size);
        at += kBlock + (size + kBlock - 1) / kBlock * kBlock;
    }
    return {};
}

bool is_the_pattern(const std::string& content) {
    if (content.size() != kBigSize) return false;
    for (size_t i = 0; i < content.size(); ++i)
        if (content[i] != pattern_byte(i)) return false;
    return true;
}

class ClientStreamedBodyTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(daemon_.start()) << daemon_.log(); }

    // A container made from an image built FROM scratch with `big.bin` sent in the
    // context; never started (the archive API works on a created container).
    void build_and_create(GeneratedTar& context) {
        auto built = client_.stream("POST", "/build?t=streamed-body:test", [&](std::string_view piece) {
            build_output_.append(piece);
            return true;
        }, context.body());
        ASSERT_TRUE(built) << built.error().message();
        ASSERT_EQ(build_output_.find("errorDetail"), std::string::npos) << build_output_;
        auto created = client_.request("POST", "/containers/create?name=streamed-body",
                                       R"({"Image":"streamed-body:test","Cmd":["/nothing"]})");
        ASSERT_TRUE(created && created->status == 201) << (created ? created->body : created.error().message());
    }

    std::string fetch(const std::string& path) {
        auto fetched = client_.request("GET", "/containers/streamed-body/archive?path=" + path);
        if (!fetched) return "error: " + fetched.error().message();
        if (fetched->status != 200) return std::format("status {}: {}", fetched->status, fetched->body);
        return first_file(fetched->body);
    }

    BerthdProcess daemon_;
    EngineClient client_{daemon_.host()};
    std::string build_output_;
};

TEST_F(ClientStreamedBodyTest, ABuildContextAndAnUploadLargerThanThePieceBufferArriveWhole) {
    const std::string dockerfile = "FROM scratch\nCOPY big.bin /from-build.bin\n";
    GeneratedTar context(ustar_header("Dockerfile", dockerfile.size()) + padded(dockerfile));
    build_and_create(context);
    EXPECT_LE(context.largest_request(), kBodyPieceSize);
    EXPECT_GT(context.reads(), 3u) << "sent in pieces";
    EXPECT_TRUE(is_the_pattern(fetch("/from-build.bin")));

    GeneratedTar upload;
    auto put = client_.request("PUT", "/containers/streamed-body/archive?path=/", upload.body());
    ASSERT_TRUE(put) << put.error().message();
    EXPECT_EQ(put->status, 200) << put->body;
    EXPECT_LE(upload.largest_request(), kBodyPieceSize);
    EXPECT_GT(upload.reads(), 3u);
    EXPECT_TRUE(is_the_pattern(fetch("/big.bin")));
}

TEST_F(ClientStreamedBodyTest, ASourceThatFailsEndsTheRequestWithItsError) {
    const std::string dockerfile = "FROM scratch\nCOPY big.bin /from-build.bin\n";
    GeneratedTar context(ustar_header("Dockerfile", dockerfile.size()) + padded(dockerfile));
    build_and_create(context);

    size_t calls = 0;
    BodySource failing{[&](std::span<char> buffer) -> Result<size_t> {
        if (++calls == 3) return fail(ErrorCategory::System, "the disk went away");
        std::ranges::fill(buffer, 'x');
        return buffer.size();
    }};
    auto put = client_.request("PUT", "/containers/streamed-body/archive?path=/", failing);
    ASSERT_FALSE(put);
    EXPECT_NE(put.error().message().find("the disk went away"), std::string::npos) << put.error().message();

    // The daemon saw a body cut short and is still there for the next request.
    auto ping = client_.request("GET", "/_ping");
    ASSERT_TRUE(ping) << ping.error().message();
    EXPECT_EQ(ping->status, 200);
}

TEST_F(ClientStreamedBodyTest, AnUnknownContainerIsTheDaemonsError) {
    GeneratedTar upload;
    auto put = client_.request("PUT", "/containers/no-such-container/archive?path=/", upload.body());
    ASSERT_TRUE(put) << put.error().message();
    EXPECT_EQ(put->status, 404) << put->body;
    EXPECT_NE(error_from_response(*put).message().find("No such container"), std::string::npos) << put->body;
}

} // namespace
} // namespace berth::api
