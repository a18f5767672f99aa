// Unpacking layers, real kernel and real files: needs root (chroot, chown).
#include "base/digest.h"
#include "images/layer_unpacker.h"
#include "support/temp_dir.h"

#include <archive.h>
#include <archive_entry.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <cstring>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace berth::images {
namespace {

namespace fs = std::filesystem;

// A tar (optionally gzipped) built in memory, entry by entry.
class TarBuilder {
public:
    enum class Filter { None, Gzip, Zstd };
    explicit TarBuilder(bool gzip = false) : TarBuilder(gzip ? Filter::Gzip : Filter::None) {}
    explicit TarBuilder(Filter filter) : archive_(archive_write_new()) {
        archive_write_set_format_pax_restricted(archive_);
        if (filter == Filter::Gzip) archive_write_add_filter_gzip(archive_);
        if (filter == Filter::Zstd) archive_write_add_filter_zstd(archive_);
        // The same tar bytes with or without compression (no padding to 10 KiB blocks).
        archive_write_set_bytes_in_last_block(archive_, 1);
        archive_write_open(archive_, this, nullptr, &TarBuilder::append, nullptr);
    }
    ~TarBuilder() { archive_write_free(archive_); }

    TarBuilder& file(const std::string& path, const std::string& content, mode_t mode = 0644, int uid = 0) {
        return add(path, AE_IFREG, mode, content, {}, uid);
    }
    TarBuilder& dir(const std::string& path, mode_t mode = 0755) { return add(path, AE_IFDIR, mode, {}, {}, 0); }
    TarBuilder& symlink(const std::string& path, const std::string& target) {
        return add(path, AE_IFLNK, 0777, {}, target, 0);
    }
    TarBuilder& hardlink(const std::string& path, const std::string& target) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, path.c_str());
        archive_entry_set_hardlink(entry, target.c_str());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_write_header(archive_, entry);
        archive_entry_free(entry);
        return *this;
    }
    std::string finish() {
        archive_write_close(archive_);
        return bytes_;
    }

private:
    TarBuilder& add(const std::string& path, unsigned type, mode_t mode, const std::string& content,
                    const std::string& link, int uid) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, path.c_str());
        archive_entry_set_filetype(entry, type);
        archive_entry_set_perm(entry, mode);
        archive_entry_set_uid(entry, uid);
        archive_entry_set_gid(entry, uid);
        archive_entry_set_mtime(entry, 1'700'000'000, 0);
        if (type == AE_IFLNK) archive_entry_set_symlink(entry, link.c_str());
        archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
        archive_write_header(archive_, entry);
        if (!content.empty()) archive_write_data(archive_, content.data(), content.size());
        archive_entry_free(entry);
        return *this;
    }
    static la_ssize_t append(archive*, void* self, const void* data, size_t size) {
        static_cast<TarBuilder*>(self)->bytes_.append(static_cast<const char*>(data), size);
        return static_cast<la_ssize_t>(size);
    }
    archive* archive_;
    std::string bytes_;
};

class LayerUnpackerTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "unpacking layers needs root (chroot, chown)";
        fs::create_directories(target_);
        fs::create_directories(outside_);
    }
    Result<UnpackedLayer> unpack(const std::string& tar) { return unpack_layer(read_from_memory(tar), content_, target_, true); }
    bool outside_untouched() const { return fs::is_empty(outside_); }

    berth::testing::TempDir temp_{"berth-unpack"};
    store::ContentStore content_ = store::ContentStore::open(temp_ / "content").value();
    std::string target_ = temp_ / "snapshot";
    std::string outside_ = temp_ / "outside";
};

