#pragma once
// The /networks endpoints: create, list (filters), inspect, remove, prune,
// connect and disconnect (the containers' side of it: ContainerService), which
// publish Docker's "network" connect/disconnect events.

#include "api/server/router.h"
#include "containers/container_service.h"
#include "daemon/events.h"
#include "network/network_controller.h"

#include "api/server/blocking_pool.h"

namespace berth::daemon {

struct NetworkContext {
    network::NetworkController& networks;
    api::BlockingPool& blocking_pool;
    containers::ContainerService* containers = nullptr; // connect/disconnect; 501 without
    EventBus* events = nullptr;
};

void add_network_routes(api::Router& router, NetworkContext& context);

} // namespace berth::daemon
