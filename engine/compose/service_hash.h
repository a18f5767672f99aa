#pragma once
// The config hash docker compose prints with `config --hash` and stores in the
// com.docker.compose.config-hash label (how `up` knows a container is out of
// date): the SHA-256, in hex, of Go's json.Marshal of the service with build,
// pull_policy, scale and deploy.replicas left out (they change how the service
// is made, not the container), and env_file kept unread (ServiceForm::HashInput).
// Checked against docker compose 2.26 by tests/compose.

#include "compose/config_value.h"

#include <string>

namespace berth::compose {

std::string service_hash(ConfigValue hash_input);

} // namespace berth::compose
