#include "api/filters.h"

#include <gtest/gtest.h>

namespace berth::api {
namespace {

TEST(Filters, ReadsBothDockerShapes) {
    auto current = Filters::parse(R"({"type":{"container":true,"image":true,"volume":false}})");
    ASSERT_TRUE(current);
    EXPECT_EQ(current->values("type"), (std::vector<std::string>{"container", "image"}));
    auto legacy = Filters::parse(R"({"type":["daemon"]})");
    ASSERT_TRUE(legacy);
    EXPECT_TRUE(legacy->accepts("type", "daemon"));
    EXPECT_FALSE(legacy->accepts("type", "image"));
    EXPECT_TRUE(legacy->accepts("event", "anything")); // absent keys accept all
}

TEST(Filters, EmptyInputMeansNoFilter) {
    EXPECT_TRUE(Filters::parse("")->empty());
    EXPECT_TRUE(Filters::parse("{}")->empty());
    EXPECT_TRUE(Filters::parse("null")->empty());
}

TEST(Filters, RejectsMalformedInput) {
    for (const char* bad : {"{", "[]", R"({"type":"daemon"})", R"({"type":[1]})"}) {
        auto filters = Filters::parse(bad);
        ASSERT_FALSE(filters) << bad;
        EXPECT_EQ(filters.error().http_status(), 400);
    }
}

TEST(Filters, UnknownKeysGetDockersMessage) {
    auto filters = Filters::parse(R"({"foo":["bar"]})");
    ASSERT_TRUE(filters);
    auto allowed = filters->allow_only({"type", "event"});
    ASSERT_FALSE(allowed);
    EXPECT_EQ(allowed.error().message(), "invalid filter 'foo'");
}

TEST(Filters, LabelsMatchEveryLabelAndNoExcludedOne) {
    auto filters = Filters::parse(R"({"label":["team","env=prod"],"label!":["legacy"]})");
    ASSERT_TRUE(filters);
    EXPECT_TRUE(filters->matches_labels({{"team", "a"}, {"env", "prod"}}));
    EXPECT_FALSE(filters->matches_labels({{"team", "a"}, {"env", "dev"}}));
    EXPECT_FALSE(filters->matches_labels({{"env", "prod"}}));
    EXPECT_FALSE(filters->matches_labels({{"team", "a"}, {"env", "prod"}, {"legacy", "1"}}));
    EXPECT_FALSE(filters->matches_labels(nullptr));
    auto none = Filters::parse("");
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->matches_labels(nullptr));
}

} // namespace
} // namespace berth::api
