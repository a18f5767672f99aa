// Reading compose YAML: errors name file, line and column; anchors and merge keys
// resolve; interpolation reaches every value and reports where it failed.
#include "compose/compose_yaml.h"
#include "compose/merge.h"

#include <format>

#include <gtest/gtest.h>

namespace berth::compose {
namespace {

VariableLookup only_tag() {
    return [](std::string_view name) -> std::optional<std::string> {
        if (name == "TAG")
            return "1.2";
        return std::nullopt;
    };
}

TEST(ComposeYaml, SyntaxErrorsNameFileLineAndColumn) {
    auto parsed = parse_compose_yaml("services:\n  web:\n    image: [a\n", "compose.yaml");
    ASSERT_FALSE(parsed);
    EXPECT_TRUE(parsed.error().message().starts_with("compose.yaml:4:")) << parsed.error().message();
    auto scalar = parse_compose_yaml("just text\n", "c.yaml");
    ASSERT_FALSE(scalar);
    EXPECT_EQ(scalar.error().message(), "c.yaml:1:1: top-level object must be a mapping");
}

TEST(ComposeYaml, EmptyDocumentIsAnEmptyMapping) {
    auto parsed = parse_compose_yaml("", "empty.yaml");
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->IsMap());
    EXPECT_EQ(parsed->size(), 0u);
}

TEST(ComposeYaml, AnchorsAndMergeKeysResolve) {
    auto parsed = parse_compose_yaml("x-base: &base\n  image: busybox\n  restart: always\n"
                                     "services:\n  web:\n    <<: *base\n    restart: \"no\"\n",
                                     "c.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message();
    YAML::Node web = (*parsed)["services"]["web"];
    EXPECT_EQ(web["image"].Scalar(), "busybox");
    EXPECT_EQ(web["restart"].Scalar(), "no");
}

TEST(ComposeYaml, InterpolationReplacesValuesButNotKeys) {
    auto parsed = parse_compose_yaml("services:\n  web:\n    image: \"app:${TAG}\"\n"
                                     "    environment:\n      $$KEY: ${TAG:-x}\n    command: [echo, $$HOME]\n",
                                     "c.yaml");
    ASSERT_TRUE(parsed);
    ASSERT_TRUE(interpolate_tree(*parsed, only_tag(), "c.yaml"));
    YAML::Node web = (*parsed)["services"]["web"];
    EXPECT_EQ(web["image"].Scalar(), "app:1.2");
    EXPECT_EQ(web["environment"]["$$KEY"].Scalar(), "1.2");
    EXPECT_EQ(web["command"][1].Scalar(), "$HOME");
}

TEST(ComposeYaml, AnAliasedValueIsInterpolatedOnce) {
    auto parsed = parse_compose_yaml("x-common: &common\n  command: echo $$HOME ${TAG}\n"
                                     "services:\n  a:\n    <<: *common\n  b:\n    <<: *common\n"
                                     "  c:\n    command: *cmd_missing_is_not_used\n",
                                     "c.yaml");
    ASSERT_FALSE(parsed); // an unknown alias is a YAML error, named with its place
    parsed = parse_compose_yaml("x-common: &common\n  command: echo $$HOME ${TAG}\n"
                                "services:\n  a:\n    <<: *common\n  b:\n    <<: *common\n",
                                "c.yaml");
    ASSERT_TRUE(parsed) << parsed.error().message();
    ASSERT_TRUE(interpolate_tree(*parsed, only_tag(), "c.yaml"));
    EXPECT_EQ((*parsed)["x-common"]["command"].Scalar(), "echo $HOME 1.2");
    EXPECT_EQ((*parsed)["services"]["a"]["command"].Scalar(), "echo $HOME 1.2");
    EXPECT_EQ((*parsed)["services"]["b"]["command"].Scalar(), "echo $HOME 1.2");
}

TEST(ComposeYaml, InterpolationErrorsNameFilePositionAndPath) {
    auto parsed = parse_compose_yaml("services:\n  web:\n    ports:\n      - \"${PORT:?set PORT}:80\"\n", "c.yaml");
    ASSERT_TRUE(parsed);
    auto done = interpolate_tree(*parsed, only_tag(), "c.yaml");
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().message(),
              "c.yaml:4:9: services.web.ports[0]: required variable PORT is missing a value: set PORT");
}

} // namespace
} // namespace berth::compose

namespace berth::compose {
namespace {

TEST(ComposeYaml, AliasBombsAndCyclesAreRefused) {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char level = 'b'; level <= 'i'; ++level)
        bomb += std::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", level, level,
                            char(level - 1), char(level - 1), char(level - 1), char(level - 1), char(level - 1),
                            char(level - 1), char(level - 1), char(level - 1), char(level - 1), char(level - 1));
    auto parsed = parse_compose_yaml(bomb, "bomb.yaml");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message(), "bomb.yaml: document too large once its aliases are expanded");
}

} // namespace
} // namespace berth::compose

namespace berth::compose {
namespace {

// Found by compose_fuzz_driver: yaml-cpp threw from inside the merge on a tagged
// empty key; the loader's entry points now turn such throws into errors.
TEST(ComposeYaml, OddKeysNeverThrow) {
    auto tagged = parse_compose_yaml("services:\n  test:\n    build:\n     !labels:\n        - QIX=Z", "f.yaml");
    ASSERT_TRUE(tagged);
    Result<YAML::Node> merged = YAML::Node();
    EXPECT_NO_THROW(merged = merge_compose_files(*tagged, *tagged));
    ASSERT_FALSE(merged); // yaml-cpp cannot look the key up again: reported, not thrown
    EXPECT_TRUE(merged.error().message().starts_with("merging: yaml: ")) << merged.error().message();
    EXPECT_FALSE(parse_compose_yaml("? [a, b]\n: c\n", "f.yaml"));
}

} // namespace
} // namespace berth::compose
