#include "api/types/network.h"

#include "api/types/json_fields.h"

namespace berth::api::types {

Result<Network> Network::from_json(const nlohmann::json& json) {
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "a network is not a JSON object");
    try {
        Network out;
        out.id = text_field(json, "Id");
        out.name = text_field(json, "Name");
        out.driver = text_field(json, "Driver");
        out.scope = text_field(json, "Scope");
        out.created = text_field(json, "Created");
        out.internal = json.contains("Internal") && json["Internal"].is_boolean() && json["Internal"].get<bool>();
        out.labels = labels_field(json, "Labels");
        return out;
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::Invalid, "reading network {}: {}", json.value("Name", std::string()), e.what());
    }
}

nlohmann::json Network::to_json() const {
    return {{"Id", id},           {"Name", name},         {"Driver", driver}, {"Scope", scope},
            {"Created", created}, {"Internal", internal}, {"Labels", labels}};
}

Result<std::vector<Network>> networks_from_json(const nlohmann::json& json) {
    if (!json.is_array()) return fail(ErrorCategory::Invalid, "the network list is not a JSON array");
    std::vector<Network> out;
    for (const auto& entry : json) {
        auto network = Network::from_json(entry);
        if (!network) return std::unexpected(network.error());
        out.push_back(std::move(*network));
    }
    return out;
}

} // namespace berth::api::types
