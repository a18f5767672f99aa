// docker cp into a container: extraction confined to the root, Docker's errors.
// Privileged: the extractor chroots and chowns.
#include "containers/archive/archive.h"
#include "support/temp_dir.h"
#include "tar_fixtures.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::containers {
namespace {

namespace fs = std::filesystem;
using testing::TarBuilder;

std::string read(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class ExtractTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "the extractor chroots and chowns: needs root";
        fs::create_directories(root_ + "/dest/existing");
        fs::create_directories(outside_);
        std::ofstream(root_ + "/afile") << "x";
        fs::create_symlink("/dest", root_ + "/linkdir");
    }
    Result<> extract(const std::string& path, const std::string& tar, ExtractOptions options = {}) {
        return extract_tar(root_, path, "web", tar, options);
    }
    // Nothing was written beside the root or in the outside dir.
    void expect_confined() {
        EXPECT_TRUE(fs::is_empty(outside_));
        for (const auto& entry : fs::directory_iterator(temp_.path()))
            EXPECT_TRUE(entry.path() == root_ || entry.path() == outside_) << entry.path();
    }

    berth::testing::TempDir temp_{"berth-cpin"};
    std::string root_ = temp_ / "root";
    std::string outside_ = temp_ / "outside";
};

TEST_F(ExtractTest, ExtractsFilesWithModesAndOwners) {
    auto tar = TarBuilder().file("hello.txt", "hi", 0640, 1234).file("sub/dir/f", "deep").symlink("l", "hello.txt").finish();
    auto done = extract("/dest", tar);
    ASSERT_TRUE(done) << done.error().message();
    struct stat info{};
    ASSERT_EQ(::stat((root_ + "/dest/hello.txt").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0640u);
    EXPECT_EQ(info.st_uid, 1234u);
    EXPECT_EQ(read(root_ + "/dest/sub/dir/f"), "deep");
    EXPECT_EQ(fs::read_symlink(root_ + "/dest/l"), "hello.txt");
    expect_confined();
}

TEST_F(ExtractTest, IntoADirectoryWhoseNameIsNotUtf8) {
    fs::create_directories(root_ + "/d\xff");
    auto done = extract("/d\xff", TarBuilder().file("f", "x").finish());
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_EQ(read(root_ + "/d\xff/f"), "x");
    expect_confined();
}

TEST_F(ExtractTest, GzipAndAbsoluteNamesAndOwnerOverride) {
    auto tar = TarBuilder(true).file("/abs.txt", "a", 0644, 1234).finish();
    ExtractOptions options;
    options.uid = 42;
    options.gid = 43;
    auto done = extract("/dest", tar, options);
    ASSERT_TRUE(done) << done.error().message();
    struct stat info{};
    ASSERT_EQ(::stat((root_ + "/dest/abs.txt").c_str(), &info), 0) << "absolute names are relative to the destination";
    EXPECT_EQ(info.st_uid, 42u);
    EXPECT_EQ(info.st_gid, 43u);
}

TEST_F(ExtractTest, IntoASymlinkToADirectory) {
    auto done = extract("/linkdir", TarBuilder().file("via-link", "v").finish());
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_EQ(read(root_ + "/dest/via-link"), "v");
}

TEST_F(ExtractTest, DotDotEntriesAreRefused) {
    auto done = extract("/dest", TarBuilder().file("../../../../escape", "x").finish());
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().category(), ErrorCategory::Invalid);
    EXPECT_NE(done.error().message().find("is outside of"), std::string::npos) << done.error().message();
    EXPECT_FALSE(fs::exists(temp_ / "escape"));
    EXPECT_FALSE(fs::exists(root_ + "/escape"));
    expect_confined();
}

TEST_F(ExtractTest, WritingThroughASymlinkToTheHostStaysInside) {
    // An absolute link to the host's outside dir, then a file written through it:
    // in the chroot the link leads to <root>/<outside path>, never to the host's.
    auto tar = TarBuilder().dir("evil").symlink("evil", outside_).file("evil/pwned", "gotcha").finish();
    auto done = extract("/dest", tar);
    (void)done; // extracting may fail or land inside: what matters is where it wrote
    expect_confined();
    auto inside = fs::path(root_) / fs::path(outside_).relative_path() / "pwned";
    if (done) {
        EXPECT_TRUE(fs::exists(inside)) << inside;
    }
}

TEST_F(ExtractTest, RelativeSymlinksLeadingOutAreRefused) {
    auto tar = TarBuilder().symlink("up", "../../../../../../").file("up/escape", "x").finish();
    auto done = extract("/dest", tar);
    ASSERT_FALSE(done);
    EXPECT_NE(done.error().message().find("invalid symlink"), std::string::npos) << done.error().message();
    expect_confined();
}

TEST_F(ExtractTest, HardlinksOutOfTheDestinationAreRefused) {
    auto done = extract("/dest", TarBuilder().hardlink("h", "../afile").finish());
    ASSERT_FALSE(done);
    EXPECT_NE(done.error().message().find("invalid hardlink"), std::string::npos) << done.error().message();
    EXPECT_FALSE(fs::exists(root_ + "/dest/h"));
}

TEST_F(ExtractTest, MissingDestinationIsNotFound) {
    auto done = extract("/nope", TarBuilder().file("f", "x").finish());
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().category(), ErrorCategory::NotFound);
    EXPECT_EQ(done.error().message(), "Could not find the file /nope in container web");
}

TEST_F(ExtractTest, DestinationMustBeADirectory) {
    auto done = extract("/afile", TarBuilder().file("f", "x").finish());
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().category(), ErrorCategory::Invalid);
    EXPECT_EQ(done.error().message(), "extraction point is not a directory");
}

TEST_F(ExtractTest, NoOverwriteDirNonDir) {
    ExtractOptions options;
    options.no_overwrite_dir_non_dir = true;
    auto done = extract("/dest", TarBuilder().file("existing", "x").finish(), options);
    ASSERT_FALSE(done);
    EXPECT_NE(done.error().message().find("cannot overwrite directory"), std::string::npos) << done.error().message();
    EXPECT_TRUE(fs::is_directory(root_ + "/dest/existing"));
    // Without the option the directory is replaced, as Docker does.
    ASSERT_TRUE(extract("/dest", TarBuilder().file("existing", "x").finish()));
    EXPECT_EQ(read(root_ + "/dest/existing"), "x");
}

TEST_F(ExtractTest, CorruptUploadIsInvalid) {
    auto done = extract("/dest", std::string(1500, 'z'));
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().category(), ErrorCategory::Invalid);
}

} // namespace
} // namespace berth::containers
