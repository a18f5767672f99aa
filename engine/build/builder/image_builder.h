#pragma once
// `POST /build` without HTTP: the classic builder (what `DOCKER_BUILDKIT=0
// docker build` talks to). The context tar is spooled and indexed as it
// arrives (hostile entries refused then, by containers/archive's rules), its
// files extracted into a private directory under <data-root>/tmp only when a
// step reads them (build_context.h), the Dockerfile parsed (dockerfile/), the
// stages planned (stage_plan.h), then each needed stage runs its
// instructions in file order:
//   FROM                 a local image, else pulled as `docker pull` would
//   RUN                  a container from the step's image (container service):
//                        create, attach, start, wait, commit its diff, remove
//   COPY, ADD, WORKDIR   a layer tar written here (copy_step.cpp) and committed
//   the rest             a config-only image (history entry with empty_layer)
// A step whose image exists already is taken from the cache (build_cache.cpp).
// Progress goes out as the classic builder's JSON messages (build_output.h).
//
// Threads: `build_image` blocks; the caller runs it on a worker thread.

#include "base/error.h"
#include "containers/archive/archive.h"
#include "registry/registry_client.h"

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace berth::images {
class ImageService;
}
namespace berth::containers {
class ContainerService;
}

namespace berth::build {

// The query parameters of POST /build that berthd acts on.
struct BuildRequest {
    std::string dockerfile = "Dockerfile"; // a path inside the context
    std::vector<std::string> tags;         // `t`, several
    std::map<std::string, std::optional<std::string>> build_args; // `buildargs`; null: from nowhere (unset)
    std::map<std::string, std::string> labels;                    // `labels`
    std::string target;
    bool no_cache = false;
    std::vector<std::string> cache_from; // `cachefrom`: images whose history is the cache (build_cache.cpp)
    bool pull = false;
    bool remove = true;       // `rm`: intermediate containers go after a successful step
    bool force_remove = false; // `forcerm`: after a failed one too
    bool quiet = false;
    std::string network_mode; // `networkmode`, "" for the default
    // RUN containers' limits (`memory`, `memswap`, `cpushares`, `cpuquota`,
    // `cpuperiod`, `cpusetcpus`, `shmsize`) in HostConfig's shape.
    nlohmann::json host_config = nlohmann::json::object();
    registry::Credentials credentials; // for pulling base images (X-Registry-Config)
};

struct BuildServices {
    images::ImageService& images;
    containers::ContainerService& containers;
    registry::RegistryOptions registry;
    std::string go_arch; // the host's, for FROM scratch images
    std::string cache_mounts_dir = {}; // RUN --mount=type=cache directories (<data-root>/build-cache); "": none
};

// One JSON message of the progress stream; false once the client has gone.
using BuildOutput = std::function<bool(const nlohmann::json& message)>;

// A failed build: the message the stream's errorDetail carries and the
// exit code the CLI ends with (a failing RUN's own).
struct BuildFailure {
    std::string message;
    int code = 1;
};

// Stops a build from another thread (its client gone, berthd stopping, as
// dockerd cancels a build whose client went): the RUN containers running are
// killed and the build ends with an error before its next step. Safe before
// the build starts (it then stops as soon as it has its context) and after it ends.
class BuildStop {
public:
    void stop();
    // While a build runs, `on_stop` is what stop() does (image_builder.cpp);
    // detach() waits for a stop() running it.
    void attach(std::function<void()> on_stop);
    void detach();

private:
    std::mutex mutex_;
    bool stopped_ = false;
    std::function<void()> on_stop_;
};

// Runs the build; the new image's ID ("sha256:...") or why not. Nothing
// half-made stays: containers of failed steps are removed (unless rm=false),
// no tag is set unless every step succeeded.
std::expected<std::string, BuildFailure> build_image(BuildServices& services, const BuildRequest& request,
                                                     const containers::TarSource& context, const BuildOutput& output,
                                                     BuildStop* stop = nullptr);

} // namespace berth::build
