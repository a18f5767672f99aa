#include "registry/manifest.h"

#include "images/reference.h"

#include <algorithm>
#include <format>

#include <nlohmann/json.hpp>
#include <sys/utsname.h>

namespace berth::registry {
namespace {

using nlohmann::json;

std::string normalize_architecture(std::string arch) {
    if (arch == "x86_64" || arch == "x86-64") return "amd64";
    if (arch == "aarch64") return "arm64";
    if (arch == "armhf") return "arm";
    return arch;
}

Result<Descriptor> descriptor(const json& object, std::string_view where) {
    auto invalid = [&](std::string_view why) {
        return fail(ErrorCategory::Invalid, "invalid manifest: {} {}", where, why);
    };
    if (!object.is_object()) return invalid("is not an object");
    Descriptor d;
    auto media = object.find("mediaType");
    if (media != object.end() && !media->is_string()) return invalid("has a non-string mediaType");
    if (media != object.end()) d.media_type = media->get<std::string>();
    auto digest = object.find("digest");
    if (digest == object.end() || !digest->is_string() || !images::is_sha256_digest(digest->get<std::string>()))
        return invalid("has no valid sha256 digest");
    d.digest = digest->get<std::string>();
    auto size = object.find("size");
    if (size == object.end() || !size->is_number_integer() || size->get<int64_t>() < 0)
        return invalid("has no valid size");
    d.size = size->get<int64_t>();
    if (auto platform = object.find("platform"); platform != object.end() && platform->is_object()) {
        Platform p;
        p.os = platform->value("os", "");
        p.architecture = normalize_architecture(platform->value("architecture", ""));
        p.variant = platform->value("variant", "");
        d.platform = p;
    }
    return d;
}

Result<json> parse_json_object(std::string_view body) {
    auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
        return fail(ErrorCategory::Invalid, "invalid manifest: not a JSON object");
    return parsed;
}

} // namespace

std::string manifest_accept_header() {
    return std::string(media_type::kOciIndex) + ", " + std::string(media_type::kDockerManifestList) + ", " +
           std::string(media_type::kOciManifest) + ", " + std::string(media_type::kDockerManifest);
}

std::string Platform::str() const { return os + "/" + architecture + (variant.empty() ? "" : "/" + variant); }

Result<Platform> parse_platform(std::string_view text) {
    Platform p;
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        auto slash = text.find('/', start);
        parts.emplace_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    for (auto& part : parts)
        for (char& c : part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool empty_part = std::ranges::any_of(parts, [](const std::string& part) { return part.empty(); });
    if (parts.size() < 2 || parts.size() > 3 || empty_part)
        return fail(ErrorCategory::Invalid, "\"{}\": unknown operating system or architecture: invalid argument", text);
    p.os = parts[0];
    p.architecture = normalize_architecture(parts[1]);
    if (parts.size() == 3) p.variant = parts[2];
    if (p.architecture == "arm64" && p.variant == "v8") p.variant.clear(); // Docker's normalised form
    return p;
}

Platform host_platform() {
    struct utsname names{};
    uname(&names);
    return {"linux", normalize_architecture(names.machine), ""};
}

bool is_index_type(std::string_view type) {
    return type == media_type::kOciIndex || type == media_type::kDockerManifestList;
}

bool is_manifest_type(std::string_view type) {
    return type == media_type::kOciManifest || type == media_type::kDockerManifest;
}

std::string manifest_media_type(std::string_view content_type, std::string_view body) {
    std::string header(content_type.substr(0, content_type.find(';')));
    while (header.ends_with(' ')) header.pop_back();
    if (is_index_type(header) || is_manifest_type(header)) return header;
    auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_object()) {
        if (auto media = parsed.find("mediaType"); media != parsed.end() && media->is_string())
            return media->get<std::string>();
        // An OCI manifest may leave mediaType out: its shape says which it is.
        if (parsed.contains("manifests")) return std::string(media_type::kOciIndex);
        if (parsed.contains("config") && parsed.contains("layers")) return std::string(media_type::kOciManifest);
    }
    return header;
}

Result<ImageManifest> parse_image_manifest(std::string_view body) {
    auto parsed = parse_json_object(body);
    if (!parsed) return std::unexpected(parsed.error());
    if (parsed->value("schemaVersion", 0) != 2)
        return fail(ErrorCategory::Invalid, "invalid manifest: unsupported schemaVersion (berthd reads schema 2)");
    ImageManifest manifest;
    auto config = descriptor(parsed->value("config", json()), "config");
    if (!config) return std::unexpected(config.error());
    manifest.config = *config;
    auto layers = parsed->find("layers");
    if (layers == parsed->end() || !layers->is_array())
        return fail(ErrorCategory::Invalid, "invalid manifest: no layers array");
    for (size_t i = 0; i < layers->size(); ++i) {
        auto layer = descriptor((*layers)[i], std::format("layer {}", i));
        if (!layer) return std::unexpected(layer.error());
        manifest.layers.push_back(*layer);
    }
    return manifest;
}

Result<ImageIndex> parse_image_index(std::string_view body) {
    auto parsed = parse_json_object(body);
    if (!parsed) return std::unexpected(parsed.error());
    auto manifests = parsed->find("manifests");
    if (manifests == parsed->end() || !manifests->is_array())
        return fail(ErrorCategory::Invalid, "invalid manifest list: no manifests array");
    ImageIndex index;
    for (size_t i = 0; i < manifests->size(); ++i) {
        auto entry = descriptor((*manifests)[i], std::format("manifest list entry {}", i));
        if (!entry) return std::unexpected(entry.error());
        index.manifests.push_back(*entry);
    }
    return index;
}

Result<Descriptor> select_platform(const ImageIndex& index, const Platform& wanted) {
    const Descriptor* loose = nullptr;
    for (const auto& entry : index.manifests) {
        if (!entry.platform || !is_manifest_type(entry.media_type.empty() ? media_type::kOciManifest : entry.media_type))
            continue;
        const auto& p = *entry.platform;
        if (p.os != wanted.os || p.architecture != wanted.architecture) continue;
        std::string variant = p.architecture == "arm64" && p.variant == "v8" ? "" : p.variant;
        if (variant == wanted.variant) return entry;
        if (wanted.variant.empty() && !loose) loose = &entry;
    }
    if (loose) return *loose;
    return fail(ErrorCategory::NotFound, "no matching manifest for {} in the manifest list entries", wanted.str());
}

bool is_supported_layer_type(std::string_view type) {
    return type == media_type::kOciLayer || type == media_type::kOciLayerGzip || type == media_type::kOciLayerZstd ||
           type == media_type::kDockerLayerGzip;
}

} // namespace berth::registry
