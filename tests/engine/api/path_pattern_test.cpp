#include "api/endpoints.h"
#include "api/path_pattern.h"

#include <gtest/gtest.h>

namespace berth::api {
namespace {

TEST(PathPattern, MatchesSegmentsAndCapturesParameters) {
    auto params = match_path("/containers/{id}/json", "/containers/abc123/json");
    ASSERT_TRUE(params);
    EXPECT_EQ(params->at("id"), "abc123");
    EXPECT_FALSE(match_path("/containers/{id}/json", "/containers/json"));
    EXPECT_FALSE(match_path("/containers/{id}/json", "/containers/a/b/json"));
    EXPECT_FALSE(match_path("/containers/json", "/containers/json/extra"));
}

TEST(PathPattern, ImageNamesSpanSlashes) {
    auto params = match_path("/images/{name}/json", "/images/docker.io/library/busybox:latest/json");
    ASSERT_TRUE(params);
    EXPECT_EQ(params->at("name"), "docker.io/library/busybox:latest");
    auto tail = match_path("/images/{name}", "/images/localhost:5000/team/app");
    ASSERT_TRUE(tail);
    EXPECT_EQ(tail->at("name"), "localhost:5000/team/app");
}

TEST(KnownEndpoints, CoverTheEngineApi) {
    EXPECT_EQ(find_known_endpoint("GET", "/containers/json")->area, "Container");
    EXPECT_EQ(find_known_endpoint("DELETE", "/images/registry:5000/a/b")->pattern, "/images/{name}");
    EXPECT_EQ(find_known_endpoint("POST", "/exec/abc/start")->area, "Exec");
    EXPECT_FALSE(find_known_endpoint("GET", "/containers/create"));
    EXPECT_FALSE(find_known_endpoint("GET", "/no/such/thing"));
}

} // namespace
} // namespace berth::api
