#include "api/types/event.h"

#include "api/types/json_fields.h"

namespace berth::api::types {

std::string Event::base_action() const {
    return action.substr(0, action.find(':'));
}

std::string Event::attribute(const std::string& key) const {
    auto it = attributes.find(key);
    return it == attributes.end() ? std::string() : it->second;
}

Result<Event> Event::from_json(const nlohmann::json& json) {
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "an event is not a JSON object");
    try {
        Event out;
        out.type = text_field(json, "Type");
        out.action = text_field(json, "Action");
        if (auto actor = json.find("Actor"); actor != json.end() && actor->is_object()) {
            out.actor_id = text_field(*actor, "ID");
            out.attributes = labels_field(*actor, "Attributes");
        }
        // Engines before API 1.22 sent only status/id.
        if (out.action.empty()) out.action = text_field(json, "status");
        if (out.actor_id.empty()) out.actor_id = text_field(json, "id");
        out.scope = text_field(json, "scope");
        out.time_nano = integer_field(json, "timeNano");
        if (out.time_nano == 0) out.time_nano = integer_field(json, "time") * 1'000'000'000;
        return out;
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::Invalid, "reading an event: {}", e.what());
    }
}

nlohmann::json Event::to_json() const {
    nlohmann::json json = {{"Type", type},
                           {"Action", action},
                           {"Actor", {{"ID", actor_id}, {"Attributes", attributes}}},
                           {"scope", scope},
                           {"time", time_nano / 1'000'000'000},
                           {"timeNano", time_nano}};
    return json;
}

} // namespace berth::api::types
