// docker diff over a fake writable layer and lower snapshot. Privileged: the
// whiteouts are char devices 0/0 (mknod) and opaque dirs carry trusted.* xattrs.
#include "containers/archive/changes.h"
#include "images/layer_copy.h"
#include "support/temp_dir.h"

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace berth::containers {
namespace {

namespace fs = std::filesystem;

void write(const std::string& path, const std::string& content) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << content;
}

class ChangesTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "whiteouts and opaque dirs need root (mknod, trusted.* xattrs)";
        write(lower_ + "/etc/passwd", "root:x:0:0\n");
        write(lower_ + "/etc/hosts", "127.0.0.1 localhost\n");
        write(lower_ + "/var/cache/apt/old", "x");
        fs::create_directories(lower_ + "/opt");
        fs::create_directories(lower_ + "/tmp");
        fs::create_directories(upper_);
    }
    std::vector<Change> changes() {
        auto listed = container_changes(upper_, lower_);
        EXPECT_TRUE(listed) << listed.error().message();
        return listed ? *listed : std::vector<Change>{};
    }

    berth::testing::TempDir temp_{"berth-changes"};
    std::string lower_ = temp_ / "lower";
    std::string upper_ = temp_ / "upper";
};

TEST_F(ChangesTest, AddedModifiedDeletedAndTheirParents) {
    write(upper_ + "/etc/passwd", "root:x:0:0\nme:x:1000:1000\n");
    ASSERT_EQ(::mknod((upper_ + "/etc/hosts").c_str(), S_IFCHR | 0000, ::makedev(0, 0)), 0);
    write(upper_ + "/tmp/new", "hello");
    write(upper_ + "/newdir/sub/file", "x");
    std::vector<Change> expected = {
        {"/etc", ChangeKind::Modified},       {"/etc/hosts", ChangeKind::Deleted},
        {"/etc/passwd", ChangeKind::Modified}, {"/newdir", ChangeKind::Added},
        {"/newdir/sub", ChangeKind::Added},    {"/newdir/sub/file", ChangeKind::Added},
        {"/tmp", ChangeKind::Modified},        {"/tmp/new", ChangeKind::Added},
    };
    EXPECT_EQ(changes(), expected);
}

TEST_F(ChangesTest, OpaqueDirectoryReplacingALowerOneIsDeletedAndItsContentAdded) {
    write(upper_ + "/var/cache/apt/fresh", "y");
    ASSERT_EQ(::setxattr((upper_ + "/var/cache").c_str(), "trusted.overlay.opaque", "y", 1, 0), 0);
    std::vector<Change> expected = {
        {"/var", ChangeKind::Modified},
        {"/var/cache", ChangeKind::Deleted},
        {"/var/cache/apt", ChangeKind::Added}, // the lower's apt is hidden: this one is new
        {"/var/cache/apt/fresh", ChangeKind::Added},
    };
    EXPECT_EQ(changes(), expected);
}

TEST_F(ChangesTest, OpaqueNewDirectoryIsAdded) {
    write(upper_ + "/brandnew/f", "y");
    ASSERT_EQ(::setxattr((upper_ + "/brandnew").c_str(), "trusted.overlay.opaque", "y", 1, 0), 0);
    std::vector<Change> expected = {{"/brandnew", ChangeKind::Added}, {"/brandnew/f", ChangeKind::Added}};
    EXPECT_EQ(changes(), expected);
}

TEST_F(ChangesTest, ADirectoryCopiedUpUnchangedIsNotListed) {
    fs::create_directories(upper_ + "/opt");
    ::chmod((upper_ + "/opt").c_str(), 0755);
    ::chmod((lower_ + "/opt").c_str(), 0755);
    struct timespec times[2] = {{1'700'000'000, 0}, {1'700'000'000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (upper_ + "/opt").c_str(), times, 0), 0);
    ASSERT_EQ(::utimensat(AT_FDCWD, (lower_ + "/opt").c_str(), times, 0), 0);
    EXPECT_TRUE(changes().empty());
}

TEST_F(ChangesTest, ALowerSymlinkIsNotFollowedOutOfTheLower) {
    // The lower's /etc2 points at the host's /etc: /etc2/passwd is not in the image.
    fs::create_symlink("/etc", lower_ + "/etc2");
    write(upper_ + "/etc2/passwd", "x");
    auto listed = changes();
    ASSERT_FALSE(listed.empty());
    EXPECT_EQ(listed.back(), (Change{"/etc2/passwd", ChangeKind::Added}));
}

