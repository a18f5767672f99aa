#include "base/digest.h"
#include "store/image_store.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace berth::store {
namespace {

const std::string kA = "sha256:" + std::string(64, 'a');
const std::string kAb = "sha256:ab" + std::string(62, '0');
const std::string kLayer = "sha256:" + std::string(64, 'c');

class ImageStoreTest : public ::testing::Test {
protected:
    testing::TempDir temp_{"berth-images"};
    std::string path_ = temp_ / "image/index.json";
    std::unique_ptr<ImageStore> store_ = ImageStore::open(path_).value();
};

TEST_F(ImageStoreTest, RecordsAndTagsSurviveReopening) {
    ASSERT_TRUE(store_->add({kA, {kLayer}, 42, ""}));
    ASSERT_TRUE(store_->tag("docker.io/library/busybox:latest", kA, "2026-11-28T00:00:00Z"));
    auto reopened = ImageStore::open(path_).value();
    ASSERT_TRUE(reopened->get(kA));
    EXPECT_EQ(reopened->get(kA)->size, 42u);
    EXPECT_EQ(reopened->get(kA)->last_tag_time, "2026-11-28T00:00:00Z");
    EXPECT_EQ(reopened->image_of("docker.io/library/busybox:latest"), kA);
    EXPECT_EQ(reopened->references_to(kA), std::vector<std::string>{"docker.io/library/busybox:latest"});
}

TEST_F(ImageStoreTest, ATagMovesAndRemovalDropsTags) {
    ASSERT_TRUE(store_->add({kA, {kLayer}, 1, ""}));
    ASSERT_TRUE(store_->add({kAb, {kLayer}, 1, ""}));
    ASSERT_TRUE(store_->tag("x/y:1", kA, "t"));
    ASSERT_TRUE(store_->tag("x/y:1", kAb, "t"));
    EXPECT_EQ(store_->image_of("x/y:1"), kAb);
    EXPECT_TRUE(store_->references_to(kA).empty());
    ASSERT_TRUE(store_->remove(kAb));
    EXPECT_FALSE(store_->image_of("x/y:1"));
    EXPECT_EQ(store_->tag("x/y:2", kAb, "t").error().http_status(), 404);
    EXPECT_EQ(store_->untag("x/y:9").error().http_status(), 404);
}

TEST_F(ImageStoreTest, IdPrefixesAreUniqueOrAnError) {
    ASSERT_TRUE(store_->add({kA, {}, 0, ""}));
    ASSERT_TRUE(store_->add({kAb, {}, 0, ""}));
    EXPECT_EQ(store_->find_by_id("aaaa").value(), kA);
    EXPECT_EQ(store_->find_by_id("sha256:ab0").value(), kAb);
    EXPECT_EQ(store_->find_by_id(kA).value(), kA);
    auto ambiguous = store_->find_by_id("a");
    ASSERT_FALSE(ambiguous);
    EXPECT_NE(ambiguous.error().message().find("multiple IDs"), std::string::npos);
    EXPECT_EQ(store_->find_by_id("ff").value(), std::nullopt);
    EXPECT_EQ(store_->find_by_id("busybox").value(), std::nullopt);
}

TEST_F(ImageStoreTest, ACorruptIndexIsAClearError) {
    std::filesystem::create_directories(temp_ / "bad");
    {
        std::ofstream(temp_ / "bad/index.json") << "{ not json";
    }
    auto opened = ImageStore::open(temp_ / "bad/index.json");
    ASSERT_FALSE(opened);
    EXPECT_NE(opened.error().message().find("reading the image index"), std::string::npos);
}

TEST(ChainIds, FollowTheOciDefinition) {
    std::string a = "sha256:" + std::string(64, '1'), b = "sha256:" + std::string(64, '2');
    auto chain = chain_ids({a, b});
    ASSERT_EQ(chain.size(), 2u);
    EXPECT_EQ(chain[0], a);
    EXPECT_EQ(chain[1], digest_of(a + " " + b));
}

} // namespace
} // namespace berth::store
