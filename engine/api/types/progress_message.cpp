#include "api/types/progress_message.h"

#include "api/types/json_fields.h"

namespace berth::api::types {

bool ProgressMessage::is_layer_done() const {
    return is_layer() && (status == "Pull complete" || status == "Already exists" || status == "Pushed" ||
                          status == "Layer already exists" || status.starts_with("Mounted from"));
}

Result<ProgressMessage> ProgressMessage::from_json(const nlohmann::json& json) {
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "a progress message is not a JSON object");
    try {
        ProgressMessage out;
        out.id = text_field(json, "id");
        out.status = text_field(json, "status");
        if (auto detail = json.find("progressDetail"); detail != json.end() && detail->is_object()) {
            out.current = integer_field(*detail, "current");
            out.total = integer_field(*detail, "total");
        }
        // Docker writes both; errorDetail.message is the one its CLI prints.
        if (auto detail = json.find("errorDetail"); detail != json.end() && detail->is_object())
            out.error = text_field(*detail, "message");
        if (out.error.empty()) out.error = text_field(json, "error");
        return out;
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::Invalid, "reading a progress message: {}", e.what());
    }
}

nlohmann::json ProgressMessage::to_json() const {
    nlohmann::json json = nlohmann::json::object();
    if (is_error()) {
        json["errorDetail"] = {{"message", error}};
        json["error"] = error;
        return json;
    }
    if (!id.empty()) json["id"] = id;
    json["status"] = status;
    if (current != 0 || total != 0) json["progressDetail"] = {{"current", current}, {"total", total}};
    return json;
}

} // namespace berth::api::types
