#include "images/image_pusher.h"

#include "images/memory_release.h"
#include "base/unique_fd.h"

#include <algorithm>
#include <fcntl.h>
#include <mutex>
#include <unistd.h>

namespace berth::images {
namespace {

using nlohmann::json;
using registry::Descriptor;

struct PushPlan {
    std::vector<Descriptor> layers;   // in the image's order
    std::vector<std::string> diff_ids; // for the progress IDs
    Descriptor config;
    std::string manifest;
    std::string manifest_type;
};

// The manifest an image was pulled with, when its blobs are all still here.
std::optional<PushPlan> pulled_plan(const ImageService& images, const store::ImageRecord& record) {
    auto pulled = images.pulled_manifest(record, true);
    if (!pulled) return std::nullopt;
    return PushPlan{pulled->manifest.layers, record.diff_ids, pulled->manifest.config, std::move(pulled->text),
                    std::move(pulled->media_type)};
}

// How an OCI manifest names a layer blob kept under another manifest's type.
std::string oci_layer_type(const ImageService::LayerSource& kept) {
    if (!kept.compressed) return std::string(registry::media_type::kOciLayer);
    if (kept.media_type == registry::media_type::kDockerLayerGzip) return std::string(registry::media_type::kOciLayerGzip);
    return kept.media_type;
}

// An OCI manifest over the image's layers as they are kept: plain tars
// (imported and committed images), or the compressed blob another image was
// pulled with (a load or pull that found the layer unpacked already).
Result<PushPlan> built_plan(ImageService& images, const store::ImageRecord& record) {
    auto& content = images.content();
    PushPlan plan;
    plan.diff_ids = record.diff_ids;
    auto config_size = content.size(record.id);
    if (!config_size) return std::unexpected(config_size.error());
    plan.config = {std::string(registry::media_type::kOciConfig), record.id, static_cast<int64_t>(*config_size), {}};
    json layers = json::array();
    for (const auto& diff_id : record.diff_ids) {
        auto kept = images.layer_source(diff_id);
        auto size = kept ? content.size(kept->digest) : Result<uint64_t>(fail(ErrorCategory::NotFound, "not kept"));
        if (!size)
            return fail(ErrorCategory::NotFound, "the layer {} of {} is not in the content store", diff_id, record.id);
        std::string type = oci_layer_type(*kept);
        plan.layers.push_back({type, kept->digest, static_cast<int64_t>(*size), {}});
        layers.push_back({{"mediaType", type}, {"digest", kept->digest}, {"size", *size}});
    }
    json manifest = {{"schemaVersion", 2},
                     {"mediaType", registry::media_type::kOciManifest},
                     {"config", {{"mediaType", plan.config.media_type}, {"digest", record.id}, {"size", *config_size}}},
                     {"layers", layers}};
    plan.manifest = manifest.dump();
    plan.manifest_type = std::string(registry::media_type::kOciManifest);
    return plan;
}

// Sends one blob unless the registry has it or can mount it.
Result<> push_blob(ImageService& images, registry::RepositoryClient& client, const Descriptor& blob,
                   const std::string& id, const std::vector<std::string>& mount_sources,
                   const std::function<void(const json&)>& send) {
    auto present = client.has_blob(blob.digest);
    if (!present) return std::unexpected(present.error());
    if (*present) {
        send(progress_message("Layer already exists", id));
        return {};
    }
    for (const auto& source : mount_sources) {
        auto mounted = client.mount_blob(blob.digest, source);
        if (mounted && *mounted) {
            send(progress_message("Mounted from " + source, id));
            return {};
        }
    }
    UniqueFd file(::open(images.content().path(blob.digest).c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) return fail_errno("opening blob {}", blob.digest);
    // The blob goes from the file to the socket through the HTTP client's small
    // buffer; progress is reported every 512 KiB, not per read, to spare the client.
    uint64_t sent = 0; // the furthest byte read (a request sent again reads from its start)
    uint64_t reported = 0;
    auto source = [&](uint64_t offset, char* buffer, size_t size) -> Result<size_t> {
        ssize_t got;
        do got = ::pread(file.get(), buffer, size, static_cast<off_t>(offset));
        while (got < 0 && errno == EINTR);
        if (got < 0) return fail_errno("reading blob {}", blob.digest);
        sent = std::max(sent, offset + static_cast<uint64_t>(got));
        if (got > 0 && (sent - reported >= (512u << 10) || sent == static_cast<uint64_t>(blob.size))) {
            reported = sent;
            json pushing = progress_message("Pushing", id);
            pushing["progressDetail"] = {{"current", sent}, {"total", blob.size}};
            send(pushing);
        }
        return static_cast<size_t>(got);
    };
    if (auto uploaded = client.upload_blob(blob.digest, static_cast<uint64_t>(blob.size), source); !uploaded)
        return uploaded;
    send(progress_message("Pushed", id));
    return {};
}

} // namespace

Result<std::string> push_image(ImageService& images, const registry::RegistryOptions& options,
                               const PushRequest& request, const PullProgress& progress) {
    MemoryRelease release;
    const Reference& reference = request.reference;
    if (!reference.tag) return fail(ErrorCategory::Invalid, "a push needs a tag");
    ImageService::Busy busy(images); // an rmi meanwhile leaves the blobs this push reads
    auto id = images.resolve(reference.str());
    if (!id) return fail(ErrorCategory::NotFound, "An image does not exist locally with the tag: {}",
                         reference.familiar_repository());
    auto record = images.record(*id);
    if (!record) return fail(ErrorCategory::NotFound, "No such image: {}", reference.familiar());
    if (auto usable = images.check_usable(*id); !usable) return std::unexpected(usable.error());
    std::optional<PushPlan> plan = pulled_plan(images, *record);
    if (!plan) {
        auto built = built_plan(images, *record);
        if (!built) return std::unexpected(built.error());
        plan = std::move(*built);
    }
    // Repositories of the same registry this image came from: blobs can be mounted from them.
    std::vector<std::string> mount_sources;
    for (const auto& name : images.references_to(*id)) {
        auto parsed = parse_reference(name);
        if (parsed && parsed->domain == reference.domain && parsed->path != reference.path &&
            std::ranges::find(mount_sources, parsed->path) == mount_sources.end())
            mount_sources.push_back(parsed->path);
    }

    registry::RepositoryClient client(registry::registry_base_url(reference.domain, options), reference.path,
                                      request.credentials, options, "pull,push");
    std::mutex progress_mutex;
    auto send = [&](const json& m) {
        std::lock_guard lock(progress_mutex);
        (void)progress(m);
    };
    send({{"status", "The push refers to repository [" + reference.repository() + "]"}});
    for (size_t i = plan->layers.size(); i-- > 0;) send(progress_message("Preparing", short_layer_id(plan->diff_ids[i])));
    for (size_t i = 0; i < plan->layers.size(); ++i)
        if (auto pushed = push_blob(images, client, plan->layers[i], short_layer_id(plan->diff_ids[i]), mount_sources, send);
            !pushed)
            return std::unexpected(pushed.error());
    auto config_present = client.has_blob(plan->config.digest);
    if (!config_present) return std::unexpected(config_present.error());
    if (!*config_present)
        if (auto pushed = push_blob(images, client, plan->config, short_layer_id(plan->config.digest), {}, [](const json&) {});
            !pushed)
            return std::unexpected(pushed.error());
    auto digest = client.put_manifest(*reference.tag, plan->manifest_type, plan->manifest);
    if (!digest) return std::unexpected(digest.error());
    Reference pushed = reference;
    pushed.tag.reset();
    pushed.digest = *digest;
    if (auto recorded = images.add_digest_reference(*id, pushed); !recorded) return std::unexpected(recorded.error());
    send({{"status", std::format("{}: digest: {} size: {}", *reference.tag, *digest, plan->manifest.size())}});
    send({{"progressDetail", json::object()},
          {"aux", {{"Tag", *reference.tag}, {"Digest", *digest}, {"Size", plan->manifest.size()}}}});
    images.announce("push", reference.familiar(), reference.familiar());
    return *digest;
}

Result<> push_all_tags(ImageService& images, const registry::RegistryOptions& options, const PushRequest& request,
                       const PullProgress& progress) {
    std::vector<Reference> tags;
    for (const auto& [text, id] : images.references())
        if (auto reference = parse_reference(text);
            reference && reference->tag && reference->repository() == request.reference.repository())
            tags.push_back(*reference);
    if (tags.empty()) return fail(ErrorCategory::NotFound, "An image does not exist locally with the tag: {}",
                                  request.reference.familiar());
    for (const auto& tag : tags) {
        PushRequest one{tag, request.credentials};
        if (auto pushed = push_image(images, options, one, progress); !pushed) return std::unexpected(pushed.error());
    }
    return {};
}

} // namespace berth::images