TEST_F(LayerUnpackerTest, UnpacksFilesFaithfullyAndKeepsTheLayer) {
    std::string tar = TarBuilder()
                          .dir("bin")
                          .file("bin/tool", "#!/bin/sh\n", 0755)
                          .file("home/user/notes", "mine", 0600, 1234)
                          .symlink("bin/sh", "/bin/tool")
                          .hardlink("bin/tool2", "bin/tool")
                          .finish();
    auto layer = unpack(tar);
    ASSERT_TRUE(layer) << layer.error().message();
    EXPECT_EQ(layer->diff_id, digest_of(tar));
    EXPECT_EQ(layer->size, tar.size());
    EXPECT_EQ(content_.read(layer->diff_id).value(), tar);

    struct stat info{};
    ASSERT_EQ(::stat((target_ + "/bin/tool").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0755u);
    EXPECT_EQ(info.st_nlink, 2u) << "bin/tool2 is a hard link to it";
    ASSERT_EQ(::stat((target_ + "/home/user/notes").c_str(), &info), 0);
    EXPECT_EQ(info.st_uid, 1234u);
    EXPECT_EQ(info.st_mode & 07777, 0600u);
    EXPECT_EQ(info.st_mtime, 1'700'000'000);
    EXPECT_EQ(fs::read_symlink(target_ + "/bin/sh"), "/bin/tool");
}

TEST_F(LayerUnpackerTest, CompressedLayersHaveThePlainTarsDiffId) {
    std::string plain = TarBuilder().file("etc/os-release", "ID=test\n").finish();
    std::string gzipped = TarBuilder(true).file("etc/os-release", "ID=test\n").finish();
    ASSERT_NE(plain, gzipped);
    auto layer = unpack(gzipped);
    ASSERT_TRUE(layer) << layer.error().message();
    EXPECT_EQ(layer->diff_id, digest_of(plain));
    EXPECT_TRUE(fs::exists(target_ + "/etc/os-release"));
}

TEST_F(LayerUnpackerTest, DotDotEntriesAreRefused) {
    auto layer = unpack(TarBuilder().file("../outside/evil", "x").finish());
    ASSERT_FALSE(layer);
    EXPECT_EQ(layer.error().http_status(), 400);
    EXPECT_TRUE(outside_untouched());
    EXPECT_TRUE(content_.list().empty()) << "a refused layer is not kept";
}

TEST_F(LayerUnpackerTest, AbsolutePathsLandInsideTheSnapshot) {
    std::string escape = outside_ + "/abs";
    auto layer = unpack(TarBuilder().file(escape, "x").finish());
    ASSERT_TRUE(layer) << layer.error().message();
    EXPECT_TRUE(outside_untouched());
    EXPECT_TRUE(fs::exists(target_ + escape));
}

TEST_F(LayerUnpackerTest, SymlinksPointingOutCannotBeWrittenThrough) {
    // An absolute link and a relative one climbing out, then files "through" them.
    std::string up = "../../../../../../../../../../.." + outside_;
    auto layer = unpack(TarBuilder()
                            .symlink("abs", outside_)
                            .symlink("rel", up)
                            .file("abs/through-absolute", "x")
                            .file("rel/through-relative", "x")
                            .finish());
    EXPECT_TRUE(outside_untouched());
    // The links resolve inside the snapshot's own root, where nothing is at that
    // path, so the entries written through them fail: the layer is refused.
    ASSERT_FALSE(layer);
    EXPECT_NE(layer.error().message().find("through-absolute"), std::string::npos) << layer.error().message();
}

TEST_F(LayerUnpackerTest, HardlinksToHostFilesAreNotMade) {
    std::string secret = outside_ + "/secret";
    {
        std::ofstream(secret) << "host data";
    }
    auto layer = unpack(TarBuilder().hardlink("stolen", secret).file("stolen", "overwritten").finish());
    struct stat info{};
    ASSERT_EQ(::stat(secret.c_str(), &info), 0);
    EXPECT_EQ(info.st_nlink, 1u);
    std::ifstream in(secret);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content, "host data");
}

TEST_F(LayerUnpackerTest, GarbageAndTruncatedInputGetClearErrors) {
    auto garbage = unpack("this is not a tar archive at all, not even close............................");
    ASSERT_FALSE(garbage);
    EXPECT_EQ(garbage.error().http_status(), 400);
    // Incompressible content, so cutting the compressed stream cuts into the file.
    std::string noise(100000, '\0');
    uint32_t state = 12345;
    for (char& c : noise) c = static_cast<char>((state = state * 1103515245 + 12345) >> 24);
    std::string gzipped = TarBuilder(true).file("big", noise).finish();
    auto truncated = unpack(gzipped.substr(0, gzipped.size() / 2));
    ASSERT_FALSE(truncated);
    EXPECT_EQ(truncated.error().http_status(), 400);
    EXPECT_TRUE(content_.list().empty());
}

// OCI whiteouts become overlayfs whiteouts: a 0/0 character device for a removed
// name, trusted.overlay.opaque=y on a directory whose lower contents are hidden.
TEST_F(LayerUnpackerTest, WhiteoutsBecomeOverlayWhiteouts) {
    auto layer = unpack(TarBuilder()
                            .file("data/.wh.gone", "")
                            .dir("opq")
                            .file("opq/.wh..wh..opq", "")
                            .file("opq/c", "new")
                            .file("deep/er/.wh.x", "")
                            .finish());
    ASSERT_TRUE(layer) << layer.error().message();
    struct stat info{};
    ASSERT_EQ(::lstat((target_ + "/data/gone").c_str(), &info), 0);
    EXPECT_TRUE(S_ISCHR(info.st_mode));
    EXPECT_EQ(info.st_rdev, ::makedev(0, 0));
    EXPECT_FALSE(fs::exists(target_ + "/data/.wh.gone"));
    ASSERT_EQ(::lstat((target_ + "/deep/er/x").c_str(), &info), 0);
    EXPECT_TRUE(S_ISCHR(info.st_mode));
    char value[8] = {};
    ASSERT_EQ(::lgetxattr((target_ + "/opq").c_str(), "trusted.overlay.opaque", value, sizeof value), 1);
    EXPECT_EQ(value[0], 'y');
    EXPECT_FALSE(fs::exists(target_ + "/opq/.wh..wh..opq"));
    EXPECT_TRUE(fs::exists(target_ + "/opq/c"));
}

TEST_F(LayerUnpackerTest, WhiteoutsCannotClimbOut) {
    for (const char* name : {"a/../../.wh.x", "../.wh.evil", "a/.wh..", "a/.wh."}) {
        auto layer = unpack(TarBuilder().file(name, "").finish());
        EXPECT_FALSE(layer) << name;
    }
    EXPECT_TRUE(outside_untouched());
}

// A streamed zstd layer, handed over in small pieces, without keeping the tar.
TEST_F(LayerUnpackerTest, StreamedZstdLayer) {
    std::string plain = TarBuilder().file("hello", "world").finish();
    std::string zstd = TarBuilder(TarBuilder::Filter::Zstd).file("hello", "world").finish();
    std::string_view rest = zstd;
    LayerReader source = [&](char* buffer, size_t size) -> Result<size_t> {
        size_t n = std::min<size_t>({size, rest.size(), 7});
        std::memcpy(buffer, rest.data(), n);
        rest.remove_prefix(n);
        return n;
    };
    auto layer = unpack_layer(source, content_, target_, false);
    ASSERT_TRUE(layer) << layer.error().message();
    EXPECT_EQ(layer->diff_id, digest_of(plain));
    EXPECT_TRUE(content_.list().empty()) << "the plain tar is not kept";
    std::ifstream in(target_ + "/hello");
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content, "world");
}

// The source's own error (a broken download) is what the caller sees.
TEST_F(LayerUnpackerTest, SourceErrorsComeBackAsTheyAre) {
    std::string gzipped = TarBuilder(true).file("f", std::string(100000, 'x')).finish();
    size_t given = 0;
    LayerReader source = [&](char* buffer, size_t size) -> Result<size_t> {
        if (given >= 40) return fail(ErrorCategory::Unavailable, "the registry went away");
        size_t n = std::min<size_t>(size, 40 - given);
        std::memcpy(buffer, gzipped.data() + given, n);
        given += n;
        return n;
    };
    auto layer = unpack_layer(source, content_, target_, true);
    ASSERT_FALSE(layer);
    EXPECT_EQ(layer.error().category(), ErrorCategory::Unavailable);
    EXPECT_NE(layer.error().message().find("the registry went away"), std::string::npos) << layer.error().message();
    EXPECT_TRUE(content_.list().empty());
}

} // namespace
} // namespace berth::images
