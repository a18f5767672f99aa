// The shell lexer beyond BuildKit's envVarTest rows: pattern modifiers,
// SkipUnsetEnv (what heredoc and ARG handling use), the backtick escape, and which variables were read.
#include "build/dockerfile/shell_lexer.h"

#include <gtest/gtest.h>

namespace berth::dockerfile {
namespace {

const EnvLookup kEnv = env_from_list({"FILE=archive.tar.gz", "PATHV=/usr/local/bin", "EMPTY=", "WORDS=a b  c"});

std::string expand(std::string_view word, ShellLexerOptions options = {}) {
    auto result = ShellLexer(options).process_word(word, kEnv);
    return result ? *result : "ERROR: " + result.error();
}

TEST(ShellLexer, PrefixAndSuffixPatterns) {
    EXPECT_EQ(expand("${FILE%.*}"), "archive.tar");
    EXPECT_EQ(expand("${FILE%%.*}"), "archive");
    EXPECT_EQ(expand("${FILE#*.}"), "tar.gz");
    EXPECT_EQ(expand("${FILE##*.}"), "gz");
    EXPECT_EQ(expand("${PATHV#/usr}"), "/local/bin");
    EXPECT_EQ(expand("${FILE%nomatch}"), "archive.tar.gz");
}

TEST(ShellLexer, Replacement) {
    EXPECT_EQ(expand("${PATHV/\\//:}"), ":usr/local/bin");
    EXPECT_EQ(expand("${PATHV//\\//:}"), ":usr:local:bin");
    EXPECT_EQ(expand("${FILE/a*r/X}"), "X.gz");
    EXPECT_EQ(expand("${FILE//?/-}"), "--------------");
    EXPECT_EQ(expand("${EMPTY//x/y}"), "");
}

TEST(ShellLexer, HostilePatternsFinishQuickly) {
    const EnvLookup env = env_from_list({"LONG=" + std::string(4000, 'a')});
    auto result = ShellLexer().process_word("${LONG%%*a*a*a*a*a*a*a*a*a*a*a*b}", env);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->size(), 4000u);
}

TEST(ShellLexer, ErrorsReadAsBuildKits) {
    EXPECT_EQ(expand("${FILE"), "ERROR: failed to process \"${FILE\": syntax error: missing '}'");
    EXPECT_EQ(expand("${UNSET:?must be set}"), "ERROR: failed to process \"${UNSET:?must be set}\": UNSET: must be set");
    EXPECT_EQ(expand("${EMPTY:?}"), "ERROR: failed to process \"${EMPTY:?}\": EMPTY: is not allowed to be empty");
    EXPECT_EQ(expand("${FILE:%x}"), "ERROR: failed to process \"${FILE:%x}\": unsupported modifier (:%) in substitution");
    EXPECT_EQ(expand("'open"),
              "ERROR: failed to process \"'open\": unexpected end of statement while looking for matching single-quote");
}

TEST(ShellLexer, DeepNestingIsAnErrorNotACrash) {
    std::string word;
    for (int i = 0; i < 50000; ++i) word += "${A:-";
    EXPECT_EQ(expand(word).substr(0, 7), "ERROR: ");
    EXPECT_EQ(expand("${A:-${B:-${C:-deep}}}"), "deep");
}

TEST(ShellLexer, SkipUnsetEnvKeepsUnsetReferences) {
    ShellLexerOptions options;
    options.skip_unset_env = true;
    EXPECT_EQ(expand("$UNSET ${UNSET} ${UNSET:-x} $FILE", options), "$UNSET ${UNSET} ${UNSET:-x} archive.tar.gz");
}

TEST(ShellLexer, BacktickEscape) {
    ShellLexerOptions options;
    options.escape_token = '`';
    EXPECT_EQ(expand("a`$FILE \\b", options), "a$FILE \\b");
}

TEST(ShellLexer, RawQuotesAndEscapes) {
    ShellLexerOptions options;
    options.raw_quotes = true;
    options.raw_escapes = true;
    EXPECT_EQ(expand(R"('a b' "c\"d" e\ f)", options), R"('a b' "c\"d" e\ f)");
}

TEST(ShellLexer, WordsSplitOnlyUnquotedExpansions) {
    auto words = ShellLexer().process_words("x$WORDS \"$WORDS\"", kEnv);
    ASSERT_TRUE(words);
    EXPECT_EQ(*words, (std::vector<std::string>{"xa", "b", "c", "a b  c"}));
}

TEST(ShellLexer, RecordsWhichVariablesWereRead) {
    auto expanded = ShellLexer().expand("$FILE ${NOPE:-x} $EMPTY", kEnv);
    ASSERT_TRUE(expanded);
    EXPECT_EQ(expanded->matched, (std::set<std::string>{"EMPTY", "FILE"}));
    EXPECT_EQ(expanded->unmatched, (std::set<std::string>{"NOPE"}));
}

} // namespace
} // namespace berth::dockerfile
