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

// An index as berthd wrote it before records owned given layer blobs (no
// "layer_blobs"): it loads, with none, and reads back the same once rewritten.
TEST_F(ImageStoreTest, AnIndexWrittenBeforeLayerBlobsStillLoads) {
    std::string gz = "sha256:" + std::string(64, 'd');
    std::string manifest = "sha256:" + std::string(64, 'e');
    {
        std::ofstream(temp_ / "old.json") << R"({
  "images": {
    ")" << kA << R"(": {"blobs": [")" << manifest << R"(", ")" << gz << R"("], "diff_ids": [")" << kLayer
                                          << R"("], "last_tag_time": "2026-11-28T00:00:00Z", "parent": "", "size": 7}
  },
  "held": {
    ")" << kAb << R"(": {"blobs": [], "diff_ids": [")" << kLayer << R"("], "last_tag_time": "", "parent": ")" << kA
                                          << R"(", "size": 7}
  },
  "references": {"docker.io/library/busybox:latest": ")" << kA << R"("}
})";
    }
    auto old = ImageStore::open(temp_ / "old.json");
    ASSERT_TRUE(old) << old.error().message();
    auto image = (*old)->get(kA);
    ASSERT_TRUE(image);
    EXPECT_EQ(image->blobs, (std::vector<std::string>{manifest, gz}));
    EXPECT_EQ(image->size, 7u);
    EXPECT_TRUE(image->layer_blobs.empty());
    auto held = (*old)->held(kAb);
    ASSERT_TRUE(held);
    EXPECT_EQ(held->parent, kA);
    EXPECT_TRUE(held->layer_blobs.empty());
    EXPECT_EQ((*old)->image_of("docker.io/library/busybox:latest"), kA);
    // Rewritten (a tag), the records read the same, with no layer_blobs key.
    ASSERT_TRUE((*old)->tag("x/y:1", kA, "t"));
    std::ifstream text(temp_ / "old.json");
    std::string written((std::istreambuf_iterator<char>(text)), std::istreambuf_iterator<char>());
    EXPECT_EQ(written.find("layer_blobs"), std::string::npos);
    auto again = ImageStore::open(temp_ / "old.json");
    ASSERT_TRUE(again);
    EXPECT_EQ((*again)->get(kA)->blobs, image->blobs);
}

// A record leaving gives its layer blobs in the same write; the one given
// keeps them when it is added again (a pull of it once more names none), and
// a held record's pass to the image it becomes again.
TEST_F(ImageStoreTest, LayerBlobsAreGivenKeptAndSurviveReopening) {
    std::string gz = "sha256:" + std::string(64, 'd');
    LayerBlob blob{gz, "application/vnd.oci.image.layer.v1.tar+gzip"};
    ASSERT_TRUE(store_->add({kA, {kLayer}, 1, "", {gz}}));
    ASSERT_TRUE(store_->add({kAb, {kLayer}, 1, ""}));
    ASSERT_TRUE(store_->remove(kA, {{kAb, kLayer, blob}}));
    auto reopened = ImageStore::open(path_).value();
    ASSERT_FALSE(reopened->get(kA));
    ASSERT_TRUE(reopened->get(kAb));
    EXPECT_EQ(reopened->get(kAb)->layer_blobs, (std::map<std::string, LayerBlob>{{kLayer, blob}}));

    ASSERT_TRUE(reopened->add({kAb, {kLayer}, 1, ""}, {"x/y:1"}, "t"));
    EXPECT_EQ(reopened->get(kAb)->layer_blobs.size(), 1u);
    ASSERT_TRUE(reopened->hold(kAb));
    EXPECT_EQ(reopened->held(kAb)->layer_blobs.size(), 1u);
    ASSERT_TRUE(reopened->add({kAb, {kLayer}, 1, ""}));
    EXPECT_FALSE(reopened->held(kAb));
    EXPECT_EQ(reopened->get(kAb)->layer_blobs, (std::map<std::string, LayerBlob>{{kLayer, blob}}));
    // To a held record too, and by a held record's release.
    ASSERT_TRUE(reopened->add({kA, {kLayer}, 1, ""}));
    ASSERT_TRUE(reopened->hold(kA));
    ASSERT_TRUE(reopened->remove(kAb, {{kA, kLayer, blob}}));
    EXPECT_EQ(reopened->held(kA)->layer_blobs.size(), 1u);
    ASSERT_TRUE(reopened->add({kAb, {kLayer}, 1, ""}));
    ASSERT_TRUE(reopened->release(kA, {{kAb, kLayer, blob}}));
    EXPECT_FALSE(reopened->held(kA));
    EXPECT_EQ(ImageStore::open(path_).value()->get(kAb)->layer_blobs.size(), 1u);
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
