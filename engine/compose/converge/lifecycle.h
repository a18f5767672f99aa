#pragma once
// `start`, `stop` and `restart` of a project's existing containers: start in
// dependency order, stop in reverse, restart in dependency order; `services`
// narrows them (empty: all). Nothing is created: `start` of a project that was
// never up does nothing, as docker compose does.

#include "api/client/client.h"
#include "compose/compose_project.h"
#include "compose/converge/progress.h"

#include <set>
#include <string>

namespace berth::compose::converge {

enum class LifecycleAction { Start, Stop, Restart };

Result<> change_state(api::EngineClient& client, const ComposeProject& project, LifecycleAction action,
                      const std::set<std::string>& services, Progress& progress);

} // namespace berth::compose::converge
