#include "images/image_puller.h"

#include "images/memory_release.h"
#include "base/digest.h"
#include "base/log.h"
#include "store/image_store.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <span>
#include <thread>

namespace berth::images {

std::string short_layer_id(const std::string& digest) { return digest.substr(digest.find(':') + 1, 12); }

nlohmann::json progress_message(std::string status, std::string id) {
    nlohmann::json out = {{"status", std::move(status)}};
    if (!id.empty()) {
        out["progressDetail"] = nlohmann::json::object();
        out["id"] = std::move(id);
    }
    return out;
}

namespace {

using nlohmann::json;
using registry::Descriptor;

constexpr size_t kMaxConfigBytes = 8 * 1024 * 1024;
constexpr int kParallelDownloads = 3;

// Serialises progress from the download threads and remembers whether the
// client is still there.
class Progress {
public:
    explicit Progress(const PullProgress& sink) : sink_(sink) {}
    void send(const json& m) {
        std::lock_guard lock(mutex_);
        if (!gone_ && !sink_(m)) gone_ = true;
    }
    bool gone() const {
        std::lock_guard lock(mutex_);
        return gone_;
    }

private:
    const PullProgress& sink_;
    mutable std::mutex mutex_;
    bool gone_ = false;
};

struct ResolvedImage {
    std::string top_digest; // what RepoDigests names: the index's digest for a multi-platform image
    registry::ImageManifest manifest;
    std::string config_text;
    std::vector<std::string> diff_ids;
    std::vector<std::string> blobs; // manifests kept in the content store
};

Result<std::string> store_blob(store::ContentStore& content, std::string_view data, const std::string& digest) {
    if (content.has(digest)) return digest;
    return content.put(data, digest);
}

Result<ResolvedImage> resolve(ImageService& images, registry::RepositoryClient& client, const Reference& reference,
                              const PullRequest& request) {
    std::string wanted = reference.digest ? *reference.digest : *reference.tag;
    auto top = client.manifest(wanted);
    if (!top) {
        if (top.error().category() == ErrorCategory::NotFound)
            return fail(ErrorCategory::NotFound, "manifest for {} {}", reference.familiar(), top.error().message());
        return std::unexpected(top.error());
    }
    ResolvedImage image;
    image.top_digest = top->digest;
    auto& content = images.content();
    if (auto stored = store_blob(content, top->body, top->digest); !stored) return std::unexpected(stored.error());
    image.blobs.push_back(top->digest);
    registry::FetchedManifest chosen = *top;
    registry::Platform platform = request.platform.value_or(registry::host_platform());
    if (registry::is_index_type(top->media_type)) {
        auto index = registry::parse_image_index(top->body);
        if (!index) return std::unexpected(index.error());
        auto entry = registry::select_platform(*index, platform);
        if (!entry) return std::unexpected(entry.error());
        auto manifest = client.manifest(entry->digest);
        if (!manifest) return std::unexpected(manifest.error());
        if (auto stored = store_blob(content, manifest->body, manifest->digest); !stored)
            return std::unexpected(stored.error());
        image.blobs.push_back(manifest->digest);
        chosen = *manifest;
    }
    if (!registry::is_manifest_type(chosen.media_type))
        return fail(ErrorCategory::NotImplemented, "{}: unsupported manifest media type \"{}\"", reference.familiar(),
                    chosen.media_type);
    auto manifest = registry::parse_image_manifest(chosen.body);
    if (!manifest) return std::unexpected(manifest.error());
    image.manifest = *manifest;
    for (const auto& layer : manifest->layers)
        if (!registry::is_supported_layer_type(layer.media_type))
            return fail(ErrorCategory::NotImplemented, "{}: unsupported layer media type \"{}\"",
                        reference.familiar(), layer.media_type);

    const auto& config_descriptor = manifest->config;
    if (content.has(config_descriptor.digest)) {
        auto text = content.read(config_descriptor.digest);
        if (!text) return std::unexpected(text.error());
        image.config_text = *text;
    } else {
        auto text = client.blob(config_descriptor, kMaxConfigBytes);
        // moby's ImageConfigPullError: "error pulling image configuration: …".
        if (!text) return std::unexpected(text.error().wrap("error pulling image configuration"));
        image.config_text = *text;
    }
    auto config = json::parse(image.config_text, nullptr, false);
    if (!config.is_object()) return fail(ErrorCategory::Invalid, "invalid image config {}", config_descriptor.digest);
    const auto& rootfs = config.value("rootfs", json::object());
    const auto& diff_ids = rootfs.value("diff_ids", json::array());
    if (!diff_ids.is_array() || diff_ids.size() != manifest->layers.size())
        return fail(ErrorCategory::Invalid, "invalid image config {}: {} DiffIDs for {} layers", config_descriptor.digest,
                    diff_ids.is_array() ? diff_ids.size() : 0, manifest->layers.size());
    for (const auto& diff_id : diff_ids) {
        if (!diff_id.is_string() || !is_sha256_digest(diff_id.get<std::string>()))
            return fail(ErrorCategory::Invalid, "invalid image config {}: bad DiffID", config_descriptor.digest);
        image.diff_ids.push_back(diff_id.get<std::string>());
    }
    if (manifest->layers.empty()) return fail(ErrorCategory::Invalid, "{}: the image has no layers", reference.familiar());
    if (request.platform) {
        registry::Platform got{config.value("os", ""), config.value("architecture", ""), config.value("variant", "")};
        if (got.os != platform.os || got.architecture != platform.architecture)
            return fail(ErrorCategory::NotFound, "image with reference {} was found but does not match the specified "
                        "platform: wanted {}, actual: {}", reference.familiar(), platform.str(), got.str());
    }
    if (auto stored = store_blob(content, image.config_text, config_descriptor.digest); !stored)
        return std::unexpected(stored.error());
    return image;
}

// Where an image's blobs may come from, in order: the registry, or for
// docker.io its mirrors ("registry-mirrors") first.
using Sources = std::span<const std::unique_ptr<registry::RepositoryClient>>;

// A layer from the first of `sources` that serves it; the first one's error when none does.
Result<std::unique_ptr<registry::BlobReader>> open_layer(Sources sources, const Descriptor& layer) {
    std::optional<Error> first_error;
    for (const auto& source : sources) {
        auto reader = source->open_blob(layer);
        if (reader) return reader;
        if (!first_error) first_error = reader.error();
        if (&source != &sources.back())
            log::warn("pulling {} from {}: {}; trying the next source", layer.digest, source->base().str(),
                      reader.error().message());
    }
    return std::unexpected(*first_error);
}

// Downloads one layer into its snapshot: compressed bytes hashed and kept as a
// blob while they are unpacked; both digests checked before it is published.
Result<uint64_t> pull_layer(ImageService& images, Sources sources, const Descriptor& layer, const std::string& chain_id,
                            const std::string& diff_id, Progress& progress, const std::atomic<bool>& stop) {
    std::string id = short_layer_id(layer.digest);
    auto blob = images.content().writer();
    if (!blob) return std::unexpected(blob.error());
    auto reader = open_layer(sources, layer);
    if (!reader) return std::unexpected(reader.error());
    uint64_t received = 0;
    auto last_report = std::chrono::steady_clock::time_point{};
    LayerReader source = [&](char* buffer, size_t size) -> Result<size_t> {
        if (stop.load() || progress.gone()) return fail(ErrorCategory::Unavailable, "the pull was cancelled");
        auto n = (*reader)->read(buffer, size);
        if (!n) return n;
        if (auto written = blob->write(std::string_view(buffer, *n)); !written) return std::unexpected(written.error());
        received += *n;
        auto now = std::chrono::steady_clock::now();
        if (*n > 0 && now - last_report > std::chrono::milliseconds(100)) {
            last_report = now;
            json m = progress_message("Downloading", id);
            m["progressDetail"] = {{"current", received}, {"total", layer.size}};
            progress.send(m);
        }
        return n;
    };
    auto verify = [&]() -> Result<> {
        // Whatever the decompressor left unread (a trailer) is part of the blob too.
        char rest[16384];
        while (true) {
            auto n = source(rest, sizeof rest);
            if (!n) return std::unexpected(n.error());
            if (*n == 0) break;
        }
        progress.send(progress_message("Verifying Checksum", id));
        if (layer.size > 0 && received != static_cast<uint64_t>(layer.size))
            return fail(ErrorCategory::Invalid, "layer {}: {} bytes received, the manifest says {}", layer.digest,
                        received, layer.size);
        auto committed = blob->commit(layer.digest);
        if (!committed && committed.error().category() == ErrorCategory::Invalid) // other bytes than the digest names
            return fail(ErrorCategory::Invalid, "filesystem layer verification failed for digest {}", layer.digest);
        if (!committed) return std::unexpected(committed.error().wrap("layer {}", layer.digest));
        progress.send(progress_message("Download complete", id));
        return {};
    };
    auto size = images.add_snapshot(source, chain_id, diff_id, verify);
    if (!size) return size;
    json extracting = progress_message("Extracting", id);
    extracting["progressDetail"] = {{"current", layer.size}, {"total", layer.size}};
    progress.send(extracting);
    progress.send(progress_message("Pull complete", id));
    return size;
}

} // namespace

Result<std::string> pull_image(ImageService& images, const registry::RegistryOptions& options,
                               const PullRequest& request, const PullProgress& sink) {
    MemoryRelease release;
    // Layers found already there must stay until the image is recorded.
    ImageService::Busy busy(images);
    Reference reference = with_default_tag(request.reference);
    std::vector<std::unique_ptr<registry::RepositoryClient>> sources;
    for (const auto& base : registry::pull_endpoints(reference.domain, options))
        sources.push_back(std::make_unique<registry::RepositoryClient>(base, reference.path, request.credentials, options));
    // The first source that resolves the image serves it (when none does, the
    // last one's error is reported: the registry's own); its layers come from
    // it, or from the sources after it when it fails them.
    size_t serving = 0;
    auto resolved = resolve(images, *sources[serving], reference, request);
    while (!resolved && serving + 1 < sources.size()) {
        log::warn("pulling {} from {}: {}; trying the next source", reference.familiar(),
                  sources[serving]->base().str(), resolved.error().message());
        resolved = resolve(images, *sources[++serving], reference, request);
    }
    if (!resolved) return std::unexpected(resolved.error());
    auto layer_sources = Sources(sources).subspan(serving);
    Progress progress(sink);
    progress.send(progress_message("Pulling from " + reference.path,
                          reference.digest ? *reference.digest : *reference.tag));

    const auto& layers = resolved->manifest.layers;
    auto chain = store::chain_ids(resolved->diff_ids);
    std::string image_id = resolved->manifest.config.digest;
    bool image_known = images.content().has(image_id) && images.layer_paths(image_id).has_value();
    std::vector<size_t> missing;
    std::vector<std::pair<std::string, ImageService::LayerSource>> kept_elsewhere; // DiffID, the copy relied on
    for (size_t i = 0; i < layers.size(); ++i) {
        // A snapshot unpacked but kept by no blob (a store damaged before the
        // check at start) is pulled again: the image must save and push too.
        auto kept = images.has_snapshot(chain[i]) ? images.layer_source(resolved->diff_ids[i]) : std::nullopt;
        if (kept) {
            kept_elsewhere.emplace_back(resolved->diff_ids[i], *kept);
            if (!image_known) progress.send(progress_message("Already exists", short_layer_id(layers[i].digest)));
        } else {
            missing.push_back(i);
            progress.send(progress_message("Pulling fs layer", short_layer_id(layers[i].digest)));
        }
    }
    for (size_t k = kParallelDownloads; k < missing.size(); ++k)
        progress.send(progress_message("Waiting", short_layer_id(layers[missing[k]].digest)));

    // Three workers take the missing layers in order; the first failure stops the rest.
    std::atomic<size_t> next = 0;
    std::atomic<bool> stop = false;
    std::mutex error_mutex;
    std::optional<Error> first_error;
    auto work = [&] {
        while (!stop.load()) {
            size_t k = next.fetch_add(1);
            if (k >= missing.size()) return;
            size_t i = missing[k];
            auto pulled =
                pull_layer(images, layer_sources, layers[i], chain[i], resolved->diff_ids[i], progress, stop);
            if (!pulled) {
                std::lock_guard lock(error_mutex);
                if (!first_error) first_error = pulled.error();
                stop = true;
            }
        }
    };
    {
        std::vector<std::jthread> workers;
        size_t count = std::min<size_t>(kParallelDownloads, missing.size());
        for (size_t w = 1; w < count; ++w) workers.emplace_back(work);
        if (count > 0) work();
    }
    if (first_error) return std::unexpected(*first_error);
    if (progress.gone()) return fail(ErrorCategory::Unavailable, "the pull was cancelled");

    uint64_t size = 0;
    for (const auto& chain_id : chain) size += images.diff_size(chain_id);
    store::ImageRecord record{image_id, resolved->diff_ids, size, "", resolved->blobs};
    for (const auto& layer : layers) record.blobs.push_back(layer.digest);
    for (const auto& [diff_id, kept] : kept_elsewhere) ImageService::own_copy(record, diff_id, kept);
    std::vector<std::string> names = {reference.repository() + "@" + resolved->top_digest};
    if (!reference.digest) names.insert(names.begin(), reference.str());
    bool up_to_date = image_known && std::ranges::all_of(names, [&](const std::string& name) {
        return images.resolve(name).value_or("") == image_id;
    });
    if (auto added = images.add_pulled(record, names); !added) return std::unexpected(added.error());
    progress.send(progress_message("Digest: " + resolved->top_digest));
    progress.send(progress_message(std::string(up_to_date ? "Status: Image is up to date for " : "Status: Downloaded newer image for ") +
                          reference.familiar()));
    images.announce("pull", reference.familiar(), reference.familiar()); // dockerd's actor is the name pulled
    return image_id;
}

Result<> pull_all_tags(ImageService& images, const registry::RegistryOptions& options, const PullRequest& request,
                       const PullProgress& progress) {
    const Reference& repository = request.reference;
    // The tags come from the first source that lists them (a mirror, then docker.io).
    Result<std::vector<std::string>> tags = fail(ErrorCategory::NotFound, "no registry to ask");
    for (const auto& base : registry::pull_endpoints(repository.domain, options)) {
        registry::RepositoryClient client(base, repository.path, request.credentials, options);
        tags = client.tags();
        if (tags) break;
    }
    if (!tags) return std::unexpected(tags.error().wrap("listing the tags of {}", repository.familiar()));
    if (tags->empty()) return fail(ErrorCategory::NotFound, "{} has no tags", repository.familiar());
    for (const auto& tag : *tags) {
        auto tagged = parse_reference(repository.str() + ":" + tag);
        if (!tagged) continue; // a tag Docker's grammar does not allow: not ours to pull
        PullRequest one = request;
        one.reference = *tagged;
        if (auto pulled = pull_image(images, options, one, progress); !pulled) return std::unexpected(pulled.error());
    }
    return {};
}

} // namespace berth::images
