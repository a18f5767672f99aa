// docker history's rows (issue 14, part 4): each row's SIZE is its own layer's,
// empty layers are 0; rows of committed images name the parent chain. A real ImageService over a real temporary store (root).
#include "image_service_fixture.h"
#include "images/image_archive.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace berth::images {
namespace {

using testing_support::one_file_tar;

Result<std::string> commit_layer(ImageService& service, const std::string& parent, const std::string& layer) {
    CommitOptions options;
    options.container_config = {{"Cmd", {"sh", "-c", "change"}}};
    return service.commit(parent, [&](const std::function<bool(std::string_view)>& sink) -> Result<> {
        sink(layer);
        return {};
    }, options);
}

TEST(ImageHistory, EachRowHasItsOwnLayersSizeAndEmptyLayersNone) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    testing_support::ImageStoreFixture store;
    auto base = store.import(std::string(100'000, 'b'), "base:1");
    ASSERT_TRUE(base) << base.error().message();
    std::string small = one_file_tar("small", "x");
    auto with_file = commit_layer(store.service(), *base, small);
    ASSERT_TRUE(with_file) << with_file.error().message();
    auto unchanged = commit_layer(store.service(), *with_file, std::string(1024, '\0')); // an empty diff
    ASSERT_TRUE(unchanged) << unchanged.error().message();

    auto history = store.service().history(*unchanged);
    ASSERT_TRUE(history) << history.error().message();
    ASSERT_EQ(history->size(), 3u);
    // Sizes as Docker's DiffSize counts them: the layer's files, not its tar
    // (headers and padding make the tars 2048 and 101888 bytes here).
    EXPECT_EQ((*history)[0]["Size"], 0u);       // the empty commit
    EXPECT_EQ((*history)[1]["Size"], 1u);       // a commit of one small file ("x"): its layer alone
    EXPECT_EQ((*history)[2]["Size"], 100'000u); // the imported base
    EXPECT_EQ(store.service().record(*unchanged)->size, 100'001u); // docker images' SIZE: the sum
    EXPECT_EQ((*history)[0]["Id"], *unchanged);
    EXPECT_EQ((*history)[0]["CreatedBy"], "sh -c change");
}

// A commit records the image it was made on: inspect's Parent, and history
// names each row after the image of the chain it came from.
TEST(ImageHistory, RowsOfACommittedImageNameTheParentChain) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    testing_support::ImageStoreFixture store;
    auto base = store.import("base", "base:1");
    ASSERT_TRUE(base) << base.error().message();
    auto middle = commit_layer(store.service(), *base, one_file_tar("m", "m"));
    ASSERT_TRUE(middle) << middle.error().message();
    auto top = commit_layer(store.service(), *middle, one_file_tar("t", "t"));
    ASSERT_TRUE(top) << top.error().message();
    ASSERT_TRUE(store.service().tag(*top, "top", "1"));

    auto inspected = store.service().inspect(*top);
    ASSERT_TRUE(inspected);
    EXPECT_EQ((*inspected)["Parent"], *middle);
    EXPECT_EQ((*store.service().inspect(*base))["Parent"], "");

    auto history = store.service().history("top:1");
    ASSERT_TRUE(history) << history.error().message();
    ASSERT_EQ(history->size(), 3u);
    EXPECT_EQ((*history)[0]["Id"], *top);
    EXPECT_EQ((*history)[0]["Tags"], nlohmann::json::array({"top:1"}));
    EXPECT_EQ((*history)[1]["Id"], *middle);
    EXPECT_TRUE((*history)[1]["Tags"].is_null());
    EXPECT_EQ((*history)[2]["Id"], *base);
    EXPECT_EQ((*history)[2]["Tags"], nlohmann::json::array({"base:1"}));

}

// Rows past what the store knows (a pulled, loaded or imported image's) are "<missing>".
TEST(ImageHistory, RowsOfAnImportedImageBelowTheTopAreMissing) {
    if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
    testing_support::ImageStoreFixture store;
    auto base = store.import("base", "base:1");
    ASSERT_TRUE(base) << base.error().message();
    auto committed = commit_layer(store.service(), *base, one_file_tar("m", "m"));
    ASSERT_TRUE(committed) << committed.error().message();
    // Saved and loaded elsewhere, the commit's rows have no parent chain.
    std::string archive;
    ASSERT_TRUE(save_images(store.service(), {*committed}, [&](std::string_view data) {
        archive.append(data);
        return true;
    }));
    testing_support::ImageStoreFixture elsewhere;
    ASSERT_TRUE(load_images(elsewhere.service(), ArchiveSource{archive, ""}));
    auto history = elsewhere.service().history(*committed);
    ASSERT_TRUE(history) << history.error().message();
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0]["Id"], *committed);
    EXPECT_EQ((*history)[1]["Id"], "<missing>");
    EXPECT_TRUE((*history)[1]["Tags"].is_null());
}

} // namespace
} // namespace berth::images
