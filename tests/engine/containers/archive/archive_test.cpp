// stat, docker cp out and docker export on a fake container root. Privileged:
// the tar is written by a child chrooted into the root.
#include "containers/archive/archive.h"
#include "support/temp_dir.h"
#include "tar_fixtures.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::containers {
namespace {

namespace fs = std::filesystem;
using testing::by_name;
using testing::read_tar;

void write(const std::string& path, const std::string& content, mode_t mode = 0644) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path) << content;
    ::chmod(path.c_str(), mode);
}

class ContainerFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "the tar helpers chroot: needs root";
        write(root_ + "/etc/hosts", "127.0.0.1 localhost\n");
        write(root_ + "/etc/secret", "s3cret", 0600);
        ASSERT_EQ(::chown((root_ + "/etc/secret").c_str(), 1234, 1234), 0);
        fs::create_symlink("/etc/hosts", root_ + "/etc/link");
        fs::create_hard_link(root_ + "/etc/hosts", root_ + "/etc/hard");
        // Links that would lead out of the root if resolved on the host.
        fs::create_symlink(outside_, root_ + "/to_outside");
        fs::create_symlink("../../../../../../../..", root_ + "/up");
        write(outside_ + "/hostfile", "host secret, not the container's");
        write(root_ + "/bin/busybox", "ELF", 0755);
        if (fs::exists("/bin/busybox")) fs::copy_file("/bin/busybox", root_ + "/bin/busybox",
                                                      fs::copy_options::overwrite_existing);
    }
    std::string tar_of(const std::string& path) {
        std::string out;
        auto written = write_tar(root_, path, "web", [&](std::string_view piece) {
            out.append(piece);
            return true;
        });
        EXPECT_TRUE(written) << written.error().message();
        return out;
    }

    berth::testing::TempDir temp_{"berth-cp"};
    std::string root_ = temp_ / "root";
    std::string outside_ = temp_ / "outside";
};

TEST_F(ContainerFilesTest, StatOfAFile) {
    auto stat = stat_in_root(root_, "/etc/hosts", "web");
    ASSERT_TRUE(stat) << stat.error().message();
    EXPECT_EQ(stat->name, "hosts");
    EXPECT_EQ(stat->size, 20);
    EXPECT_TRUE(S_ISREG(stat->mode));
    EXPECT_EQ(path_stat_json(*stat)["mode"], 0644);
    EXPECT_EQ(stat->link_target, "");
}

TEST_F(ContainerFilesTest, StatOfADirectoryHasGosModeDir) {
    auto stat = stat_in_root(root_, "etc/", "web");
    ASSERT_TRUE(stat) << stat.error().message();
    EXPECT_EQ(stat->name, "etc");
    EXPECT_EQ(path_stat_json(*stat)["mode"], (1u << 31) | 0755);
    auto top = stat_in_root(root_, "/", "web");
    ASSERT_TRUE(top);
    EXPECT_EQ(top->name, "/");
}

TEST_F(ContainerFilesTest, StatOfASymlinkIsNotFollowedButResolvedInside) {
    auto stat = stat_in_root(root_, "/etc/link", "web");
    ASSERT_TRUE(stat) << stat.error().message();
    EXPECT_TRUE(S_ISLNK(stat->mode));
    EXPECT_EQ(stat->link_target, "/etc/hosts");
    EXPECT_EQ(path_stat_json(*stat)["mode"], (1u << 27) | 0777);
    // Followed with a trailing "/"... of a link to a file: not a directory.
    auto up = stat_in_root(root_, "/up", "web");
    ASSERT_TRUE(up);
    EXPECT_EQ(up->link_target, "/");
}

TEST_F(ContainerFilesTest, SymlinksLeadingOutOfTheRootStayInside) {
    // The host's outside dir does not exist inside the container.
    auto through = stat_in_root(root_, "/to_outside/hostfile", "web");
    ASSERT_FALSE(through);
    EXPECT_EQ(through.error().category(), ErrorCategory::NotFound);
    EXPECT_EQ(through.error().message(), "Could not find the file /to_outside/hostfile in container web");
    auto link = stat_in_root(root_, "/to_outside", "web");
    ASSERT_TRUE(link);
    EXPECT_EQ(link->link_target, outside_) << "a dangling link resolves to where it points, in the container";
    // "../.." above the root stops at the root: this is the container's hosts file.
    auto up = stat_in_root(root_, "/up/etc/hosts", "web");
    ASSERT_TRUE(up) << up.error().message();
    EXPECT_EQ(up->size, 20);
    auto tar = by_name(read_tar(tar_of("/up/etc/hosts")));
    ASSERT_TRUE(tar.contains("hosts"));
    EXPECT_EQ(tar["hosts"].content, "127.0.0.1 localhost\n");
    auto refused = write_tar(root_, "/to_outside/hostfile", "web", [](std::string_view) { return true; });
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), ErrorCategory::NotFound);
}

TEST_F(ContainerFilesTest, MissingPathIsDockersNotFound) {
    auto stat = stat_in_root(root_, "/nope/x", "web");
    ASSERT_FALSE(stat);
    EXPECT_EQ(stat.error().http_status(), 404);
    EXPECT_EQ(stat.error().message(), "Could not find the file /nope/x in container web");
}

