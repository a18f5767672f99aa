#pragma once
// The /volumes endpoints: create, list, inspect, remove, prune, over
// VolumeService. PUT /volumes/{name} (cluster volumes) stays 501.

#include "api/server/router.h"
#include "volumes/volume_service.h"

#include "api/server/blocking_pool.h"

namespace berth::daemon {

struct VolumeContext {
    volumes::VolumeService& service;
    api::BlockingPool& blocking_pool;
};

void add_volume_routes(api::Router& router, VolumeContext& context);

} // namespace berth::daemon
