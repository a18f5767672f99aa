#pragma once
// `docker import --change` / `docker commit --change`: Dockerfile instructions
// applied to an image config's "config" object. A pure function.

#include "base/error.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace berth::images {

// Applies one change ("CMD [\"sh\"]", "ENV A=b", "WORKDIR /x", "USER u",
// "ENTRYPOINT ...", "LABEL k=v", "EXPOSE 80/tcp", "STOPSIGNAL SIGINT", "VOLUME /data")
// to `config`. Other instructions are refused with Docker's wording.
Result<> apply_config_change(nlohmann::json& config, std::string_view change);

} // namespace berth::images
