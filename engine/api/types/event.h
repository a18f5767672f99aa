#pragma once
// One message of GET /events (`docker events --format json`), typed. Field names
// follow Docker's EventMessage (Engine API 1.45): Type, Action, Actor{ID,
// Attributes}, scope, time, timeNano. The deprecated status/id/from copies are
// written for old clients and never read.

#include "base/error.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace berth::api::types {

struct Event {
    std::string type;   // "Type": container, image, volume, network, daemon, …
    std::string action; // "Action": create, start, die, destroy, "exec_start: sh", "health_status: healthy", …
    std::string actor_id; // "Actor.ID": a container or image ID, a volume name, …
    std::map<std::string, std::string> attributes; // "Actor.Attributes": name, image, exitCode, …
    std::string scope;  // "scope": "local"
    int64_t time_nano = 0; // "timeNano"

    // The action before any ": detail" ("health_status: healthy" → "health_status").
    std::string base_action() const;
    // An attribute, or "" when the engine did not send it.
    std::string attribute(const std::string& key) const;

    static Result<Event> from_json(const nlohmann::json& json);
    nlohmann::json to_json() const;

    bool operator==(const Event&) const = default;
};

} // namespace berth::api::types
