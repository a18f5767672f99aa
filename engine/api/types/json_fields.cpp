#include "api/types/json_fields.h"

namespace berth::api::types {

namespace {
const nlohmann::json* present(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}
} // namespace

std::string text_field(const nlohmann::json& object, const char* key) {
    const auto* value = present(object, key);
    return value ? value->get<std::string>() : std::string();
}

int64_t integer_field(const nlohmann::json& object, const char* key) {
    const auto* value = present(object, key);
    if (!value) return 0;
    // Sizes and times come as integers from Go; a float (from a hand-written engine) is truncated.
    return value->is_number_float() ? static_cast<int64_t>(value->get<double>()) : value->get<int64_t>();
}

std::vector<std::string> text_list_field(const nlohmann::json& object, const char* key) {
    const auto* value = present(object, key);
    return value ? value->get<std::vector<std::string>>() : std::vector<std::string>{};
}

std::map<std::string, std::string> labels_field(const nlohmann::json& object, const char* key) {
    const auto* value = present(object, key);
    return value ? value->get<std::map<std::string, std::string>>() : std::map<std::string, std::string>{};
}

} // namespace berth::api::types
