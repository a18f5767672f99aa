#pragma once
// Restart policies: HostConfig.RestartPolicy checked as Docker's
// ValidateRestartPolicy, and `--restart no|always|unless-stopped|on-failure[:N]`
// read as the docker CLI reads it.

#include "base/error.h"
#include "containers/config/config_types.h"

#include <string_view>

namespace berth::containers::config {

// Docker's wording, e.g. `invalid restart policy: maximum retry count cannot be negative`.
// An empty name is allowed (older clients) and means "no".
Result<> validate_restart_policy(const RestartPolicy& policy);

// "on-failure:3" -> {on-failure, 3}; "" -> {"no", 0}. The name is not checked here.
Result<RestartPolicy> parse_restart_flag(std::string_view text);

} // namespace berth::containers::config
