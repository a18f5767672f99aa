#pragma once
// Fields the compose schema takes and docker compose acts on at `up`, but that
// Berth cannot honour yet: a service with one is refused before anything is
// created (501, naming the service and the field), rather than started without
// what the user relied on. `config` still prints them, as docker compose does.
//   provider, models, post_start, pre_stop, pre_start,
//   use_api_socket: true, a network's interface_name, and gw_priority on a
//   service that joins more than one network (with one, it changes nothing).
// Also docker compose's own refusal of a service-level mac_address that its main
// network's mac_address contradicts (400, in docker compose's words).

#include "base/error.h"
#include "compose/config_value.h"

#include <set>
#include <string>

namespace berth::compose::converge {

// `project`: the model as `config` prints it; `services`: those about to be created.
Result<> refuse_unhonoured_fields(const ConfigValue& project, const std::set<std::string>& services);

} // namespace berth::compose::converge
