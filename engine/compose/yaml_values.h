#pragma once
// Reading the merged compose tree's scalars with their YAML meaning: yaml-cpp
// keeps every scalar as text, so a plain `5` or `true` is typed here (a quoted
// one stays text), and fields compose-go types as strings are read as text
// whatever was written (`NUM: 5` is the string "5").

#include "base/error.h"
#include "compose/config_value.h"

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// Shape tests that are false for a missing node: yaml-cpp's IsMap() and friends
// throw on the invalid node a lookup of a missing key returns.
inline bool is_map(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }
inline bool is_sequence(const YAML::Node& node) { return node.IsDefined() && node.IsSequence(); }
inline bool is_scalar(const YAML::Node& node) { return node.IsDefined() && node.IsScalar(); }

// Any node, scalars typed by YAML's plain-scalar rules, maps and lists kept in order.
ConfigValue typed_value(const YAML::Node& node);
// A scalar as text; null or a missing node gives "".
std::string scalar_text(const YAML::Node& node);
bool is_null_node(const YAML::Node& node);
// `value` or `[value, ...]` → list of texts (dns: 10.0.0.1, tmpfs: /run).
std::vector<std::string> string_or_list(const YAML::Node& node);
ConfigValue string_list(const YAML::Node& node);

// compose-go's MappingWithEquals / Labels: a map, or a list of "KEY=VALUE" / "KEY".
struct KeyValue {
    std::string key;
    std::optional<std::string> value; // nullopt: "KEY" alone, or `KEY: null`
};
std::vector<KeyValue> key_values(const YAML::Node& node);

} // namespace berth::compose
