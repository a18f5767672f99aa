#pragma once
// The /containers endpoints: create, start, stop, kill, restart, wait, attach,
// logs, list, inspect, top, rename, pause, resize, remove.

#include "api/server/router.h"
#include "containers/container_service.h"

#include "api/server/blocking_pool.h"

namespace berth::daemon {

struct ContainerContext {
    containers::ContainerService& service;
    api::BlockingPool& blocking_pool;
    uint64_t machine_memory = 0;
};

void add_container_routes(api::Router& router, ContainerContext& context);

} // namespace berth::daemon
