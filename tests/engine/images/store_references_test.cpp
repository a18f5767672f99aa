// Who uses what in the image store (store_references.h): the answer rmi, prune
// and the sweep ask before removing a blob or a snapshot.
#include "images/store_references.h"

#include "base/digest.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace berth::images {
namespace {

using store::ImageRecord;

std::string digest(const std::string& seed) { return digest_of(seed); }

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::ranges::find(list, item) != list.end();
}

TEST(StoreReferences, AnImageUsesItsConfigLayerTarsBlobsAndEverySnapshotOfItsStack) {
    ImageRecord image{digest("config"), {digest("l1"), digest("l2")}, 10, "", {digest("manifest"), digest("gz")}};
    StoreReferences references({image});
    for (const auto& blob : {image.id, digest("l1"), digest("l2"), digest("manifest"), digest("gz")})
        EXPECT_TRUE(references.uses_blob(blob)) << blob;
    EXPECT_FALSE(references.uses_blob(digest("other")));
    for (const auto& chain_id : store::chain_ids(image.diff_ids)) EXPECT_TRUE(references.uses_snapshot(chain_id));
    EXPECT_FALSE(references.uses_snapshot(digest("l2"))); // l2 alone is not a stack anyone has
}

TEST(StoreReferences, UnusedOfTheOnlyImageIsAllOfItTopSnapshotFirst) {
    ImageRecord image{digest("config"), {digest("l1"), digest("l2")}, 10, "", {digest("manifest")}};
    auto unused = StoreReferences({}).unused_of(image);
    auto chain = store::chain_ids(image.diff_ids);
    EXPECT_EQ(unused.snapshots, (std::vector<std::string>{chain[1], chain[0]}));
    EXPECT_EQ(unused.blobs.size(), 4u);
    for (const auto& blob : {image.id, digest("l1"), digest("l2"), digest("manifest")})
        EXPECT_TRUE(contains(unused.blobs, blob)) << blob;
}

// The data loss of issue 14: b:1, committed on a:1, pushed (its plain layer tars
// uploaded under their DiffIDs) and pulled back, names a:1's layer tar as one of
// its own blobs. Deleting b:1 must leave it for a:1.
TEST(StoreReferences, AnotherImagesLayerTarListedAsAPulledBlobStays) {
    std::string base_layer = digest("base layer tar");
    std::string top_layer = digest("top layer tar");
    ImageRecord a{digest("config a"), {base_layer}, 5, "", {}};
    ImageRecord pulled_b{digest("config b"), {base_layer, top_layer}, 6, "", {digest("manifest b"), base_layer, top_layer}};
    auto unused = StoreReferences({a}).unused_of(pulled_b);
    EXPECT_FALSE(contains(unused.blobs, base_layer));
    EXPECT_FALSE(contains(unused.snapshots, base_layer)); // the one-layer stack's chain ID is its DiffID
    EXPECT_TRUE(contains(unused.blobs, top_layer));
    EXPECT_TRUE(contains(unused.blobs, digest("manifest b")));
    EXPECT_TRUE(contains(unused.blobs, pulled_b.id));
    EXPECT_EQ(unused.snapshots, std::vector<std::string>{store::chain_ids(pulled_b.diff_ids)[1]});
}

TEST(StoreReferences, ACompressedBlobAnotherImageOwnsStays) {
    ImageRecord first{digest("c1"), {digest("l")}, 1, "", {digest("gz"), digest("m1")}};
    ImageRecord second{digest("c2"), {digest("l")}, 1, "", {digest("gz"), digest("m2")}};
    auto unused = StoreReferences({second}).unused_of(first);
    EXPECT_FALSE(contains(unused.blobs, digest("gz")));
    EXPECT_FALSE(contains(unused.blobs, digest("l")));
    EXPECT_TRUE(unused.snapshots.empty());
    EXPECT_TRUE(contains(unused.blobs, digest("m1")));
}

// The same layer tar higher in another image's stack: the tar stays, the snapshot
// of this stack (another chain ID) goes.
TEST(StoreReferences, TheSameLayerElsewhereInAStackKeepsTheTarNotTheSnapshot) {
    ImageRecord low{digest("c1"), {digest("x")}, 1, "", {}};
    ImageRecord high{digest("c2"), {digest("base"), digest("x")}, 2, "", {}};
    auto unused = StoreReferences({high}).unused_of(low);
    EXPECT_FALSE(contains(unused.blobs, digest("x")));
    EXPECT_EQ(unused.snapshots, std::vector<std::string>{digest("x")});
}

TEST(StoreReferences, AnImagesConfigNamedAsAnotherImagesBlobStays) {
    ImageRecord image{digest("c1"), {digest("l")}, 1, "", {}};
    ImageRecord other{digest("c2"), {digest("l")}, 1, "", {digest("c1")}};
    EXPECT_FALSE(contains(StoreReferences({other}).unused_of(image).blobs, digest("c1")));
}

// A compressed layer given to an image (when the image pulled with it went)
// is that image's as much as the blobs it lists.
TEST(StoreReferences, AGivenLayerBlobIsUsed) {
    ImageRecord image{digest("config"), {digest("l1")}, 10, ""};
    image.layer_blobs[digest("l1")] = {digest("gz"), "application/vnd.oci.image.layer.v1.tar+gzip"};
    EXPECT_TRUE(StoreReferences({image}).uses_blob(digest("gz")));
    EXPECT_TRUE(contains(StoreReferences({}).unused_of(image).blobs, digest("gz")));
    EXPECT_FALSE(contains(StoreReferences({image}).unused_of(image).blobs, digest("gz")));
}

} // namespace
} // namespace berth::images
