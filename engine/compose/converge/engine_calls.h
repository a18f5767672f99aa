#pragma once
// The few Engine API calls converge makes, over the blocking client: JSON in,
// JSON (or nothing) out, the daemon's message as the error. Paths carry no API
// version, so any Docker engine answers with its own.

#include "api/client/client.h"
#include "compose/converge/plan.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::compose::converge {

// `method target` with a JSON body; the answer's JSON (null when it has none).
Result<nlohmann::json> call(api::EngineClient& client, std::string_view method, const std::string& target,
                            const nlohmann::json& body = nullptr);

// Every container (running or not) carrying the project's label, sorted by name.
Result<std::vector<ObservedContainer>> project_containers(api::EngineClient& client, const std::string& project);

// The same containers as the engine lists them (for `ps`).
Result<nlohmann::json> project_container_summaries(api::EngineClient& client, const std::string& project, bool all);

} // namespace berth::compose::converge
