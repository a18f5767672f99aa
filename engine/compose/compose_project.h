#pragma once
// A compose project from the command line's options to its normalised model, in
// docker compose's order:
//   1. load_project (project_loader.h): files, .env, interpolation, -f merge, name
//   2. relative paths made absolute against the project directory (service_paths.h)
//   3. `include` (include.h), then `extends` (extends.h)
//   4. profiles: disabled services removed (profiles.h)
//   5. every service normalised (service_normalizer.h), the semantic checks
//      (consistency.h), then the project's used networks/volumes/secrets/configs
//      (project_normalizer.h)

#include "base/error.h"
#include "compose/config_value.h"
#include "compose/project_loader.h"

#include <filesystem>
#include <string>
#include <vector>

namespace berth::compose {

struct ComposeOptions {
    ProjectOptions loader;
    std::vector<std::string> profiles; // --profile; empty: COMPOSE_PROFILES
};

struct ComposeProject {
    std::string name;
    std::filesystem::path working_directory;
    std::vector<std::filesystem::path> config_files;
    std::vector<std::string> declared_profiles; // of every service, enabled or not, sorted
    ConfigValue model;                          // as `docker compose config` prints it
    ConfigValue hash_inputs;                    // service name → ServiceForm::HashInput (service_hash.h)
};

Result<ComposeProject> load_compose_project(const ComposeOptions& options);

} // namespace berth::compose