// A lower layer deletes through an opaque directory: the upper layers' lookups
// must not find what it hides.
TEST_F(ChangesTest, WhatALowerOpaqueDirectoryHidesIsNotInTheImage) {
    std::string base = temp_ / "base";
    write(base + "/srv/hidden", "x");
    write(lower_ + "/srv/kept", "y");
    ASSERT_EQ(::setxattr((lower_ + "/srv").c_str(), "trusted.overlay.opaque", "y", 1, 0), 0);
    write(upper_ + "/srv/hidden", "made anew");
    auto listed = container_changes(upper_, std::vector<std::string>{lower_, base});
    ASSERT_TRUE(listed) << listed.error().message();
    std::vector<Change> expected = {{"/srv", ChangeKind::Modified}, {"/srv/hidden", ChangeKind::Added}};
    EXPECT_EQ(*listed, expected);
}

// vfs: the writable layer is a whole copy of the image, compared with its layers.
class TreeChangesTest : public ChangesTest {
protected:
    void SetUp() override {
        ChangesTest::SetUp();
        if (IsSkipped()) return;
        fs::create_directories(tree_);
        auto copied = images::copy_layers({lower_}, tree_);
        ASSERT_TRUE(copied) << copied.error().message();
    }
    std::vector<Change> tree_changes_now(uint64_t* bytes = nullptr) {
        auto listed = tree_changes(tree_, {lower_}, bytes);
        EXPECT_TRUE(listed) << listed.error().message();
        return listed ? *listed : std::vector<Change>{};
    }
    std::string tree_ = temp_ / "tree";
};

TEST_F(TreeChangesTest, AFreshCopyHasNoChanges) { EXPECT_TRUE(tree_changes_now().empty()); }

TEST_F(TreeChangesTest, AddedModifiedDeletedAndTheirParents) {
    write(tree_ + "/etc/passwd", "root:x:0:0\nme:x:1000:1000\n");
    fs::remove(tree_ + "/etc/hosts");
    write(tree_ + "/tmp/new", "hello");
    write(tree_ + "/newdir/sub/file", "x");
    fs::remove_all(tree_ + "/var/cache");
    ASSERT_EQ(::chmod((tree_ + "/opt").c_str(), 0700), 0); // a directory's mode is a change
    uint64_t bytes = 0;
    std::vector<Change> expected = {
        {"/etc", ChangeKind::Modified},        {"/etc/hosts", ChangeKind::Deleted},
        {"/etc/passwd", ChangeKind::Modified}, {"/newdir", ChangeKind::Added},
        {"/newdir/sub", ChangeKind::Added},    {"/newdir/sub/file", ChangeKind::Added},
        {"/opt", ChangeKind::Modified},        {"/tmp", ChangeKind::Modified},
        {"/tmp/new", ChangeKind::Added},       {"/var", ChangeKind::Modified},
        {"/var/cache", ChangeKind::Deleted}, // what it held is not listed, as moby's naive diff
    };
    EXPECT_EQ(tree_changes_now(&bytes), expected);
    EXPECT_EQ(bytes, 26u + 5u + 1u) << "the added and changed files' bytes";
}

TEST_F(TreeChangesTest, AFileReplacedByADirectoryIsModifiedAndItsContentAdded) {
    fs::remove(tree_ + "/etc/hosts");
    write(tree_ + "/etc/hosts/inside", "x");
    std::vector<Change> expected = {{"/etc", ChangeKind::Modified},
                                    {"/etc/hosts", ChangeKind::Modified},
                                    {"/etc/hosts/inside", ChangeKind::Added}};
    EXPECT_EQ(tree_changes_now(), expected);
}

TEST(ChangesJson, HasTheApiShape) {
    std::vector<Change> list = {{"/tmp", ChangeKind::Modified}, {"/tmp/x", ChangeKind::Added},
                                {"/gone", ChangeKind::Deleted}};
    EXPECT_EQ(changes_json(list).dump(),
              R"([{"Kind":0,"Path":"/tmp"},{"Kind":1,"Path":"/tmp/x"},{"Kind":2,"Path":"/gone"}])");
    EXPECT_EQ(changes_json({}).dump(), "[]");
}

} // namespace
} // namespace berth::containers
