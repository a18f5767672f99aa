#pragma once
// The create request merged with the image's config (the "config" object of an
// OCI/Docker image config) as dockerd's merge and mergeAndVerifyConfig do:
//   User, WorkingDir, StopSignal: the request's, else the image's;
//   Env: by key, the request's win, the image's others appended;
//   Labels, ExposedPorts, Volumes: the union, the request's win;
//   Entrypoint/Cmd: when the request gives no Entrypoint (null or []), an empty
//     Cmd takes the image's and a null Entrypoint the image's; when it gives
//     one, the image's Cmd is dropped (only the request's Cmd follows it);
//     Entrypoint [""] then resets to none;
//   Healthcheck: field by field, the request's non-zero fields win.
// Nothing left to run: `No command specified` (400).

#include "base/error.h"
#include "containers/config/config_types.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::containers::config {

struct MergeContext {
    std::string container_id;  // 64 hex digits: the default Hostname is its first 12
    std::string network_mode;  // "host": the default Hostname is the host's
    std::string host_hostname;
};

struct MergedConfig {
    nlohmann::json config;          // inspect's Config
    std::string path;               // inspect's Path: argv[0]
    std::vector<std::string> args;  // inspect's Args: argv[1:]
};

// `image_config` is the image's "config" object (null for none: `docker create` of scratch).
Result<MergedConfig> merge_image_config(const ContainerConfig& request, const nlohmann::json& image_config,
                                        const MergeContext& context);

} // namespace berth::containers::config
