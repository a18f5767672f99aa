#pragma once
// The whole project in the form `docker compose config` prints: `name`, the
// services (service_normalizer.h) by name, and only the networks, volumes,
// secrets and configs some service uses (compose-go drops the rest), each with
// its engine name: `<project>_<key>` unless `name:` is given or it is external
// (then the key). `default` is declared as `<project>_default` when a service uses it.

#include "base/error.h"
#include "compose/config_value.h"
#include "compose/interpolation.h"
#include "compose/service_normalizer.h"

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// Services only, normalised and sorted by name.
Result<ConfigValue> normalize_services(const YAML::Node& document, const VariableLookup& lookup,
                                       ServiceForm form = ServiceForm::Config);
// compose-go's NetworkConfig field order.
const std::vector<std::string_view>& network_key_order();
// The project around already-normalised services.
ConfigValue normalize_project(const std::string& name, ConfigValue services, const YAML::Node& document);

} // namespace berth::compose
