#pragma once
// Reading Engine API JSON leniently, as Docker's own Go client does: a missing
// field or a null reads as the zero value, so a different engine (or an older
// API version) that omits a field still parses. A field of the wrong type is an
// error, though: that is a different API, not an older one.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::api::types {

// Throws nlohmann::json::type_error for a present field of the wrong type; the
// from_json functions turn that into an Error naming the object.
std::string text_field(const nlohmann::json& object, const char* key);
int64_t integer_field(const nlohmann::json& object, const char* key);
std::vector<std::string> text_list_field(const nlohmann::json& object, const char* key);
std::map<std::string, std::string> labels_field(const nlohmann::json& object, const char* key);

} // namespace berth::api::types
