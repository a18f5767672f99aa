#include "registry/manifest.h"

#include "registry/http_client.h"

#include <gtest/gtest.h>

namespace berth::registry {
namespace {

const std::string kDigestA = "sha256:" + std::string(64, 'a');
const std::string kDigestB = "sha256:" + std::string(64, 'b');
const std::string kDigestC = "sha256:" + std::string(64, 'c');

std::string index_json() {
    return R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" + kDigestA + R"(","size":10,
       "platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" + kDigestB + R"(","size":11,
       "platform":{"os":"linux","architecture":"amd64"}},
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" + kDigestC + R"(","size":12,
       "platform":{"os":"linux","architecture":"arm","variant":"v7"}}]})";
}

TEST(Manifest, ParsesAnImageManifest) {
    std::string body = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
      "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" + kDigestA + R"(","size":5},
      "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd","digest":")" + kDigestB + R"(","size":7}]})";
    auto manifest = parse_image_manifest(body);
    ASSERT_TRUE(manifest) << manifest.error().message();
    EXPECT_EQ(manifest->config.digest, kDigestA);
    ASSERT_EQ(manifest->layers.size(), 1u);
    EXPECT_EQ(manifest->layers[0].size, 7);
    EXPECT_TRUE(is_supported_layer_type(manifest->layers[0].media_type));
    EXPECT_EQ(manifest_media_type("", body), media_type::kOciManifest);
    EXPECT_EQ(manifest_media_type("application/vnd.docker.distribution.manifest.v2+json; charset=utf-8", body),
              media_type::kDockerManifest);
}

TEST(Manifest, RejectsMalformedManifests) {
    for (std::string body : {std::string("[]"), std::string("{"), std::string(R"({"schemaVersion":1})"),
                             std::string(R"({"schemaVersion":2,"config":{"digest":"sha256:short","size":1},"layers":[]})"),
                             R"({"schemaVersion":2,"config":{"digest":")" + kDigestA + R"(","size":-1},"layers":[]})",
                             R"({"schemaVersion":2,"config":{"digest":")" + kDigestA + R"(","size":1}})"}) {
        auto manifest = parse_image_manifest(body);
        ASSERT_FALSE(manifest) << body;
        EXPECT_EQ(manifest.error().category(), ErrorCategory::Invalid);
    }
    EXPECT_FALSE(is_supported_layer_type(media_type::kDockerForeignLayer));
}

TEST(Manifest, SelectsThePlatform) {
    auto index = parse_image_index(index_json());
    ASSERT_TRUE(index) << index.error().message();
    EXPECT_EQ(manifest_media_type("", index_json()), media_type::kOciIndex);
    EXPECT_EQ(select_platform(*index, parse_platform("linux/amd64").value()).value().digest, kDigestB);
    EXPECT_EQ(select_platform(*index, parse_platform("linux/arm64").value()).value().digest, kDigestA);
    EXPECT_EQ(select_platform(*index, parse_platform("linux/aarch64/v8").value()).value().digest, kDigestA);
    EXPECT_EQ(select_platform(*index, parse_platform("linux/arm").value()).value().digest, kDigestC);
    auto missing = select_platform(*index, parse_platform("linux/s390x").value());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message(), "no matching manifest for linux/s390x in the manifest list entries");
    EXPECT_FALSE(parse_platform("linux"));
    EXPECT_FALSE(parse_platform("linux//v7"));
    EXPECT_EQ(parse_platform("Linux/X86_64").value().str(), "linux/amd64");
}

TEST(Url, ParsesAndResolves) {
    auto url = parse_url("http://127.0.0.1:5000/v2/");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->host, "127.0.0.1");
    EXPECT_EQ(url->port, 5000);
    EXPECT_EQ(url->target, "/v2/");
    EXPECT_EQ(url->str(), "http://127.0.0.1:5000/v2/");
    EXPECT_EQ(parse_url("https://auth.example/token?x=1").value().str(), "https://auth.example/token?x=1");
    EXPECT_EQ(parse_url("http://[::1]:80").value().authority(), "[::1]");
    EXPECT_EQ(resolve_url(*url, "/v2/x/blobs/y").value().str(), "http://127.0.0.1:5000/v2/x/blobs/y");
    EXPECT_EQ(resolve_url(*url, "http://storage:9000/b").value().authority(), "storage:9000");
    for (const char* bad : {"127.0.0.1:5000", "ftp://x/", "http://", "http://a:b/", "http://user@host/", "http://h:0/"})
        EXPECT_FALSE(parse_url(bad)) << bad;
}

} // namespace
} // namespace berth::registry
