#pragma once
// `ports:` entries in compose-go's long form. Short syntax as docker's
// nat.ParsePortSpec reads it ("[ip:][published:]target[/protocol]", ranges
// expanded one entry per port, IPv6 in brackets); long syntax gets compose-go's
// defaults (mode ingress, protocol tcp) and `published` as a string.

#include "base/error.h"
#include "compose/config_value.h"

#include <string_view>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// Appends the long-form entries for one short-syntax spec to `out`.
Result<void> expand_short_port(std::string_view spec, ConfigValue& out);
Result<ConfigValue> normalize_ports(const YAML::Node& ports);

} // namespace berth::compose
