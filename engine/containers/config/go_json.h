#pragma once
// Reading a JSON request the way Go's encoding/json fills Docker's structs, so
// a malformed field is the same 400 Docker gives instead of an exception:
//   invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.Memory of type int64
// Keys match case-insensitively (an exact match first), null is the zero value,
// unknown keys are ignored, as in Go.

#include "base/error.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Inside this module: `auto x = expr;` returning the error of a failed Result.
#define BERTH_TRY(var, expr)                                                                                           \
    auto var = (expr);                                                                                                 \
    if (!var) return std::unexpected(var.error())

namespace berth::containers::config {

class GoObject {
public:
    // `value` null or absent: an empty object. Anything else but an object: an error.
    static Result<GoObject> from(const nlohmann::json* value, std::string path, std::string_view go_type);

    // The value under `key` (case-insensitive), nullptr when absent or null.
    const nlohmann::json* find(std::string_view key) const;
    bool has(std::string_view key) const { return find(key) != nullptr; }
    const std::string& path() const { return path_; }

    Result<std::string> string(std::string_view key) const;
    Result<bool> boolean(std::string_view key) const;
    Result<std::optional<bool>> optional_boolean(std::string_view key) const; // *bool
    Result<int64_t> int64(std::string_view key) const;
    Result<std::optional<int64_t>> optional_int64(std::string_view key) const; // *int64
    Result<int64_t> integer(std::string_view key, int64_t min, int64_t max, std::string_view go_type) const;
    Result<uint64_t> uint64(std::string_view key) const;
    Result<std::vector<std::string>> strings(std::string_view key) const;
    // Docker's StrSlice (Cmd, Entrypoint, Shell): an array or a single string; null: none.
    Result<std::optional<std::vector<std::string>>> str_slice(std::string_view key) const;
    Result<std::map<std::string, std::string>> string_map(std::string_view key) const;
    // The keys of a map[string]struct{} (ExposedPorts, Volumes); values are ignored.
    Result<std::vector<std::string>> key_set(std::string_view key) const;
    Result<GoObject> object(std::string_view key, std::string_view go_type) const;
    Result<std::vector<GoObject>> objects(std::string_view key, std::string_view go_type) const;

    const nlohmann::json& json() const { return *value_; }

private:
    GoObject(const nlohmann::json* value, std::string path) : value_(value), path_(std::move(path)) {}
    std::unexpected<Error> mismatch(std::string_view key, const nlohmann::json& value, std::string_view go_type) const;

    const nlohmann::json* value_;
    std::string path_;
};

// Go's name for a JSON value's kind in its errors: "string", "number", "bool", "array", "object".
std::string_view go_json_kind(const nlohmann::json& value);

} // namespace berth::containers::config

namespace berth::containers::config {

// Go's %q for the strings in Docker's messages: "a\"b" quoted and escaped.
std::string go_quote(std::string_view text);

} // namespace berth::containers::config
