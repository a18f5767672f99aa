#pragma once
// Compose files checked against the Compose Specification's JSON schema
// (resources/compose-spec.json, embedded at build time), as docker compose v2.26
// checks them through compose-go: each file interpolated, merged onto the files
// before it, and the merge validated, naming the file just merged. One error is
// reported, chosen and worded as compose-go does (the deepest location wins):
//   validating /p/compose.yaml: services.web Additional property foo is not allowed
//   validating /p/compose.yaml: services.web.image must be a string
// with the line and column of the offending node (the key, for a property not
// allowed) when one of the files holds it, the latest file first:
//   validating /p/compose.yaml:4:5: services.web Additional property foo is not allowed

#include "base/error.h"

#include <filesystem>
#include <span>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

// A file's document as parsed (merge keys resolved), before interpolation: its
// nodes keep their line and column, and its plain scalars the text written.
struct SourceDocument {
    std::filesystem::path file;
    YAML::Node parsed;
};

// `merged` is the interpolated merge of `sources` (the last one is the file being
// validated). Values that interpolation produced are strings, as compose-go
// validates them (its casts to numbers and booleans come later, for fields whose
// schema also accepts strings).
Result<void> validate_compose_schema(const YAML::Node& merged, std::span<const SourceDocument> sources);

// The embedded schema's text (compose_spec_schema.cpp.in).
std::string_view compose_spec_schema_text();

} // namespace berth::compose
