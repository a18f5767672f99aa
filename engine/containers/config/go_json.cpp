#include "containers/config/go_json.h"

#include <cctype>
#include <cmath>
#include <limits>

namespace berth::containers::config {
namespace {

const nlohmann::json kEmptyObject = nlohmann::json::object();

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::unexpected<Error> unmarshal_error(std::string_view what, std::string_view where, std::string_view go_type) {
    return fail(ErrorCategory::Invalid, "invalid JSON: json: cannot unmarshal {} into Go struct field {} of type {}",
                what, where, go_type);
}

} // namespace

std::string_view go_json_kind(const nlohmann::json& value) {
    if (value.is_string()) return "string";
    if (value.is_number()) return "number";
    if (value.is_boolean()) return "bool";
    if (value.is_array()) return "array";
    if (value.is_object()) return "object";
    return "null";
}

Result<GoObject> GoObject::from(const nlohmann::json* value, std::string path, std::string_view go_type) {
    if (!value || value->is_null()) return GoObject(&kEmptyObject, std::move(path));
    if (!value->is_object()) return unmarshal_error(go_json_kind(*value), path, go_type);
    return GoObject(value, std::move(path));
}

const nlohmann::json* GoObject::find(std::string_view key) const {
    auto exact = value_->find(key);
    const nlohmann::json* found = exact != value_->end() ? &*exact : nullptr;
    if (!found) {
        for (auto it = value_->begin(); it != value_->end(); ++it) {
            if (iequals(it.key(), key)) {
                found = &it.value();
                break;
            }
        }
    }
    return found && !found->is_null() ? found : nullptr;
}

std::unexpected<Error> GoObject::mismatch(std::string_view key, const nlohmann::json& value,
                                          std::string_view go_type) const {
    std::string what(go_json_kind(value));
    if (value.is_number()) what += " " + value.dump();
    return unmarshal_error(what, path_ + "." + std::string(key), go_type);
}

Result<std::string> GoObject::string(std::string_view key) const {
    const auto* value = find(key);
    if (!value) return std::string();
    if (!value->is_string()) return mismatch(key, *value, "string");
    return value->get<std::string>();
}

Result<bool> GoObject::boolean(std::string_view key) const {
    const auto* value = find(key);
    if (!value) return false;
    if (!value->is_boolean()) return mismatch(key, *value, "bool");
    return value->get<bool>();
}

Result<std::optional<bool>> GoObject::optional_boolean(std::string_view key) const {
    if (!find(key)) return std::optional<bool>();
    auto value = boolean(key);
    if (!value) return std::unexpected(value.error());
    return std::optional<bool>(*value);
}

Result<int64_t> GoObject::integer(std::string_view key, int64_t min, int64_t max, std::string_view go_type) const {
    const auto* value = find(key);
    if (!value) return int64_t{0};
    if (value->is_number_integer()) {
        if (value->is_number_unsigned()) {
            auto u = value->get<uint64_t>();
            if (u > static_cast<uint64_t>(max)) return mismatch(key, *value, go_type);
            return static_cast<int64_t>(u);
        }
        auto i = value->get<int64_t>();
        if (i < min || i > max) return mismatch(key, *value, go_type);
        return i;
    }
    // Go accepts 1e3 for an int, not 1.5.
    if (value->is_number_float()) {
        double d = value->get<double>();
        if (std::trunc(d) == d && d >= static_cast<double>(min) && d <= static_cast<double>(max))
            return static_cast<int64_t>(d);
    }
    return mismatch(key, *value, go_type);
}

Result<int64_t> GoObject::int64(std::string_view key) const {
    return integer(key, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), "int64");
}

Result<std::optional<int64_t>> GoObject::optional_int64(std::string_view key) const {
    if (!find(key)) return std::optional<int64_t>();
    auto value = int64(key);
    if (!value) return std::unexpected(value.error());
    return std::optional<int64_t>(*value);
}

Result<uint64_t> GoObject::uint64(std::string_view key) const {
    const auto* value = find(key);
    if (!value) return uint64_t{0};
    if (value->is_number_unsigned()) return value->get<uint64_t>();
    if (value->is_number_integer() && value->get<int64_t>() >= 0) return static_cast<uint64_t>(value->get<int64_t>());
    return mismatch(key, *value, "uint64");
}

Result<std::vector<std::string>> GoObject::strings(std::string_view key) const {
    std::vector<std::string> out;
    const auto* value = find(key);
    if (!value) return out;
    if (!value->is_array()) return mismatch(key, *value, "[]string");
    for (const auto& item : *value) {
        if (item.is_null()) {
            out.emplace_back();
            continue;
        }
        if (!item.is_string()) return mismatch(key, item, "string");
        out.push_back(item.get<std::string>());
    }
    return out;
}

Result<std::optional<std::vector<std::string>>> GoObject::str_slice(std::string_view key) const {
    const auto* value = find(key);
    if (!value) return std::optional<std::vector<std::string>>();
    if (value->is_string()) return std::optional<std::vector<std::string>>(std::vector{value->get<std::string>()});
    if (!value->is_array()) return mismatch(key, *value, "[]string");
    auto list = strings(key);
    if (!list) return std::unexpected(list.error());
    return std::optional<std::vector<std::string>>(std::move(*list));
}

Result<std::map<std::string, std::string>> GoObject::string_map(std::string_view key) const {
    std::map<std::string, std::string> out;
    const auto* value = find(key);
    if (!value) return out;
    if (!value->is_object()) return mismatch(key, *value, "map[string]string");
    for (auto it = value->begin(); it != value->end(); ++it) {
        if (it.value().is_null()) {
            out[it.key()];
            continue;
        }
        if (!it.value().is_string()) return mismatch(key, it.value(), "string");
        out[it.key()] = it.value().get<std::string>();
    }
    return out;
}

Result<std::vector<std::string>> GoObject::key_set(std::string_view key) const {
    std::vector<std::string> out;
    const auto* value = find(key);
    if (!value) return out;
    if (!value->is_object()) return mismatch(key, *value, "map[string]struct {}");
    for (auto it = value->begin(); it != value->end(); ++it) out.push_back(it.key());
    return out;
}

Result<GoObject> GoObject::object(std::string_view key, std::string_view go_type) const {
    return from(find(key), path_ + "." + std::string(key), go_type);
}

Result<std::vector<GoObject>> GoObject::objects(std::string_view key, std::string_view go_type) const {
    std::vector<GoObject> out;
    const auto* value = find(key);
    if (!value) return out;
    if (!value->is_array()) return mismatch(key, *value, "[]" + std::string(go_type));
    for (const auto& item : *value) {
        auto object = from(&item, path_ + "." + std::string(key), go_type);
        if (!object) return std::unexpected(object.error());
        out.push_back(*object);
    }
    return out;
}

} // namespace berth::containers::config

namespace berth::containers::config {

std::string go_quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
    return out + "\"";
}

} // namespace berth::containers::config
