#pragma once
// Relative paths in a compose document made absolute against the directory they
// were written relative to, before documents from different folders meet (an
// `include`d file, an `extends: {file: ...}` base, the main project). Rewrites the
// raw tree in place: build contexts (not URLs), bind sources in short and long
// volume syntax ('~' is the home directory), env_file entries, extends.file, and
// the top-level secrets'/configs' `file`.

#include <filesystem>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

void resolve_service_paths(YAML::Node service, const std::filesystem::path& base);
void resolve_document_paths(YAML::Node document, const std::filesystem::path& base);

// `path` against `base` ('~/x' against the home directory), lexically normalised
// without a trailing slash.
std::string absolute_path(std::string_view path, const std::filesystem::path& base);

} // namespace berth::compose
