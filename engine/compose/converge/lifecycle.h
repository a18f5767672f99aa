#pragma once
// `start`, `stop` and `restart` of a project's existing containers: start in
// dependency order, stop in reverse, restart in dependency order; `services`
// narrows them (empty: all). Nothing is created: `start` of a project that was
// never up does nothing, as docker compose does.

#include "api/client/client.h"
#include "compose/compose_project.h"
#include "compose/converge/progress.h"

#include <optional>
#include <set>
#include <string>

namespace berth::compose::converge {

enum class LifecycleAction { Start, Stop, Restart };

// `timeout` (-t): seconds a stop or restart waits before SIGKILL; else each container's own.
Result<> change_state(api::EngineClient& client, const ComposeProject& project, LifecycleAction action,
                      const std::set<std::string>& services, Progress& progress,
                      std::optional<int> timeout = std::nullopt);

// "?t=N" for a stop or restart request, "" without a timeout.
std::string timeout_query(std::optional<int> timeout);

} // namespace berth::compose::converge
