#include "registry/auth.h"

#include "base/base64.h"

#include <gtest/gtest.h>

namespace berth::registry {
namespace {

TEST(RegistryAuth, ParsesBearerChallenge) {
    auto challenges = parse_challenges(
        R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull")");
    ASSERT_EQ(challenges.size(), 1u);
    EXPECT_EQ(challenges[0].scheme, "bearer");
    EXPECT_EQ(challenges[0].params.at("realm"), "https://auth.docker.io/token");
    EXPECT_EQ(challenges[0].params.at("service"), "registry.docker.io");
    EXPECT_EQ(challenges[0].params.at("scope"), "repository:library/busybox:pull");
}

TEST(RegistryAuth, ParsesBasicAndSeveralChallenges) {
    auto challenges = parse_challenges(R"(Basic realm="Registry Realm", Bearer realm=http://a/t, service = "x\"y")");
    ASSERT_EQ(challenges.size(), 2u);
    EXPECT_EQ(challenges[0].scheme, "basic");
    EXPECT_EQ(challenges[0].params.at("realm"), "Registry Realm");
    EXPECT_EQ(challenges[1].scheme, "bearer");
    EXPECT_EQ(challenges[1].params.at("realm"), "http://a/t");
    EXPECT_TRUE(parse_challenges("").empty());
}

TEST(RegistryAuth, DecodesTheClisHeader) {
    auto credentials = decode_registry_auth(base64_encode(R"({"username":"tester","password":"secret","serveraddress":"x"})"));
    ASSERT_TRUE(credentials);
    EXPECT_EQ(credentials->username, "tester");
    EXPECT_EQ(credentials->password, "secret");
    EXPECT_TRUE(decode_registry_auth("").value().empty());
    EXPECT_TRUE(decode_registry_auth("e30=").value().empty()); // "{}"
    auto broken = decode_registry_auth("bm90IGpzb24"); // "not json"
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().category(), ErrorCategory::Invalid);
    EXPECT_FALSE(decode_registry_auth("%%%"));
}

TEST(RegistryAuth, BasicAuthorization) {
    EXPECT_EQ(basic_authorization({"tester", "secret", "", ""}), "Basic dGVzdGVyOnNlY3JldA==");
}

} // namespace
} // namespace berth::registry
