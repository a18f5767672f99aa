#include "api/types/volume.h"

#include "api/types/json_fields.h"

namespace berth::api::types {

Result<Volume> Volume::from_json(const nlohmann::json& json) {
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "a volume is not a JSON object");
    try {
        return Volume{text_field(json, "Name"),      text_field(json, "Driver"), text_field(json, "Mountpoint"),
                      text_field(json, "CreatedAt"), text_field(json, "Scope"),  labels_field(json, "Labels")};
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::Invalid, "reading volume {}: {}", json.value("Name", std::string()), e.what());
    }
}

nlohmann::json Volume::to_json() const {
    return {{"Name", name},       {"Driver", driver}, {"Mountpoint", mountpoint},
            {"CreatedAt", created_at}, {"Scope", scope}, {"Labels", labels}};
}

Result<std::vector<Volume>> volumes_from_list_json(const nlohmann::json& json) {
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "the volume list is not a JSON object");
    std::vector<Volume> out;
    auto list = json.find("Volumes");
    if (list == json.end() || list->is_null()) return out; // Docker sends null for none
    if (!list->is_array()) return fail(ErrorCategory::Invalid, "the volume list's Volumes is not an array");
    for (const auto& entry : *list) {
        auto volume = Volume::from_json(entry);
        if (!volume) return std::unexpected(volume.error());
        out.push_back(std::move(*volume));
    }
    return out;
}

} // namespace berth::api::types
