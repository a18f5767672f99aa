#pragma once
// Reading a compose file's YAML (yaml-cpp: anchors, aliases and `<<` merge keys
// resolved) with errors that name the file, line and column, and walking the tree
// to interpolate every scalar value (keys are left alone, as compose-go does).

#include "base/error.h"
#include "compose/interpolation.h"

#include <filesystem>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// "file:line:column" with 1-based line and column (yaml-cpp's marks are 0-based);
// just the file when the mark is unknown.
std::string describe_location(std::string_view file, const YAML::Mark& mark);

// `file` names the source in errors. An empty document gives an empty mapping.
Result<YAML::Node> parse_compose_yaml(std::string_view content, std::string_view file);
Result<YAML::Node> load_compose_file(const std::filesystem::path& path);

// Replaces `root` with a copy where every scalar value is interpolated (aliases
// become separate copies, so each is interpolated once). An error reads
// "compose.yaml:4:12: services.web.image: required variable TAG is missing a value: set it".
Result<void> interpolate_tree(YAML::Node& root, const VariableLookup& lookup, std::string_view file);
// The same copy, returned: `root` (and every handle sharing its node) stays as it was.
Result<YAML::Node> interpolated_tree(const YAML::Node& root, const VariableLookup& lookup, std::string_view file);

} // namespace berth::compose
