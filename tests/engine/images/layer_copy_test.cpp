// Layer snapshots read as one tree (LayerStack), copied into one (copy_layers,
// the vfs driver's) and respelled for overlayfs (respell_as_overlay), on real
// files. Needs root: whiteouts are 0/0 character devices (mknod), opaque
// directories carry trusted.* xattrs, files change owners.
#include "base/files.h"
#include "base/unique_fd.h"
#include "images/layer_copy.h"
#include "images/layer_stack.h"
#include "images/whiteouts.h"
#include "support/temp_dir.h"

#include <cstring>
#include <fcntl.h>
#include <format>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace berth::images {
namespace {

namespace fs = std::filesystem;

void write(const std::string& path, const std::string& content) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << content;
}

std::string read_text(const std::string& path) {
    auto text = read_file(path);
    return text ? *text : "<missing>";
}

void whiteout(const std::string& path) {
    fs::create_directories(fs::path(path).parent_path());
    ASSERT_EQ(::mknod(path.c_str(), S_IFCHR | 0, ::makedev(0, 0)), 0) << path;
}

void opaque(const std::string& dir) {
    fs::create_directories(dir);
    ASSERT_EQ(::setxattr(dir.c_str(), "trusted.overlay.opaque", "y", 1, 0), 0) << dir;
}

bool exists(const std::string& path) {
    struct stat info{};
    return ::lstat(path.c_str(), &info) == 0;
}

// Three layers, the middle one spelled as overlayfs spells deletions and the
// top one as the OCI image spec does: what vfs meets on a data root overlay2
// used before.
class LayersTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "whiteouts, opaque dirs and owners need root";
        std::string bottom = layer(0), middle = layer(1), top = layer(2);
        write(bottom + "/etc/passwd", "root\n");
        write(bottom + "/etc/motd", "hello\n");
        write(bottom + "/var/cache/old", "old");
        write(bottom + "/gone/deep/file", "x");
        write(bottom + "/opq/old", "old");
        write(bottom + "/link-then-dir/x", "x");
        fs::create_symlink("/etc", bottom + "/abs");
        ASSERT_EQ(::mkfifo((bottom + "/fifo").c_str(), 0640), 0);
        write(bottom + "/hard/one", "shared");
        ASSERT_EQ(::link((bottom + "/hard/one").c_str(), (bottom + "/hard/two").c_str()), 0);
        ASSERT_EQ(::chown((bottom + "/etc/motd").c_str(), 1000, 1001), 0);
        ASSERT_EQ(::chmod((bottom + "/etc/motd").c_str(), 04751), 0);
        ASSERT_EQ(::setxattr((bottom + "/etc/motd").c_str(), "trusted.berth-test", "v", 1, 0), 0);
        const struct timespec times[2] = {{1000, 0}, {123456789, 987654321}};
        ASSERT_EQ(::utimensat(AT_FDCWD, (bottom + "/etc/motd").c_str(), times, 0), 0);

        whiteout(middle + "/etc/passwd");               // deleted
        whiteout(middle + "/gone");                     // a whole directory deleted
        opaque(middle + "/var/cache");                  // emptied, then given a new file
        write(middle + "/var/cache/new", "new");
        write(middle + "/etc/added", "added");

        write(top + "/opq/.wh..wh..opq", "");           // OCI opaque
        write(top + "/opq/fresh", "fresh");
        write(top + "/etc/.wh.added", "");              // OCI whiteout of the middle's file
        write(top + "/etc/passwd", "again\n");          // made anew above its whiteout
        write(top + "/link-then-dir/.keep", "");        // nothing special: merged
        write(top + "/abs/file", "not the host's /etc"); // a directory over the bottom's symlink
    }

    std::string layer(int i) const { return temp_.path() + "/layer" + std::to_string(i); }
    std::vector<std::string> layers() const { return {layer(2), layer(1), layer(0)}; } // top first

    berth::testing::TempDir temp_{"berth-layers"};
};

