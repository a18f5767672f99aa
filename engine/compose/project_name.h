#pragma once
// The project name as docker compose chooses it: `-p`, else COMPOSE_PROJECT_NAME,
// else the last `name:` among the files (interpolated by the caller), else the
// project folder's name. A name given by the user must already be normal
// (lowercase [a-z0-9_-], starting with a letter or digit) or it is an error; the
// folder's name is normalised silently (compose-go's NormalizeProjectName).

#include "base/error.h"

#include <optional>
#include <string>
#include <string_view>

namespace berth::compose {

// Lowercase, keep [a-z0-9_-], then drop leading '_' and '-'.
std::string normalize_project_name(std::string_view name);

struct ProjectNameSources {
    std::optional<std::string> flag;              // -p / --project-name (empty counts as not given)
    std::optional<std::string> environment;       // COMPOSE_PROJECT_NAME
    std::optional<std::string> name_from_files;   // the last non-empty `name:` of the -f files
    std::string project_directory;                // --project-directory or the first file's folder
};

Result<std::string> choose_project_name(const ProjectNameSources& sources);

} // namespace berth::compose
