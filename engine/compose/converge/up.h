#pragma once
// `up -d` and `down` over the Engine API: networks and volumes, images pulled
// when missing, each service's plan (plan.h) carried out in dependency order,
// depends_on conditions waited for; `down` removes in reverse order.

#include "api/client/client.h"
#include "compose/compose_project.h"
#include "compose/converge/plan.h"
#include "compose/converge/progress.h"

#include <map>
#include <optional>
#include <set>
#include <string>

namespace berth::compose::converge {

struct UpOptions {
    std::set<std::string> services; // empty: all
    RecreatePolicy recreate = RecreatePolicy::Diverged;
    bool no_deps = false;
    bool remove_orphans = false;
    std::map<std::string, int> scale; // --scale service=n
    bool no_start = false; // --no-start, `create`: containers created (or recreated), none started
    bool wait = false; // --wait: every started service running (healthy when it has a healthcheck)
};

// The service image's ID, pulled first (" web Pulling") when the engine does not have it.
Result<std::string> ensure_image(api::EngineClient& client, const ServiceModel& service, Progress& progress);

Result<> up(api::EngineClient& client, const ComposeProject& project, const UpOptions& options, Progress& progress);

struct DownOptions {
    bool volumes = false;
    bool remove_orphans = false;
    std::string rmi; // "", "local" (images without an `image:` of their own) or "all"
    std::optional<int> timeout; // -t: seconds each stop waits; else the container's own
};

Result<> down(api::EngineClient& client, const ComposeProject& project, const DownOptions& options,
              Progress& progress);

} // namespace berth::compose::converge
