#pragma once
// What Go's encoding/json prints of compose-go's structs where go-yaml prints
// less: a service's `command` and `entrypoint` (null when unset, no omitempty),
// `deploy.resources` and `deploy.placement` (empty objects: struct values), a
// network's `ipam` (likewise); blkio devices' fields by their Go names (Path, Rate);
// and the project is a Go map, so its keys are sorted.
// Used by `config --format json` and by the config hash (service_hash.h).

#include "compose/config_value.h"

namespace berth::compose {

void add_go_json_service_fields(ConfigValue& service);
ConfigValue go_json_view(ConfigValue project);

} // namespace berth::compose
