#pragma once
// The System endpoints: GET/HEAD /_ping, GET /version, GET /info, GET /events.

#include "api/server/router.h"
#include "daemon/config.h"
#include "daemon/events.h"

#include <functional>

namespace berth::daemon {

// What the stores count; each store reports its own once it exists.
struct ObjectCounts {
    int containers = 0;
    int running = 0;
    int paused = 0;
    int stopped = 0;
    int images = 0;
};

struct SystemContext {
    std::string engine_id;
    std::function<DaemonConfig()> config; // the current one (reload may change it)
    EventBus& events;
    std::function<ObjectCounts()> counts;
    std::string storage_driver = "overlay2"; // the snapshotter's name, chosen at start
};

void add_system_routes(api::Router& router, SystemContext& context);

// The bodies of /version and /info, exposed for tests.
nlohmann::json version_json();
nlohmann::json info_json(const SystemContext& context);

} // namespace berth::daemon
