#pragma once
// A service's `volumes:` in compose-go's long form. Short syntax
// "[source:]target[:options]" as compose-go's ParseVolume reads it: a source that
// is a path ('.', '/', '~') makes a bind (with bind.create_host_path, as docker
// compose creates missing host directories for short binds), any other source a
// named volume, no source an anonymous volume; options ro/rw, z/Z (SELinux),
// nocopy, propagation and consistency. Relative sources must already be absolute
// (service_paths.h).

#include "base/error.h"
#include "compose/config_value.h"

#include <string_view>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

Result<ConfigValue> parse_short_volume(std::string_view spec);
Result<ConfigValue> normalize_volumes(const YAML::Node& volumes);
// True when a short-syntax source names a host path rather than a volume.
bool is_host_path(std::string_view source);

} // namespace berth::compose
