#pragma once
// POST /build: the classic builder (engine/build/builder) behind the Engine
// API. The context tar is the request body (spooled to a file by the server,
// never held in memory); the answer is the builder's JSON message stream.
// POST /build/prune empties the RUN --mount=type=cache directories (the
// classic cache is intermediate images, which `docker image prune` removes,
// as in dockerd); POST /session (BuildKit) is a 501.

#include "api/server/blocking_pool.h"
#include "api/server/router.h"
#include "images/image_service.h"
#include "registry/registry_client.h"

#include <functional>
#include <string>

namespace berth::containers {
class ContainerService;
}

namespace berth::daemon {

struct BuildContext {
    images::ImageService& images;
    containers::ContainerService& containers;
    std::function<registry::RegistryOptions()> registry; // the current ones (SIGHUP may change them)
    std::string go_arch;
    std::string cache_mounts_dir = {}; // RUN --mount=type=cache directories, kept between builds
    api::BlockingPool* blocking_pool = nullptr; // for /build/prune's file work
};

void add_build_routes(api::Router& router, BuildContext& context);

} // namespace berth::daemon