TEST_F(LayersTest, CopyAppliesTheLayersAsOverlayfsWouldMergeThem) {
    std::string tree = temp_.path() + "/tree";
    fs::create_directories(tree);
    auto copied = copy_layers(layers(), tree);
    ASSERT_TRUE(copied) << copied.error().message();

    EXPECT_EQ(read_text(tree + "/etc/passwd"), "again\n");
    EXPECT_FALSE(exists(tree + "/etc/added")) << "an OCI whiteout deletes";
    EXPECT_FALSE(exists(tree + "/gone")) << "an overlay whiteout deletes a whole directory";
    EXPECT_FALSE(exists(tree + "/var/cache/old")) << "an overlay-opaque directory hides the lowers'";
    EXPECT_EQ(read_text(tree + "/var/cache/new"), "new");
    EXPECT_FALSE(exists(tree + "/opq/old")) << "an OCI-opaque directory hides the lowers'";
    EXPECT_EQ(read_text(tree + "/opq/fresh"), "fresh");
    EXPECT_FALSE(exists(tree + "/opq/.wh..wh..opq")) << "markers are not copied";
    EXPECT_FALSE(exists(tree + "/etc/.wh.added"));
    EXPECT_EQ(read_text(tree + "/link-then-dir/x"), "x");
    EXPECT_TRUE(exists(tree + "/link-then-dir/.keep"));
    EXPECT_EQ(read_text(tree + "/abs/file"), "not the host's /etc");
    EXPECT_TRUE(fs::is_directory(fs::symlink_status(tree + "/abs")));

    struct stat motd{}, fifo{}, one{}, two{};
    ASSERT_EQ(::lstat((tree + "/etc/motd").c_str(), &motd), 0);
    EXPECT_EQ(motd.st_uid, 1000u);
    EXPECT_EQ(motd.st_gid, 1001u);
    EXPECT_EQ(motd.st_mode & 07777, 04751u) << "the set-uid bit survives the chown";
    EXPECT_EQ(motd.st_mtim.tv_sec, 123456789);
    EXPECT_EQ(motd.st_mtim.tv_nsec, 987654321);
    char value[4] = {};
    EXPECT_EQ(::lgetxattr((tree + "/etc/motd").c_str(), "trusted.berth-test", value, sizeof value), 1);
    EXPECT_EQ(value[0], 'v');
    ASSERT_EQ(::lstat((tree + "/fifo").c_str(), &fifo), 0);
    EXPECT_TRUE(S_ISFIFO(fifo.st_mode));
    EXPECT_EQ(fifo.st_mode & 07777, 0640u);
    ASSERT_EQ(::lstat((tree + "/hard/one").c_str(), &one), 0);
    ASSERT_EQ(::lstat((tree + "/hard/two").c_str(), &two), 0);
    EXPECT_EQ(one.st_ino, two.st_ino) << "hard links stay links";
    char opaque_value[2];
    EXPECT_LT(::lgetxattr((tree + "/var/cache").c_str(), "trusted.overlay.opaque", opaque_value, sizeof opaque_value), 0)
        << "overlayfs's marks are not copied";
}

// The stack and the copy must agree on every path: what docker diff under vfs
// compares against is what the container got.
void expect_same_tree(const LayerStack& stack, const std::string& tree, const std::string& path) {
    std::set<std::string> listed = stack.list(path.empty() ? "/" : path);
    UniqueFd dir(::open((tree + path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(dir) << path;
    auto names = directory_entries(dir.get());
    EXPECT_EQ(std::vector<std::string>(listed.begin(), listed.end()), names) << "listing " << path;
    for (const auto& name : names) {
        std::string child = path + "/" + name;
        auto found = stack.lookup(child);
        ASSERT_TRUE(found) << child;
        struct stat copy{};
        ASSERT_EQ(::lstat((tree + child).c_str(), &copy), 0);
        EXPECT_EQ(found->st_mode, copy.st_mode) << child;
        if (S_ISDIR(copy.st_mode)) {
            expect_same_tree(stack, tree, child);
        } else {
            EXPECT_EQ(found->st_size, copy.st_size) << child;
        }
    }
}

TEST_F(LayersTest, StackReadsWhatTheCopyHolds) {
    std::string tree = temp_.path() + "/tree";
    fs::create_directories(tree);
    ASSERT_TRUE(copy_layers(layers(), tree));
    LayerStack stack(layers());
    expect_same_tree(stack, tree, "");
    EXPECT_FALSE(stack.lookup("/gone/deep/file")) << "below a deleted directory";
    EXPECT_FALSE(stack.lookup("/var/cache/old")) << "below an opaque directory";
    EXPECT_FALSE(stack.lookup("/abs/passwd")) << "never through the bottom layer's symlink";
    EXPECT_FALSE(stack.lookup("/etc/.wh.added")) << "markers are not entries";
    EXPECT_TRUE(stack.list("/etc/motd").empty()) << "a file lists nothing";
}

// What the OCI spelling respelled gives under a real overlay mount: the same
// tree as the copy.
TEST_F(LayersTest, RespelledLayersMountAsTheCopyReads) {
    auto respelled = respell_as_overlay(layer(2));
    ASSERT_TRUE(respelled) << respelled.error().message();
    ASSERT_TRUE(respell_as_overlay(layer(2))) << "running it again changes nothing";
    EXPECT_FALSE(exists(layer(2) + "/opq/.wh..wh..opq"));
    EXPECT_FALSE(exists(layer(2) + "/etc/.wh.added"));
    struct stat info{};
    ASSERT_EQ(::lstat((layer(2) + "/etc/added").c_str(), &info), 0);
    EXPECT_TRUE(is_overlay_whiteout(info));

    std::string merged = temp_.path() + "/merged", upper = temp_.path() + "/upper", work = temp_.path() + "/work";
    fs::create_directories(merged);
    fs::create_directories(upper);
    fs::create_directories(work);
    std::string options =
        std::format("lowerdir={}:{}:{},upperdir={},workdir={}", layer(2), layer(1), layer(0), upper, work);
    ASSERT_EQ(::mount("overlay", merged.c_str(), "overlay", 0, options.c_str()), 0) << std::strerror(errno);
    struct Unmount {
        std::string target;
        ~Unmount() { ::umount2(target.c_str(), MNT_DETACH); }
    } unmount{merged};
    EXPECT_FALSE(exists(merged + "/etc/added"));
    EXPECT_FALSE(exists(merged + "/opq/old"));
    EXPECT_EQ(read_text(merged + "/opq/fresh"), "fresh");
    EXPECT_EQ(read_text(merged + "/etc/passwd"), "again\n");
    LayerStack stack(layers());
    expect_same_tree(stack, merged, "");
}

} // namespace
} // namespace berth::images
