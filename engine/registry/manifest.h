#pragma once
// Image manifests and indexes as registries serve them: OCI image manifest and
// index, Docker's v2 schema 2 manifest and manifest list. Pure parsing and the
// choice of one platform out of an index.

#include "base/error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::registry {

namespace media_type {
inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kOciConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr std::string_view kOciLayer = "application/vnd.oci.image.layer.v1.tar";
inline constexpr std::string_view kOciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
inline constexpr std::string_view kOciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
inline constexpr std::string_view kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kDockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view kDockerConfig = "application/vnd.docker.container.image.v1+json";
inline constexpr std::string_view kDockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
inline constexpr std::string_view kDockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
} // namespace media_type

// What a manifest GET asks for, most wanted first.
std::string manifest_accept_header();

// Manifests are small; a registry sending more than this is refused.
inline constexpr size_t kMaxManifestBytes = 4 * 1024 * 1024;

struct Platform {
    std::string os;
    std::string architecture;
    std::string variant;

    std::string str() const; // "linux/arm64/v8"
};

// "linux/arm64", "linux/arm64/v8", "linux/amd64"; Docker's normalisations
// (x86_64 -> amd64, aarch64 -> arm64). Invalid otherwise.
Result<Platform> parse_platform(std::string_view text);
Platform host_platform();

struct Descriptor {
    std::string media_type;
    std::string digest;
    int64_t size = 0;
    std::optional<Platform> platform;
};

struct ImageManifest {
    Descriptor config;
    std::vector<Descriptor> layers;
};

struct ImageIndex {
    std::vector<Descriptor> manifests;
};

bool is_index_type(std::string_view media_type);
bool is_manifest_type(std::string_view media_type);

// The media type of a manifest body: the Content-Type the registry gave, or the
// body's own mediaType field when the header is missing or generic.
std::string manifest_media_type(std::string_view content_type, std::string_view body);

// Invalid with the reason when the body is not a well-formed manifest of its kind.
Result<ImageManifest> parse_image_manifest(std::string_view body);
Result<ImageIndex> parse_image_index(std::string_view body);

// The index entry for `wanted` (variant optional: any when unset, as Docker picks).
// NotFound, in Docker's words, when there is none.
Result<Descriptor> select_platform(const ImageIndex& index, const Platform& wanted);

// Layers berthd can unpack (tar, gzip, zstd); foreign and unknown types are not.
bool is_supported_layer_type(std::string_view media_type);

} // namespace berth::registry
