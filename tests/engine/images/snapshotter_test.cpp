// The overlay snapshotter on the real kernel: needs root (mount).
#include "images/snapshotter.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <format>
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

// vfs: a copy of the layers per container, bind-mounted at <dir>/rootfs; the
// container's writes land in its own copy, never in the shared snapshots.
TEST(VfsSnapshotter, CopiesTheLayersOncePerContainer) {
    berth::testing::TempDir temp("berth-vfs");
    std::string bottom = temp.path() + "/bottom", top = temp.path() + "/top";
    fs::create_directories(bottom + "/etc");
    fs::create_directories(top + "/etc");
    std::ofstream(bottom + "/etc/motd") << "bottom";
    std::ofstream(bottom + "/etc/gone") << "x";
    std::ofstream(top + "/etc/.wh.gone");
    std::vector<std::string> lowers{top, bottom};

    auto snapshotter = make_vfs_snapshotter();
    EXPECT_EQ(snapshotter->name(), "vfs");
    EXPECT_TRUE(snapshotter->copies_whole_tree());
    std::string dir = temp.path() + "/container";
    auto rootfs = snapshotter->mount(dir, lowers);
    ASSERT_TRUE(rootfs) << rootfs.error().message();
    struct Unmount {
        std::string target;
        ~Unmount() { ::umount2(target.c_str(), MNT_DETACH); }
    } unmount{*rootfs};
    EXPECT_EQ(read_text(*rootfs + "/etc/motd"), "bottom");
    EXPECT_FALSE(fs::exists(*rootfs + "/etc/gone"));
    std::ofstream(*rootfs + "/etc/motd") << "changed";
    EXPECT_EQ(read_text(snapshotter->changes(dir) + "/etc/motd"), "changed");
    EXPECT_EQ(read_text(bottom + "/etc/motd"), "bottom") << "the snapshot is not the container's";

    // Unmounted and mounted again (a stop and a start): the same copy, not a new one.
    ASSERT_TRUE(snapshotter->unmount(dir));
    EXPECT_FALSE(fs::exists(*rootfs + "/etc/motd"));
    auto again = snapshotter->mount(dir, lowers);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(read_text(*again + "/etc/motd"), "changed");
    EXPECT_EQ(snapshotter->mount(dir, lowers).value_or(""), *again) << "already mounted: found, not stacked";

    // The other driver's writable layer is refused, not silently replaced.
    auto overlay = make_overlay_snapshotter();
    auto refused = overlay->mount(dir, lowers);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("made by the vfs storage driver"), std::string::npos)
        << refused.error().message();

    ASSERT_TRUE(snapshotter->remove(dir));
    EXPECT_FALSE(fs::exists(dir + "/rw"));
    EXPECT_FALSE(fs::exists(*rootfs));
}

// The choice at start: overlay2 where an overlay mounts, vfs where the data root
// is itself an overlay (overlayfs refuses an upper dir on overlayfs).
TEST(Snapshotters, ChoosesVfsWhereOverlaysDoNotMount) {
    berth::testing::TempDir temp("berth-probe");
    std::string why;
    auto chosen = make_snapshotter("", temp.path(), why);
    ASSERT_TRUE(chosen) << chosen.error().message();
    EXPECT_EQ((*chosen)->name(), "overlay2") << why;
    EXPECT_TRUE(fs::is_empty(temp.path())) << "the probe leaves nothing behind";

    std::string root = temp.path() + "/overlay-root";
    for (const auto* part : {"/lower", "/upper", "/work", "/merged"}) fs::create_directories(root + part);
    std::string options = std::format("lowerdir={0}/lower,upperdir={0}/upper,workdir={0}/work", root);
    ASSERT_EQ(::mount("overlay", (root + "/merged").c_str(), "overlay", 0, options.c_str()), 0);
    struct Unmount {
        std::string target;
        ~Unmount() { ::umount2(target.c_str(), MNT_DETACH); }
    } unmount{root + "/merged"};
    EXPECT_FALSE(probe_overlay(root + "/merged"));
    chosen = make_snapshotter("", root + "/merged", why);
    ASSERT_TRUE(chosen) << chosen.error().message();
    EXPECT_EQ((*chosen)->name(), "vfs");
    EXPECT_NE(why.find("overlay2 cannot be used here"), std::string::npos) << why;
    auto refused = make_snapshotter("overlay2", root + "/merged", why);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("error initializing graphdriver: driver not supported: overlay2"),
              std::string::npos)
        << refused.error().message();
    EXPECT_EQ(make_snapshotter("vfs", temp.path(), why).value()->name(), "vfs");
    EXPECT_FALSE(make_snapshotter("zfs", temp.path(), why));
}

} // namespace
} // namespace berth::images
