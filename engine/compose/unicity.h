#pragma once
// compose-go's EnforceUnicity: after a merge, sequences at some paths keep one
// entry per key (environment by variable name, ports by published port, volumes by
// target...). A later duplicate replaces the earlier one in the earlier one's place.

#include "base/error.h"

#include <yaml-cpp/yaml.h>

namespace berth::compose {

Result<void> enforce_unicity(YAML::Node& root);

} // namespace berth::compose
