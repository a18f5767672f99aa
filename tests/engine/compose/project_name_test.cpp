// The project name as docker compose picks and checks it.
#include "compose/project_name.h"

#include <gtest/gtest.h>

namespace berth::compose {
namespace {

TEST(ProjectName, NormalisationLowercasesAndDropsOtherCharacters) {
    EXPECT_EQ(normalize_project_name("My App.v2"), "myappv2");
    EXPECT_EQ(normalize_project_name("__-Web_1"), "web_1");
    EXPECT_EQ(normalize_project_name("été"), "t");
    EXPECT_EQ(normalize_project_name("..."), "");
}

TEST(ProjectName, FlagThenEnvironmentThenFileThenFolder) {
    ProjectNameSources sources{"cli", "env", "file", "/work/folder"};
    EXPECT_EQ(choose_project_name(sources).value(), "cli");
    sources.flag.reset();
    EXPECT_EQ(choose_project_name(sources).value(), "env");
    sources.environment = "";
    EXPECT_EQ(choose_project_name(sources).value(), "file");
    sources.name_from_files.reset();
    EXPECT_EQ(choose_project_name(sources).value(), "folder");
}

TEST(ProjectName, TheFolderNameIsNormalisedSilently) {
    EXPECT_EQ(choose_project_name({{}, {}, {}, "/home/me/My Project"}).value(), "myproject");
    EXPECT_EQ(choose_project_name({{}, {}, {}, "/home/me/_app/"}).value(), "app");
}

TEST(ProjectName, GivenNamesMustAlreadyBeNormal) {
    auto upper = choose_project_name({"MyApp", {}, {}, "/x"});
    ASSERT_FALSE(upper);
    EXPECT_EQ(upper.error().message(),
              "invalid project name \"MyApp\": must consist only of lowercase alphanumeric characters, hyphens, and "
              "underscores as well as start with a letter or number");
    EXPECT_FALSE(choose_project_name({{}, "-app", {}, "/x"}));
    EXPECT_FALSE(choose_project_name({{}, {}, "my app", "/x"}));
    auto empty = choose_project_name({{}, {}, {}, "/work/..."});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().message(), "project name must not be empty");
}

} // namespace
} // namespace berth::compose
