#pragma once
// An entry of GET /volumes' "Volumes" (`docker volume ls`), typed. Field names
// follow Docker's Volume (Engine API 1.45).

#include "base/error.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::api::types {

struct Volume {
    std::string name;        // "Name"
    std::string driver;      // "Driver": "local"
    std::string mountpoint;  // "Mountpoint"
    std::string created_at;  // "CreatedAt": RFC 3339
    std::string scope;       // "Scope": "local"
    std::map<std::string, std::string> labels; // "Labels"

    static Result<Volume> from_json(const nlohmann::json& json);
    nlohmann::json to_json() const;
    bool operator==(const Volume&) const = default;
};

// The whole GET /volumes answer: {"Volumes": [...], "Warnings": [...]}.
Result<std::vector<Volume>> volumes_from_list_json(const nlohmann::json& json);

} // namespace berth::api::types
