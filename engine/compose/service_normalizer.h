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
#include <vector>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// `lookup` resolves bare environment keys ("- B" under environment) and the
// variables of env_file files: the process environment, then .env.
// HashInput is the service as docker compose hashes it for `config --hash` and the
// com.docker.compose.config-hash label: env_file kept as its list of paths and not
// read into `environment`.
enum class ServiceForm { Config, HashInput };
Result<ConfigValue> normalize_service(std::string_view name, const YAML::Node& service, const VariableLookup& lookup,
                                      ServiceForm form = ServiceForm::Config);

// compose-go's field orders (its Go structs), which both printers follow.
const std::vector<std::string_view>& service_key_order();
const std::vector<std::string_view>& deploy_key_order();

} // namespace berth::compose
