// .dockerignore matching as moby's patternmatcher: Go's filepath.Match per
// path element, `**`, `!` exceptions in order, parent directories matching.
#include "build/builder/dockerignore.h"

#include <gtest/gtest.h>

namespace berth::build {
namespace {

TEST(IgnorePattern, StarAndQuestionStopAtSlash) {
    EXPECT_TRUE(ignore_pattern_matches("*.txt", "a.txt"));
    EXPECT_FALSE(ignore_pattern_matches("*.txt", "dir/a.txt"));
    EXPECT_TRUE(ignore_pattern_matches("*/a.txt", "dir/a.txt"));
    EXPECT_TRUE(ignore_pattern_matches("a?c", "abc"));
    EXPECT_FALSE(ignore_pattern_matches("a?c", "a/c"));
    EXPECT_FALSE(ignore_pattern_matches("a?c", "ac"));
}

TEST(IgnorePattern, Classes) {
    EXPECT_TRUE(ignore_pattern_matches("file[0-9]", "file7"));
    EXPECT_FALSE(ignore_pattern_matches("file[0-9]", "filex"));
    EXPECT_TRUE(ignore_pattern_matches("file[^0-9]", "filex"));
    EXPECT_FALSE(ignore_pattern_matches("file[^0-9]", "file1"));
    EXPECT_TRUE(ignore_pattern_matches("[\\]]", "]"));
    EXPECT_FALSE(ignore_pattern_matches("[a-", "a")); // malformed: Go's ErrBadPattern matches nothing
}

TEST(IgnorePattern, Escapes) {
    EXPECT_TRUE(ignore_pattern_matches("a\\*b", "a*b"));
    EXPECT_FALSE(ignore_pattern_matches("a\\*b", "axb"));
}

TEST(IgnorePattern, DoubleStar) {
    EXPECT_TRUE(ignore_pattern_matches("**/foo", "foo"));
    EXPECT_TRUE(ignore_pattern_matches("**/foo", "a/b/foo"));
    EXPECT_FALSE(ignore_pattern_matches("**/foo", "a/b/foox"));
    EXPECT_TRUE(ignore_pattern_matches("a/**/b", "a/b"));
    EXPECT_TRUE(ignore_pattern_matches("a/**/b", "a/x/y/b"));
    EXPECT_TRUE(ignore_pattern_matches("**", "anything/at/all"));
    EXPECT_TRUE(ignore_pattern_matches("dir/**", "dir/x/y"));
    EXPECT_TRUE(ignore_pattern_matches("**/*.go", "a/b/c.go"));
    EXPECT_FALSE(ignore_pattern_matches("**/*.go", "a/b/c.goo"));
}

TEST(IgnoreMatcher, ParsesLinesCommentsAndCleansPatterns) {
    auto matcher = IgnoreMatcher::parse("# comment\n\n  /build/  \n./logs/../tmp\r\n!\n");
    EXPECT_TRUE(matcher.excluded("build"));
    EXPECT_TRUE(matcher.excluded("build/out.o")); // a parent directory matches
    EXPECT_TRUE(matcher.excluded("tmp"));
    EXPECT_FALSE(matcher.excluded("logs"));
    EXPECT_FALSE(matcher.excluded("# comment"));
    EXPECT_FALSE(matcher.has_exceptions()); // a lone `!` is nothing
}

TEST(IgnoreMatcher, ExceptionsInOrder) {
    auto matcher = IgnoreMatcher::parse("*.md\n!README.md\n");
    EXPECT_TRUE(matcher.excluded("notes.md"));
    EXPECT_FALSE(matcher.excluded("README.md"));
    EXPECT_FALSE(matcher.excluded("docs/notes.md")); // `*` does not cross `/`
    EXPECT_TRUE(matcher.has_exceptions());

    // A later pattern excludes again what an exception brought back.
    auto again = IgnoreMatcher::parse("*.md\n!README*.md\nREADME-secret.md\n");
    EXPECT_FALSE(again.excluded("README.md"));
    EXPECT_TRUE(again.excluded("README-secret.md"));
}

TEST(IgnoreMatcher, ExceptionInsideAnExcludedDirectory) {
    auto matcher = IgnoreMatcher::parse("docs\n!docs/keep.md\n");
    EXPECT_TRUE(matcher.excluded("docs/other.md"));
    EXPECT_FALSE(matcher.excluded("docs/keep.md"));
}

TEST(IgnoreMatcher, EmptyExcludesNothing) {
    IgnoreMatcher matcher;
    EXPECT_TRUE(matcher.empty());
    EXPECT_FALSE(matcher.excluded("anything"));
}

TEST(CleanPath, AsGoPathClean) {
    EXPECT_EQ(clean_path(""), ".");
    EXPECT_EQ(clean_path("a//b/../c/."), "a/c");
    EXPECT_EQ(clean_path("/../a"), "/a");
    EXPECT_EQ(clean_path("../a"), "../a");
    EXPECT_EQ(clean_path("a/../.."), "..");
    EXPECT_EQ(clean_path("/"), "/");
}

} // namespace
} // namespace berth::build
