#pragma once
// Work on a project's services along its dependency graph, as docker compose's
// InDependencyOrder and InReverseDependencyOrder walk it: each service on a
// thread and Engine API connection of its own, begun as soon as the services it
// must follow have ended (not when a whole level of the graph has). After a
// failure nothing more begins; once the work already begun has ended, the first
// failure in `order`'s order is the result.

#include "api/client/client.h"
#include "base/error.h"
#include "compose/project_model.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace berth::compose::converge {

enum class WalkDirection {
    DependenciesFirst, // up, start: a service after those it depends on
    DependentsFirst,   // down, stop: a service after those that depend on it
};

// For each service of `order`, the services of `order` it must wait for.
std::map<std::string, std::vector<std::string>> walk_prerequisites(const ProjectModel& model,
                                                                   const std::vector<std::string>& order,
                                                                   WalkDirection direction);

using ServiceWork = std::function<Result<>(api::EngineClient& client, const std::string& service)>;

// `work` for every service of `order`; a single service runs on `client`, here.
Result<> walk_services(api::EngineClient& client, const ProjectModel& model, const std::vector<std::string>& order,
                       WalkDirection direction, const ServiceWork& work);

} // namespace berth::compose::converge
