#pragma once
// One service of the merged, resolved document turned into the form docker
// compose prints (`docker compose config`): every short syntax replaced by the
// long one, values typed as compose-go types them, env_file read into
// `environment`, `networks: {default: null}` added when the service names none
// (and has no network_mode). Paths must already be absolute (service_paths.h).

#include "base/error.h"
#include "compose/config_value.h"
#include "compose/interpolation.h"

#include <string_view>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// `lookup` resolves bare environment keys ("- B" under environment) and the
// variables of env_file files: the process environment, then .env.
Result<ConfigValue> normalize_service(std::string_view name, const YAML::Node& service, const VariableLookup& lookup);

} // namespace berth::compose
