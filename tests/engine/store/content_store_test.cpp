#include "base/digest.h"
#include "base/files.h"
#include "store/content_store.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace berth::store {
namespace {

namespace fs = std::filesystem;

const std::string kAbc = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const std::string kEmpty = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(Digest, MatchesKnownVectors) {
    EXPECT_EQ(digest_of("abc"), kAbc);
    EXPECT_EQ(digest_of(""), kEmpty);
    Sha256 pieces;
    pieces.update("a");
    pieces.update("bc");
    EXPECT_EQ(pieces.digest(), kAbc);
    EXPECT_EQ(pieces.digest(), kAbc) << "digest() must not disturb the running hash";
}

class ContentStoreTest : public ::testing::Test {
protected:
    testing::TempDir temp_{"berth-content"};
    ContentStore store_ = ContentStore::open(temp_.path()).value();
    size_t ingest_entries() const {
        return static_cast<size_t>(std::distance(fs::directory_iterator(temp_ / "ingest"), fs::directory_iterator()));
    }
};

TEST_F(ContentStoreTest, StreamedBlobsArePublishedUnderTheirDigest) {
    auto writer = store_.writer().value();
    ASSERT_TRUE(writer.write("a"));
    ASSERT_TRUE(writer.write("bc"));
    EXPECT_FALSE(store_.has(kAbc)) << "nothing is visible before commit";
    auto digest = writer.commit(kAbc);
    ASSERT_TRUE(digest) << digest.error().message();
    EXPECT_EQ(*digest, kAbc);
    EXPECT_TRUE(store_.has(kAbc));
    EXPECT_EQ(store_.read(kAbc).value(), "abc");
    EXPECT_EQ(store_.size(kAbc).value(), 3u);
    EXPECT_EQ(store_.list(), std::vector<std::string>{kAbc});
    EXPECT_EQ(ingest_entries(), 0u);
}

TEST_F(ContentStoreTest, AMismatchedDigestIsRefusedAndNothingStays) {
    auto refused = store_.put("not abc", kAbc);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("digest mismatch"), std::string::npos);
    EXPECT_EQ(refused.error().http_status(), 400);
    EXPECT_FALSE(store_.has(kAbc));
    EXPECT_TRUE(store_.list().empty());
    EXPECT_EQ(ingest_entries(), 0u);
}

TEST_F(ContentStoreTest, AbandonedWritersLeaveNothing) {
    {
        auto writer = store_.writer().value();
        ASSERT_TRUE(writer.write("half a layer"));
        EXPECT_EQ(ingest_entries(), 1u);
    }
    EXPECT_EQ(ingest_entries(), 0u);
    EXPECT_TRUE(store_.list().empty());
}

TEST_F(ContentStoreTest, ACrashsIngestLeftoversAreSweptAtOpen) {
    write_file_atomically(temp_ / "ingest/leftover", "partial");
    ASSERT_EQ(ingest_entries(), 1u);
    auto reopened = ContentStore::open(temp_.path());
    ASSERT_TRUE(reopened);
    EXPECT_EQ(ingest_entries(), 0u);
}

TEST_F(ContentStoreTest, BadDigestsAreRefusedNotTurnedIntoPaths) {
    for (const char* bad : {"sha256:../../etc/passwd", "md5:abc", "", "sha256:ABC"}) {
        EXPECT_FALSE(store_.has(bad)) << bad;
        auto read = store_.read(bad);
        ASSERT_FALSE(read) << bad;
        EXPECT_EQ(read.error().http_status(), 400);
        EXPECT_FALSE(store_.remove(bad));
    }
}

TEST_F(ContentStoreTest, RemoveDeletesAndIsIdempotent) {
    ASSERT_TRUE(store_.put("abc"));
    ASSERT_TRUE(store_.remove(kAbc));
    EXPECT_FALSE(store_.has(kAbc));
    EXPECT_TRUE(store_.remove(kAbc));
    EXPECT_EQ(store_.read(kAbc).error().http_status(), 404);
}

} // namespace
} // namespace berth::store