TEST_F(ContainerFilesTest, StatHeaderIsBase64OfDockersJson) {
    PathStat stat{"hosts", 5, S_IFREG | 0644, 1'700'000'000, 500'000'000, ""};
    EXPECT_EQ(path_stat_json(stat)["mtime"], "2023-11-14T22:13:20.5Z");
    EXPECT_EQ(path_stat_header(stat), "eyJsaW5rVGFyZ2V0IjoiIiwibW9kZSI6NDIwLCJtdGltZSI6IjIwMjMtMTEtMTRUMjI6MTM6MjAu"
                                      "NVoiLCJuYW1lIjoiaG9zdHMiLCJzaXplIjo1fQ==");
}

TEST_F(ContainerFilesTest, TarOfAFileIsNamedAfterIt) {
    bool ok = false;
    auto entries = read_tar(tar_of("/etc/hosts"), &ok);
    ASSERT_TRUE(ok);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].name, "hosts");
    EXPECT_EQ(entries[0].type, static_cast<unsigned>(AE_IFREG));
    EXPECT_EQ(entries[0].perm, 0644u);
    EXPECT_EQ(entries[0].content, "127.0.0.1 localhost\n");
}

// File names are bytes: one that is not UTF-8 still reaches the helper intact.
TEST_F(ContainerFilesTest, NamesThatAreNotUtf8) {
    std::string name = "/etc/caf\xe9\xff";
    write(root_ + name, "latin-1");
    bool ok = false;
    auto entries = read_tar(tar_of(name), &ok);
    ASSERT_TRUE(ok);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].name, "caf\xe9\xff");
    EXPECT_EQ(entries[0].content, "latin-1");
}

TEST_F(ContainerFilesTest, TarOfADirectoryKeepsModesOwnersLinks) {
    bool ok = false;
    auto entries = read_tar(tar_of("/etc"), &ok);
    ASSERT_TRUE(ok);
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries[0].name, "etc/");
    auto tar = by_name(entries);
    ASSERT_TRUE(tar.contains("etc/secret"));
    EXPECT_EQ(tar["etc/secret"].perm, 0600u);
    EXPECT_EQ(tar["etc/secret"].uid, 1234);
    EXPECT_EQ(tar["etc/secret"].content, "s3cret");
    ASSERT_TRUE(tar.contains("etc/link"));
    EXPECT_EQ(tar["etc/link"].type, static_cast<unsigned>(AE_IFLNK));
    EXPECT_EQ(tar["etc/link"].symlink, "/etc/hosts");
    // hard < hosts: the first name carries the data, the second links to it.
    EXPECT_EQ(tar["etc/hard"].content, "127.0.0.1 localhost\n");
    EXPECT_EQ(tar["etc/hosts"].hardlink, "etc/hard");
}

TEST_F(ContainerFilesTest, TarOfADirectorysContentsAndOfASymlink) {
    auto dot = by_name(read_tar(tar_of("/etc/.")));
    EXPECT_TRUE(dot.contains("./"));
    EXPECT_TRUE(dot.contains("./secret"));
    auto link = read_tar(tar_of("/etc/link"));
    ASSERT_EQ(link.size(), 1u);
    EXPECT_EQ(link[0].name, "link");
    EXPECT_EQ(link[0].symlink, "/etc/hosts");
}

TEST_F(ContainerFilesTest, AReaderLeavingStopsTheStream) {
    write(root_ + "/big/file", std::string(4 << 20, 'x'));
    int calls = 0;
    auto written = write_tar(root_, "/big", "web", [&](std::string_view) { return ++calls < 2; });
    EXPECT_FALSE(written);
    EXPECT_EQ(calls, 2);
}

TEST_F(ContainerFilesTest, ExportHoldsEveryFileButNotWhatIsMountedOver) {
    fs::create_directories(root_ + "/proc");
    bool mounted = ::mount("tmpfs", (root_ + "/proc").c_str(), "tmpfs", 0, nullptr) == 0;
    if (mounted) write(root_ + "/proc/cpuinfo", "not the container's");
    std::string out;
    auto exported = write_export(root_, [&](std::string_view piece) {
        out.append(piece);
        return true;
    });
    if (mounted) ::umount2((root_ + "/proc").c_str(), MNT_DETACH);
    ASSERT_TRUE(exported) << exported.error().message();
    bool ok = false;
    auto entries = read_tar(out, &ok);
    ASSERT_TRUE(ok);
    auto tar = by_name(entries);
    EXPECT_TRUE(tar.contains("bin/busybox"));
    EXPECT_EQ(tar["bin/busybox"].perm, 0755u);
    EXPECT_TRUE(tar.contains("etc/hosts"));
    EXPECT_TRUE(tar.contains("proc/"));
    if (mounted) {
        EXPECT_FALSE(tar.contains("proc/cpuinfo"));
    }
    for (const auto& entry : entries) EXPECT_FALSE(entry.name.starts_with('/') || entry.name.starts_with("./"));
}

} // namespace
} // namespace berth::containers
