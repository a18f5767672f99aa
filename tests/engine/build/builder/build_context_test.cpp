// The build context received into a spool and extracted lazily: only what a
// step reads lands in the context directory, as a whole extraction would
// have made it; hostile entries are refused while the upload is read.
// Privileged: the extractor chroots and chowns.
#include "build/builder/build_context.h"
#include "containers/archive/tar_fixtures.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::build {
namespace {

namespace fs = std::filesystem;
using containers::testing::TarBuilder;

class BuildContextTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "the extractor chroots and chowns: needs root";
    }
    // The tar handed over in pieces of `piece` bytes, as an upload arrives.
    Result<BuildContext> receive(const std::string& tar, size_t piece = 7000) {
        size_t at = 0;
        containers::TarSource source = [&tar, at, piece]() mutable -> Result<std::string_view> {
            std::string_view next = std::string_view(tar).substr(std::min(at, tar.size()), piece);
            at += next.size();
            return next;
        };
        return BuildContext::receive(dir(), source);
    }
    std::string dir() const { return temp_ / "context"; }
    // Every path under the context directory ("a", "a/b").
    std::set<std::string> on_disk() const {
        std::set<std::string> paths;
        for (const auto& entry : fs::recursive_directory_iterator(dir()))
            paths.insert(entry.path().lexically_relative(dir()).string());
        return paths;
    }
    static std::string large_context(TarBuilder& tar) {
        tar.file("Dockerfile", "FROM scratch\nLABEL a=b\n");
        tar.dir("big", 0750);
        for (int i = 0; i < 200; ++i) tar.file("big/f" + std::to_string(i) + ".bin", std::string(4096, 'x'), 0600);
        tar.dir("src");
        tar.file("src/one.txt", "one", 0640);
        tar.file("src/two.txt", "two");
        tar.file("src/three.md", "three");
        tar.symlink("alias", "src");
        tar.file("original", "shared");
        tar.hardlink("src/hard", "original");
        return tar.finish();
    }
    testing::TempDir temp_{"berth-context"};
};

TEST_F(BuildContextTest, ABuildThatReadsOnlyTheDockerfileCreatesNoOtherFile) {
    TarBuilder tar;
    auto context = receive(large_context(tar));
    ASSERT_TRUE(context) << context.error().message();
    EXPECT_TRUE(on_disk().empty());
    auto text = context->dockerfile("Dockerfile");
    ASSERT_TRUE(text) << text.error().message();
    EXPECT_EQ(*text, "FROM scratch\nLABEL a=b\n");
    EXPECT_EQ(on_disk(), std::set<std::string>{"Dockerfile"});
}

