#pragma once
// The Image endpoints berthd has built: pull and import (POST /images/create),
// push, list, inspect, history, tag, delete, prune, save (get) and load,
// search, POST /commit, GET /distribution/{name}/json, GET /system/df and
// POST /auth (docker login). Build and the rest answer 501 until they are built.

#include "api/server/blocking_pool.h"
#include "api/server/router.h"
#include "images/image_service.h"
#include "registry/registry_client.h"
#include "volumes/volume_service.h"

#include <functional>

namespace berth::containers {
class ContainerService;
}

namespace berth::daemon {

struct ImageContext {
    images::ImageService& service;
    api::BlockingPool& blocking_pool;
    std::function<registry::RegistryOptions()> registry; // the current ones (SIGHUP may change them)
    containers::ContainerService* containers = nullptr; // for commit and system df
    volumes::VolumeService* volumes = nullptr;           // for system df
    std::string build_cache_dir = {};                     // RUN --mount=type=cache directories, for system df
};

void add_image_routes(api::Router& router, ImageContext& context);

} // namespace berth::daemon
