#pragma once
// One entry of GET /images/json (`docker images`), typed. Field names follow
// Docker's ImageSummary (Engine API 1.45).

#include "base/error.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::api::types {

struct ImageSummary {
    std::string id;                             // "Id": sha256:…
    std::string parent_id;                      // "ParentId"
    std::vector<std::string> repo_tags;         // "RepoTags": "busybox:latest"; empty when dangling
    std::vector<std::string> repo_digests;      // "RepoDigests": "busybox@sha256:…"
    int64_t created = 0;                        // "Created": Unix seconds
    int64_t size = 0;                           // "Size": bytes, all layers
    int64_t shared_size = -1;                   // "SharedSize": -1 when not computed
    std::map<std::string, std::string> labels;  // "Labels"
    int64_t containers = -1;                    // "Containers": -1 when not computed

    static Result<ImageSummary> from_json(const nlohmann::json& json);
    nlohmann::json to_json() const;

    bool operator==(const ImageSummary&) const = default;
};

Result<std::vector<ImageSummary>> image_summaries_from_json(const nlohmann::json& json);

// "repo:tag" split the way `docker images` shows it: the tag is after the last
// colon that follows the last slash (a registry's port is not a tag).
struct RepositoryTag {
    std::string repository;
    std::string tag;
};
RepositoryTag split_repository_tag(const std::string& reference);

} // namespace berth::api::types
