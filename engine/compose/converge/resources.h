#pragma once
// The project's networks and volumes on the engine: made when missing, with
// docker compose's labels (`up`), and removed (`down`, `down -v`). External ones
// must exist and are never made or removed.

#include "api/client/client.h"
#include "compose/compose_project.h"
#include "compose/converge/progress.h"

namespace berth::compose::converge {

// Every network of the project (those its services use), e.g. demo_default.
Result<> ensure_networks(api::EngineClient& client, const ComposeProject& project, Progress& progress);
// Every named volume of the project.
Result<> ensure_volumes(api::EngineClient& client, const ComposeProject& project, Progress& progress);

// The project's networks that exist and carry its label; a missing one is skipped.
Result<> remove_networks(api::EngineClient& client, const ComposeProject& project, Progress& progress);
Result<> remove_volumes(api::EngineClient& client, const ComposeProject& project, Progress& progress);

} // namespace berth::compose::converge
