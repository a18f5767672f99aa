#pragma once
// `docker pull`: resolves a reference on its registry (an index down to the
// platform's manifest), fetches the config, and streams every missing layer
// from the registry through decompression into its snapshot in one pass
// (three at a time, like dockerd), verifying the compressed digest and the
// DiffID before the snapshot is published. Progress goes out as the Engine
// API's JSON messages, which the docker CLI draws as its bars.

#include "images/image_service.h"
#include "images/reference.h"
#include "registry/registry_client.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

namespace berth::images {

struct PullRequest {
    Reference reference;                      // with a tag or a digest
    std::optional<registry::Platform> platform; // the host's when unset
    registry::Credentials credentials;
};

// One progress message ({"status", "id", "progressDetail"}). Called from several
// threads, one at a time; returns false when nobody listens any more (the pull
// then stops).
using PullProgress = std::function<bool(const nlohmann::json& message)>;

// Progress messages as dockerd sends them: {"status"} alone, or about one layer
// (or tag) with its "id" and an empty "progressDetail". Layers go by short_layer_id.
nlohmann::json progress_message(std::string status, std::string id = {});
std::string short_layer_id(const std::string& digest);

// Returns the image ID. Errors carry Docker's wording ("manifest for x not found: ...").
Result<std::string> pull_image(ImageService& images, const registry::RegistryOptions& options,
                               const PullRequest& request, const PullProgress& progress);

// `docker pull --all-tags`: every tag the registry lists for the repository
// (`request.reference` without tag or digest), one pull after the other.
Result<> pull_all_tags(ImageService& images, const registry::RegistryOptions& options, const PullRequest& request,
                       const PullProgress& progress);

} // namespace berth::images
