#include "images/reference.h"

#include <gtest/gtest.h>

namespace berth::images {
namespace {

const std::string kDigest = "sha256:" + std::string(64, 'a');

struct Case {
    const char* input;
    const char* full;     // Reference::str()
    const char* familiar; // Reference::familiar()
};

TEST(Reference, NormalisesLikeDocker) {
    const Case cases[] = {
        {"busybox", "docker.io/library/busybox", "busybox"},
        {"busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36"},
        {"library/busybox", "docker.io/library/busybox", "busybox"},
        {"docker.io/busybox", "docker.io/library/busybox", "busybox"},
        {"index.docker.io/library/busybox:latest", "docker.io/library/busybox:latest", "busybox:latest"},
        {"team/app", "docker.io/team/app", "team/app"},
        {"localhost/app", "localhost/app", "localhost/app"},
        {"localhost:5000/team/app:v1.2-rc_3", "localhost:5000/team/app:v1.2-rc_3", "localhost:5000/team/app:v1.2-rc_3"},
        {"127.0.0.1:5000/a/b/c", "127.0.0.1:5000/a/b/c", "127.0.0.1:5000/a/b/c"},
        {"registry.example.com/x__y/a-b.c", "registry.example.com/x__y/a-b.c", "registry.example.com/x__y/a-b.c"},
        {"[::1]:5000/app", "[::1]:5000/app", "[::1]:5000/app"},
    };
    for (const auto& c : cases) {
        auto reference = parse_reference(c.input);
        ASSERT_TRUE(reference) << c.input << ": " << reference.error().message();
        EXPECT_EQ(reference->str(), c.full) << c.input;
        EXPECT_EQ(reference->familiar(), c.familiar) << c.input;
    }
}

TEST(Reference, TagsAndDigests) {
    auto both = parse_reference("busybox:1.36@" + kDigest);
    ASSERT_TRUE(both);
    EXPECT_EQ(both->tag, "1.36");
    EXPECT_EQ(both->digest, kDigest);
    EXPECT_EQ(both->str(), "docker.io/library/busybox:1.36@" + kDigest);
    auto digest_only = parse_reference("localhost:5000/app@" + kDigest);
    ASSERT_TRUE(digest_only);
    EXPECT_FALSE(digest_only->tag);
    EXPECT_EQ(with_default_tag(*digest_only).tag, std::nullopt);
    EXPECT_EQ(with_default_tag(parse_reference("busybox").value()).str(), "docker.io/library/busybox:latest");
}

TEST(Reference, RejectsWhatDockerRejects) {
    for (const char* bad : {"", ":", "busybox:", "busy box", "-busybox", "busybox-", "busy..box", "a/b/",
                            "/busybox", "busybox:-tag", "busybox@sha256:abc", "busybox@md5:" , "a//b",
                            "localhost:port/app", "bad_domain.com:5000/app", "UPPER.example.com/x/Y"}) {
        auto reference = parse_reference(bad);
        EXPECT_FALSE(reference) << bad;
        if (!reference) {
            EXPECT_EQ(reference.error().http_status(), 400) << bad;
        }
    }
    auto upper = parse_reference("Busybox");
    ASSERT_FALSE(upper);
    EXPECT_EQ(upper.error().message(), "invalid reference format: repository name (Busybox) must be lowercase");
    auto hex = parse_reference(std::string(64, 'b'));
    ASSERT_FALSE(hex);
    EXPECT_NE(hex.error().message().find("cannot specify 64-byte hexadecimal strings"), std::string::npos);
    EXPECT_FALSE(parse_reference("busybox:" + std::string(129, 't')));
    EXPECT_FALSE(parse_reference(std::string(256, 'a') + "x"));
}

TEST(Reference, UppercaseFirstComponentIsADomain) {
    // As in Docker: "Foo/bar" names the registry "Foo".
    auto reference = parse_reference("Foo/bar");
    ASSERT_TRUE(reference);
    EXPECT_EQ(reference->domain, "Foo");
    EXPECT_EQ(reference->path, "bar");
}

TEST(Reference, DigestValidation) {
    EXPECT_TRUE(is_sha256_digest(kDigest));
    EXPECT_FALSE(is_sha256_digest("sha256:" + std::string(64, 'A')));
    EXPECT_FALSE(is_sha256_digest("sha256:" + std::string(63, 'a')));
    EXPECT_FALSE(is_sha256_digest("sha512:" + std::string(64, 'a')));
}

} // namespace
} // namespace berth::images
