#pragma once
// POST /build: the classic builder (engine/build/builder) behind the Engine
// API. The context tar is the request body (spooled to a file by the server,
// never held in memory); the answer is the builder's JSON message stream.
// POST /build/prune answers as dockerd does when only the classic builder
// has built (no BuildKit cache to prune); POST /session (BuildKit) is a 501.

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
};

void add_build_routes(api::Router& router, BuildContext& context);

} // namespace berth::daemon
