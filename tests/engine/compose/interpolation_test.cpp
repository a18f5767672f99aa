// The forms the corpus does not cover: errors, $$, unset vs empty, laziness.
#include "compose/interpolation.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace berth::compose {
namespace {

Result<std::string> run(std::string_view text) {
    static const std::map<std::string, std::string, std::less<>> env = {{"SET", "value"}, {"EMPTY", ""}};
    return interpolate(text, [](std::string_view name) -> std::optional<std::string> {
        auto it = env.find(name);
        if (it == env.end())
            return std::nullopt;
        return it->second;
    });
}

std::string ok(std::string_view text) {
    auto result = run(text);
    EXPECT_TRUE(result) << text << ": " << (result ? "" : result.error().message());
    return result.value_or("<error>");
}

std::string error_of(std::string_view text) {
    auto result = run(text);
    EXPECT_FALSE(result) << text << " gave " << result.value_or("");
    return result ? std::string() : result.error().message();
}

TEST(Interpolation, DoubleDollarIsALiteralDollar) {
    EXPECT_EQ(ok("echo $$SET $${SET}"), "echo $SET ${SET}");
    EXPECT_EQ(ok("$$$SET"), "$value");
}

TEST(Interpolation, UnsetAndEmptyDifferForEachOperator) {
    EXPECT_EQ(ok("${EMPTY:-d}|${EMPTY-d}|${UNSET-d}"), "d||d");
    EXPECT_EQ(ok("${EMPTY:+a}|${EMPTY+a}|${UNSET+a}|${SET:+a}"), "|a||a");
    EXPECT_EQ(ok("${EMPTY?e}|${SET:?e}"), "|value");
    EXPECT_EQ(ok("$SET-$UNSET."), "value-.");
}

TEST(Interpolation, RequiredVariablesFailWithTheirMessage) {
    EXPECT_EQ(error_of("${UNSET:?please set it}"), "required variable UNSET is missing a value: please set it");
    EXPECT_EQ(error_of("${EMPTY:?}"), "required variable EMPTY is missing a value");
    EXPECT_EQ(error_of("${UNSET?need ${SET}}"), "required variable UNSET is missing a value: need value");
}

TEST(Interpolation, UnusedWordsAreNotEvaluated) {
    // The default of a set variable may itself be a failing requirement.
    EXPECT_EQ(ok("${SET:-${UNSET:?boom}}"), "value");
    EXPECT_EQ(ok("${UNSET:+${UNSET:?boom}}"), "");
}

TEST(Interpolation, MalformedTemplatesAreErrors) {
    for (std::string_view bad : {"$", "a $ b", "$1", "${}", "${SET", "${1A}", "${SET:x}", "${SET!}"})
        EXPECT_NE(error_of(bad).find("invalid interpolation format"), std::string::npos) << bad;
}

TEST(Interpolation, BracesInsideDefaultsNest) {
    EXPECT_EQ(ok("${UNSET:-{json}}"), "{json}"); // the first } closes
    EXPECT_EQ(ok("${UNSET:-a${SET}b}c"), "avaluebc");
    EXPECT_EQ(ok("${UNSET:-$${SET}}"), "${SET}");
}

} // namespace
} // namespace berth::compose