TEST_F(BuildContextTest, OneFileOfALargeContextIsTheOnlyOneExtracted) {
    TarBuilder tar;
    auto context = receive(large_context(tar));
    ASSERT_TRUE(context) << context.error().message();
    ASSERT_TRUE(context->provide({"src/one.txt"}));
    EXPECT_EQ(on_disk(), (std::set<std::string>{"src", "src/one.txt"}));
    struct stat info{};
    ASSERT_EQ(::lstat((dir() + "/src/one.txt").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0640u); // as the tar says, as a whole extraction made it
    EXPECT_EQ(info.st_mtime, 1'700'000'000);
    ASSERT_EQ(::lstat((dir() + "/src").c_str(), &info), 0);
    EXPECT_EQ(info.st_mtime, 1'700'000'000); // the directory's time kept though a file came in later
}

TEST_F(BuildContextTest, LinksOnTheWayWildcardsAndHardlinkTargetsComeAlong) {
    TarBuilder tar;
    auto context = receive(large_context(tar));
    ASSERT_TRUE(context) << context.error().message();
    ASSERT_TRUE(context->provide({"alias/two.txt"}));
    EXPECT_EQ(on_disk(), (std::set<std::string>{"alias", "src", "src/two.txt"}));
    auto resolved = resolve_in_scope(dir(), "/alias/two.txt");
    ASSERT_TRUE(resolved);
    EXPECT_EQ(resolved->inside, "/src/two.txt");

    ASSERT_TRUE(context->provide({"src/*.md"}));
    EXPECT_TRUE(on_disk().contains("src/three.md"));
    EXPECT_FALSE(on_disk().contains("src/one.txt"));
    EXPECT_EQ(match_sources(dir(), "src/*.md", {}), std::vector<std::string>{"src/three.md"});

    ASSERT_TRUE(context->provide({"src/hard"}));
    EXPECT_TRUE(on_disk().contains("original"));
    std::ifstream hard(dir() + "/src/hard");
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(hard), {}), "shared");
    EXPECT_FALSE(on_disk().contains("big"));
}

TEST_F(BuildContextTest, TheWholeContextAfterPartsIsTheWholeContext) {
    TarBuilder tar;
    auto context = receive(large_context(tar));
    ASSERT_TRUE(context) << context.error().message();
    ASSERT_TRUE(context->provide({"src/one.txt"}));
    ASSERT_TRUE(context->provide({"."}));
    auto paths = on_disk();
    EXPECT_EQ(paths.size(), 1u + 1 + 200 + 1 + 4 + 1 + 1); // Dockerfile, big/ and its files, src/ and its four, alias, original
    struct stat info{};
    ASSERT_EQ(::lstat((dir() + "/big").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0750u);
}

TEST_F(BuildContextTest, ACompressedContextAndItsDockerignore) {
    TarBuilder tar(true);
    tar.file(".dockerignore", "secret\n");
    tar.file("Dockerfile", "FROM scratch\n");
    tar.file("secret", "s");
    tar.file("kept", "k");
    auto context = receive(tar.finish(), 100);
    ASSERT_TRUE(context) << context.error().message();
    EXPECT_TRUE(context->ignored().excluded("secret"));
    EXPECT_FALSE(context->ignored().excluded("kept"));
    EXPECT_EQ(on_disk(), std::set<std::string>{".dockerignore"});
    ASSERT_TRUE(context->provide({"*"}));
    EXPECT_EQ(on_disk(), (std::set<std::string>{".dockerignore", "Dockerfile", "kept"})); // the ignored one never extracted
}

TEST_F(BuildContextTest, HostileEntriesAreRefusedWhileTheUploadIsRead) {
    {
        TarBuilder tar;
        tar.file("Dockerfile", "FROM scratch\n");
        tar.file("../../escaped", "x");
        auto context = receive(tar.finish());
        ASSERT_FALSE(context);
        EXPECT_NE(context.error().message().find("is outside of"), std::string::npos) << context.error().message();
    }
    {
        TarBuilder tar;
        tar.symlink("up", "../../..");
        auto context = receive(tar.finish());
        ASSERT_FALSE(context);
        EXPECT_NE(context.error().message().find("invalid symlink"), std::string::npos) << context.error().message();
    }
    {
        TarBuilder tar;
        tar.hardlink("h", "../outside");
        auto context = receive(tar.finish());
        ASSERT_FALSE(context);
        EXPECT_NE(context.error().message().find("invalid hardlink"), std::string::npos) << context.error().message();
    }
    EXPECT_FALSE(fs::exists(dir()));
    EXPECT_FALSE(fs::exists(temp_ / "escaped"));
}

TEST_F(BuildContextTest, AnEntryWrittenThroughALinkExtractsEverythingInOrder) {
    TarBuilder tar;
    tar.dir("real");
    tar.symlink("via", "real");
    tar.file("via/file", "through the link");
    tar.file("other", "o");
    auto context = receive(tar.finish());
    ASSERT_TRUE(context) << context.error().message();
    ASSERT_TRUE(context->provide({"real/file"}));
    std::ifstream file(dir() + "/real/file");
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(file), {}), "through the link");
    EXPECT_TRUE(on_disk().contains("other"));
}

} // namespace
} // namespace berth::build
