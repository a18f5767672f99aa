#include "api/filters.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace berth::api {

Result<Filters> Filters::parse(std::string_view json_text) {
    Filters filters;
    if (json_text.empty()) return filters;
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::parse_error& e) {
        return fail(ErrorCategory::Invalid, "invalid filters \"{}\": {}", json_text, e.what());
    }
    if (json.is_null()) return filters;
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "invalid filters \"{}\": not a JSON object", json_text);
    for (const auto& [key, accepted] : json.items()) {
        auto& set = filters.values_[key];
        if (accepted.is_object()) {
            for (const auto& [value, enabled] : accepted.items())
                if (!enabled.is_boolean() || enabled.get<bool>()) set.insert(value);
        } else if (accepted.is_array()) {
            for (const auto& value : accepted) {
                if (!value.is_string())
                    return fail(ErrorCategory::Invalid, "invalid filters: values of \"{}\" must be strings", key);
                set.insert(value.get<std::string>());
            }
        } else {
            return fail(ErrorCategory::Invalid, "invalid filters: \"{}\" must map to an object or a list", key);
        }
    }
    return filters;
}

Result<> Filters::allow_only(const std::set<std::string, std::less<>>& keys) const {
    for (const auto& [key, _] : values_)
        if (!keys.contains(key)) return fail(ErrorCategory::Invalid, "invalid filter '{}'", key);
    return {};
}

std::vector<std::string> Filters::values(std::string_view key) const {
    auto it = values_.find(key);
    if (it == values_.end()) return {};
    return {it->second.begin(), it->second.end()};
}

bool Filters::accepts(std::string_view key, std::string_view candidate) const {
    auto it = values_.find(key);
    return it == values_.end() || it->second.contains(std::string(candidate));
}

bool Filters::matches_labels(const nlohmann::json& labels) const {
    auto has_label = [&](const std::string& wanted) {
        if (!labels.is_object()) return false;
        auto eq = wanted.find('=');
        std::string key = wanted.substr(0, eq);
        return labels.contains(key) && (eq == std::string::npos || labels[key] == wanted.substr(eq + 1));
    };
    return std::ranges::all_of(values("label"), has_label) && !std::ranges::any_of(values("label!"), has_label);
}

} // namespace berth::api
