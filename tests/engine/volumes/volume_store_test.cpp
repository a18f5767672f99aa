#include "volumes/volume_store.h"

#include "base/files.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <gtest/gtest.h>

namespace berth::volumes {
namespace {

namespace fs = std::filesystem;

Volume named(std::string name) {
    Volume volume;
    volume.name = std::move(name);
    volume.created_at = "2026-01-02T03:04:05Z";
    return volume;
}

TEST(VolumeStore, CreatePersistsInDockersLayout) {
    testing::TempDir dir;
    auto store = VolumeStore::open(dir / "volumes");
    ASSERT_TRUE(store);
    Volume asked = named("data");
    asked.labels = std::map<std::string, std::string>{{"team", "db"}};
    auto created = store->create(asked);
    ASSERT_TRUE(created) << created.error().message();
    EXPECT_EQ(created->mountpoint, dir / "volumes/data/_data");
    EXPECT_TRUE(fs::is_directory(created->mountpoint));

    auto reopened = VolumeStore::open(dir / "volumes");
    auto found = reopened->get("data");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->labels->at("team"), "db");
    EXPECT_EQ(found->created_at, "2026-01-02T03:04:05Z");
    EXPECT_FALSE(found->options);
    EXPECT_EQ(reopened->create(named("data")).error().http_status(), 409);
    EXPECT_EQ(reopened->get("nope").error().message(), "get nope: no such volume");
    EXPECT_EQ(reopened->get("../data").error().http_status(), 404);
}

TEST(VolumeStore, ACrashedCreateIsAdoptedWithItsData) {
    testing::TempDir dir;
    fs::create_directories(dir / "volumes/data/_data");
    ASSERT_TRUE(write_file_atomically(dir / "volumes/data/_data/kept", "x"));
    auto store = VolumeStore::open(dir / "volumes");
    EXPECT_TRUE(store->list().empty()); // no metadata: not a volume yet
    ASSERT_TRUE(store->create(named("data")));
    EXPECT_EQ(read_file(dir / "volumes/data/_data/kept").value_or(""), "x");
}

TEST(VolumeStore, RemoveLeavesNothingAndLeftoversGoAtOpen) {
    testing::TempDir dir;
    auto store = VolumeStore::open(dir / "volumes");
    ASSERT_TRUE(store->create(named("data")));
    ASSERT_TRUE(write_file_atomically(dir / "volumes/data/_data/f", "hello"));
    EXPECT_EQ(store->size("data"), 5);
    ASSERT_TRUE(store->remove("data"));
    EXPECT_TRUE(fs::is_empty(dir / "volumes"));
    EXPECT_EQ(store->remove("data").error().http_status(), 404);

    fs::create_directories(dir / "volumes/.removing-old-1234/_data");
    auto reopened = VolumeStore::open(dir / "volumes");
    EXPECT_TRUE(fs::is_empty(dir / "volumes"));
}

TEST(VolumeStore, PopulateFillsOnlyEmptyVolumes) {
    testing::TempDir dir;
    auto store = VolumeStore::open(dir / "volumes");
    ASSERT_TRUE(store->create(named("data")));
    auto fill = [](const std::string& target) { return write_file_atomically(target + "/from-image", "img"); };
    ASSERT_TRUE(store->populate("data", fill));
    EXPECT_EQ(read_file(dir / "volumes/data/_data/from-image").value_or(""), "img");
    EXPECT_FALSE(fs::exists(dir / "volumes/data/_copyup"));

    // Not empty any more: a second fill does nothing.
    auto other = [](const std::string& target) { return write_file_atomically(target + "/second", "2"); };
    ASSERT_TRUE(store->populate("data", other));
    EXPECT_FALSE(fs::exists(dir / "volumes/data/_data/second"));
}

TEST(VolumeStore, AFailedCopyLeavesTheVolumeUntouched) {
    testing::TempDir dir;
    auto store = VolumeStore::open(dir / "volumes");
    ASSERT_TRUE(store->create(named("data")));
    // What a crash mid copy leaves: a half-filled staging directory.
    fs::create_directories(dir / "volumes/data/_copyup");
    ASSERT_TRUE(write_file_atomically(dir / "volumes/data/_copyup/partial", "p"));
    auto failing = [](const std::string& target) -> Result<> {
        (void)write_file_atomically(target + "/half", "h");
        return fail(ErrorCategory::System, "disk full");
    };
    auto filled = store->populate("data", failing);
    ASSERT_FALSE(filled);
    EXPECT_EQ(filled.error().message(), "copying into volume data: disk full");
    EXPECT_TRUE(store->empty("data"));
    EXPECT_FALSE(fs::exists(dir / "volumes/data/_copyup"));
}

} // namespace
} // namespace berth::volumes
