#include "containers/config/container_name.h"

#include <gtest/gtest.h>
#include <regex>
#include <set>

namespace berth::containers::config {
namespace {

TEST(ContainerName, AcceptsDockersPattern) {
    for (const char* name : {"web", "/web", "a1", "My_App.v2-x", "0abc", "x-"}) {
        auto valid = validate_container_name(name);
        ASSERT_TRUE(valid) << name;
        EXPECT_EQ(*valid, std::string(name).substr(name[0] == '/' ? 1 : 0));
    }
}

TEST(ContainerName, RefusesWithDockersWords) {
    for (const char* name : {"", "a", "/", "/a", "_web", "-web", ".web", "we b", "web/1", "//web", "wéb", "a:b"}) {
        auto valid = validate_container_name(name);
        ASSERT_FALSE(valid) << name;
        EXPECT_EQ(valid.error().message(), std::string("Invalid container name (") + name +
                                               "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        EXPECT_EQ(valid.error().http_status(), 400);
    }
}

TEST(ContainerName, RandomNamesHaveDockersShapeAndAreValid) {
    std::mt19937_64 rng(42);
    std::regex shape("^[a-z]+_[a-z]+$");
    std::regex retried("^[a-z]+_[a-z]+[0-9]$");
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        std::string name = random_container_name(rng);
        EXPECT_TRUE(std::regex_match(name, shape)) << name;
        EXPECT_TRUE(validate_container_name(name));
        seen.insert(name);
    }
    EXPECT_GT(seen.size(), 150u);
    EXPECT_TRUE(std::regex_match(random_container_name(rng, 1), retried));
}

TEST(ContainerName, GenerateSkipsTakenNamesThenFallsBackToTheShortId) {
    std::mt19937_64 rng(7);
    std::set<std::string> tried;
    auto name = generate_container_name(
        [&](std::string_view candidate) {
            tried.emplace(candidate);
            return tried.size() < 3;
        },
        "0123456789abcdef0123", rng);
    EXPECT_EQ(tried.size(), 3u);
    EXPECT_TRUE(tried.contains(name));

    auto fallback = generate_container_name([](std::string_view) { return true; }, "0123456789abcdef0123", rng);
    EXPECT_EQ(fallback, "0123456789ab");
}

} // namespace
} // namespace berth::containers::config
