// The overlay snapshotter on the real kernel: needs root (mount).
#include "images/snapshotter.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/mount.h>

namespace berth::images {
namespace {

namespace fs = std::filesystem;

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// More layers than one mount option string can name with snapshot-length paths
// (a page holds ~40): each layer is passed alone ("lowerdir+").
TEST(OverlaySnapshotter, StacksMoreLayersThanOneOptionStringHolds) {
    berth::testing::TempDir temp("berth-snapshotter");
    std::vector<std::string> lowers; // top layer first, as ImageService::layer_paths gives them
    constexpr int kLayers = 80;
    for (int i = 0; i < kLayers; ++i) {
        std::string lower = std::format("{}/snapshots/{:064x}/fs", temp.path(), i);
        fs::create_directories(lower);
        std::ofstream(lower + "/layer-" + std::to_string(i)) << i;
        std::ofstream(lower + "/top") << i; // the top layer's copy wins
        lowers.insert(lowers.begin(), lower);
    }
    size_t option_length = 0;
    for (const auto& lower : lowers) option_length += lower.size() + 1;
    ASSERT_GT(option_length, 4096u) << "the test must exceed what one mount option string holds";

    auto snapshotter = make_overlay_snapshotter();
    std::string dir = temp.path() + "/container";
    auto rootfs = snapshotter->mount(dir, lowers);
    ASSERT_TRUE(rootfs) << rootfs.error().message();
    struct Unmount { // a failed expectation below still leaves no mount behind
        std::string target;
        ~Unmount() { ::umount2(target.c_str(), MNT_DETACH); }
    } unmount{*rootfs};
    EXPECT_EQ(read_text(*rootfs + "/layer-0"), "0");
    EXPECT_EQ(read_text(*rootfs + "/layer-" + std::to_string(kLayers - 1)), std::to_string(kLayers - 1));
    EXPECT_EQ(read_text(*rootfs + "/top"), std::to_string(kLayers - 1));
    std::ofstream(*rootfs + "/written") << "upper";
    EXPECT_EQ(read_text(snapshotter->changes(dir) + "/written"), "upper");
    // Mounting again (berthd restarted while the container ran) finds it mounted.
    auto again = snapshotter->mount(dir, lowers);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(*again, *rootfs);
    ASSERT_TRUE(snapshotter->remove(dir));
    EXPECT_FALSE(fs::exists(*rootfs + "/layer-0"));
}

} // namespace
} // namespace berth::images
