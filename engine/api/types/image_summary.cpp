#include "api/types/image_summary.h"

#include "api/types/json_fields.h"

namespace berth::api::types {

Result<ImageSummary> ImageSummary::from_json(const nlohmann::json& json) {
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "an image summary is not a JSON object");
    try {
        ImageSummary out;
        out.id = text_field(json, "Id");
        out.parent_id = text_field(json, "ParentId");
        out.repo_tags = text_list_field(json, "RepoTags");
        out.repo_digests = text_list_field(json, "RepoDigests");
        out.created = integer_field(json, "Created");
        out.size = integer_field(json, "Size");
        out.shared_size = json.contains("SharedSize") ? integer_field(json, "SharedSize") : -1;
        out.labels = labels_field(json, "Labels");
        out.containers = json.contains("Containers") ? integer_field(json, "Containers") : -1;
        // Old engines list a dangling image's tag as "<none>:<none>"; newer ones leave it out.
        std::erase(out.repo_tags, std::string("<none>:<none>"));
        return out;
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::Invalid, "reading image summary {}: {}", text_field(json, "Id"), e.what());
    }
}

nlohmann::json ImageSummary::to_json() const {
    return {{"Id", id},         {"ParentId", parent_id},      {"RepoTags", repo_tags},
            {"RepoDigests", repo_digests}, {"Created", created}, {"Size", size},
            {"SharedSize", shared_size},   {"Labels", labels},   {"Containers", containers}};
}

Result<std::vector<ImageSummary>> image_summaries_from_json(const nlohmann::json& json) {
    if (!json.is_array()) return fail(ErrorCategory::Invalid, "the image list is not a JSON array");
    std::vector<ImageSummary> out;
    out.reserve(json.size());
    for (const auto& entry : json) {
        auto summary = ImageSummary::from_json(entry);
        if (!summary) return std::unexpected(summary.error());
        out.push_back(std::move(*summary));
    }
    return out;
}

RepositoryTag split_repository_tag(const std::string& reference) {
    size_t slash = reference.rfind('/');
    size_t colon = reference.rfind(':');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return {reference, ""};
    return {reference.substr(0, colon), reference.substr(colon + 1)};
}

} // namespace berth::api::types
