#pragma once
// The semantic checks docker compose makes once a project is loaded (compose-go's
// checkConsistency and its dependency graph), with its words:
//   service "web" depends on undefined service "db": invalid compose project
//   service "web" refers to undefined network back: invalid compose project
//   service "web" refers to undefined volume data: invalid compose project
//   service "web" refers to undefined secret token: invalid compose project
//   service web declares mutually exclusive `network_mode` and `networks`: invalid compose project
//   services.deploy.replicas: can't set container_name and web as container name must be unique: invalid compose project
//   dependency cycle detected: a -> b -> c -> a
// Services are walked in name order, so the first error reported is stable.

#include "base/error.h"
#include "compose/config_value.h"

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// `services` is the normalised services map; `document` gives the declared
// top-level networks, volumes, secrets and configs.
Result<void> check_consistency(const ConfigValue& services, const YAML::Node& document);

} // namespace berth::compose
