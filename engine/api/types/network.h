#pragma once
// An entry of GET /networks (`docker network ls`), typed. Field names follow
// Docker's Network (Engine API 1.45).

#include "base/error.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::api::types {

struct Network {
    std::string id;       // "Id"
    std::string name;     // "Name"
    std::string driver;   // "Driver": bridge, host, null, …
    std::string scope;    // "Scope": "local"
    std::string created;  // "Created": RFC 3339
    bool internal = false; // "Internal"
    std::map<std::string, std::string> labels; // "Labels"

    static Result<Network> from_json(const nlohmann::json& json);
    nlohmann::json to_json() const;
    bool operator==(const Network&) const = default;
};

Result<std::vector<Network>> networks_from_json(const nlohmann::json& json);

} // namespace berth::api::types
