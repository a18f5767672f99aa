// compose-go's dotenv fixtures (../shared/corpora/compose-go/testdata/dotenv/fixtures)
// with the values compose-go's own tests expect of them.
#include "compose/dotenv.h"
#include "corpus_path.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace berth::compose {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

VariableLookup lookup_of(std::map<std::string, std::string, std::less<>> env) {
    return [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end())
            return std::nullopt;
        return it->second;
    };
}

Result<EnvValues> load_fixture(const std::string& name, const VariableLookup& lookup = lookup_of({})) {
    return load_dotenv(testing::compose_go_corpus() / "testdata" / "dotenv" / "fixtures" / name, lookup);
}

Pairs entries_of(const std::string& fixture, const VariableLookup& lookup = lookup_of({})) {
    auto values = load_fixture(fixture, lookup);
    EXPECT_TRUE(values) << fixture << ": " << (values ? "" : values.error().message());
    return values ? values->entries() : Pairs{};
}

const Pairs plain_values = {{"OPTION_A", "1"}, {"OPTION_B", "2"}, {"OPTION_C", "3"}, {"OPTION_D", "4"},
                            {"OPTION_E", "5"}, {"456", "ABC"},    {"OPTION_F", ""},  {"OPTION_G", ""},
                            {"OPTION_H", "my string"}};

TEST(Dotenv, PlainValuesTrimSpacesAndInlineComments) { EXPECT_EQ(entries_of("plain.env"), plain_values); }

TEST(Dotenv, AByteOrderMarkIsIgnored) { EXPECT_EQ(entries_of("utf8-bom.env"), plain_values); }

TEST(Dotenv, QuotedValues) {
    Pairs expected = {{"OPTION_A", "1"},
                      {"OPTION_B", "2"},
                      {"OPTION_C", ""},
                      {"OPTION_D", "\\n"},
                      {"OPTION_E", "1"},
                      {"OPTION_F", "2"},
                      {"OPTION_G", ""},
                      {"OPTION_H", "\n"},
                      {"OPTION_I", "echo 'asd'"},
                      {"OPTION_J", "first line\nsecond line\nthird line\nand so on"},
                      {"OPTION_K", "Let's go!"},
                      {"OPTION_Z", "last value"}};
    EXPECT_EQ(entries_of("quoted.env"), expected);
}

TEST(Dotenv, ExportPrefixIsDropped) {
    EXPECT_EQ(entries_of("exported.env"), (Pairs{{"OPTION_A", "2"}, {"OPTION_B", "\\n"}}));
    EXPECT_EQ(entries_of("equals.env"), (Pairs{{"OPTION_A", "postgres://localhost:5432/database?sslmode=disable"}}));
}

TEST(Dotenv, UnquotedPhrasesKeepInnerSpacesAndUtf8) {
    Pairs expected = {{"OPTION_A", "some quoted phrase"},
                      {"OPTION_B", "first one with an unquoted phrase"},
                      {"OPTION_C", "then another one with an unquoted phrase"},
                      {"OPTION_D", "then another one with an unquoted phrase special \xC3\xA8 char"},
                      {"OPTION_E", "then another one quoted phrase"}};
    EXPECT_EQ(entries_of("unquoted.env"), expected);
}

TEST(Dotenv, KeysMayHoldDotsUnderscoresAndDashes) {
    EXPECT_EQ(entries_of("special.env"), (Pairs{{"VAR.WITH.DOTS", "dots"},
                                                {"VAR_WITH_UNDERSCORES", "underscores"},
                                                {"VAR-WITH-DASHES", "dashes"}}));
}

TEST(Dotenv, ValuesInterpolateEarlierKeys) {
    Pairs expected = {{"OPTION_A", "1"}, {"OPTION_B", "1"}, {"OPTION_C", "1"}, {"OPTION_D", "1_1"}, {"OPTION_E", ""}};
    EXPECT_EQ(entries_of("substitutions.env"), expected);
    EXPECT_EQ(entries_of("substitutions-default.env"), expected);
}

TEST(Dotenv, TheProcessEnvironmentWinsInInterpolation) {
    auto values = entries_of("substitutions-default.env", lookup_of({{"OPTION_A", "7"}}));
    ASSERT_EQ(values.size(), 5u);
    EXPECT_EQ(values[0], (std::pair<std::string, std::string>{"OPTION_A", "7"}));
    EXPECT_EQ(values[3], (std::pair<std::string, std::string>{"OPTION_D", "7_7"}));
}

TEST(Dotenv, BareKeysAreInheritedOnlyWhenSet) {
    auto lookup = lookup_of({{"VAR_TO_BE_LOADED_FROM_OS_ENV", "loaded"}});
    EXPECT_EQ(entries_of("inherited-single-var.env", lookup), (Pairs{{"VAR_TO_BE_LOADED_FROM_OS_ENV", "loaded"}}));
    EXPECT_EQ(entries_of("inherited-multi-var.env", lookup),
              (Pairs{{"foo", "bar"}, {"VAR_TO_BE_LOADED_FROM_OS_ENV", "loaded"}, {"bar", "baz"}}));
    EXPECT_EQ(entries_of("inherited-not-found.env", lookup), Pairs{});
}

TEST(Dotenv, AKeyWithASpaceIsAnErrorNamingFileAndLine) {
    auto values = load_fixture("invalid1.env");
    ASSERT_FALSE(values);
    EXPECT_NE(values.error().message().find("invalid1.env: line 7: key cannot contain a space"), std::string::npos)
        << values.error().message();
}

TEST(Dotenv, UnterminatedQuotesAndBadKeysAreErrors) {
    auto none = lookup_of({});
    auto unterminated = parse_dotenv("A=1\nB=\"open\n", "x.env", none);
    ASSERT_FALSE(unterminated);
    EXPECT_NE(unterminated.error().message().find("x.env: line 2: unterminated quoted value"), std::string::npos)
        << unterminated.error().message();
    auto bad_key = parse_dotenv("A$B=1\n", "y.env", none);
    ASSERT_FALSE(bad_key);
    EXPECT_NE(bad_key.error().message().find("unexpected character \"$\""), std::string::npos);
}

TEST(Dotenv, DoubleQuotesUnescapeAndSingleQuotesStayLiteral) {
    auto values = parse_dotenv("A=\"x\\\"y\\\\z $$HOME\"\nB='$HOME ${X'\nC=a#b\n", "z.env", lookup_of({{"HOME", "/h"}}));
    ASSERT_TRUE(values) << values.error().message();
    EXPECT_EQ(values->entries(), (Pairs{{"A", "x\"y\\z $HOME"}, {"B", "$HOME ${X"}, {"C", "a#b"}}));
}

} // namespace
} // namespace berth::compose
