#pragma once
// `extends:` as docker compose resolves it: a service starts from another service
// (`extends: base`, same document, or `extends: {file: other.yaml, service: base}`)
// and its own keys are merged over the base by the same rules as `-f` files
// (merge.h: maps merge, sequences such as ports append, scalars replace). Bases may
// extend further; a loop is an error. A base from another file is read and
// interpolated on its own and its relative paths are resolved against its folder.
// `extends.file` must already be absolute (service_paths.h).

#include "base/error.h"
#include "compose/interpolation.h"

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// Rewrites every service of `document` that has `extends` (in place).
Result<void> apply_extends(YAML::Node document, const VariableLookup* interpolation);

} // namespace berth::compose
