#pragma once
// Top-level `include:` as docker compose reads it: each entry (a path, or
// {path: one or a list, project_directory, env_file}) is loaded as its own
// project — interpolated, its relative paths resolved against its own folder (or
// its project_directory), its own includes and extends applied — and its
// services, networks, volumes, secrets and configs are added to the including
// document. A resource defined on both sides is an error, as in docker compose.

#include "base/error.h"
#include "compose/interpolation.h"

#include <filesystem>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// `base` is the folder relative include paths start from; `interpolation` is null
// for `config --no-interpolate`. Removes `include` from `document`.
Result<void> apply_includes(YAML::Node document, const std::filesystem::path& base,
                            const VariableLookup* interpolation);

} // namespace berth::compose
