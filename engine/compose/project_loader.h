#pragma once
// From the command line's options to one merged, interpolated compose document,
// in docker compose's order:
//   1. the files: each -f in order, else compose.yaml / compose.yml /
//      docker-compose.yml / docker-compose.yaml in the project directory, plus its
//      override file (compose.override.yaml ...) when present
//   2. the environment: the process environment over the --env-file files (or
//      <project directory>/.env when it exists); later env files over earlier ones
//   3. each file parsed and interpolated on its own (so errors name that file),
//      then merged in order (merge.h), the merge so far validated against the
//      compose-spec schema after each file (compose_schema.h)
//   4. the name (project_name.h), with COMPOSE_PROJECT_NAME read from the
//      environment of step 2, and written back as the document's `name:`; it is
//      chosen before step 3's interpolation (from each file's interpolated
//      `name:`), so that files can use ${COMPOSE_PROJECT_NAME} as docker compose allows
// On top of this, compose_project.h applies include, extends, profiles and normalisation.

#include "base/error.h"
#include "compose/dotenv.h"
#include "compose/interpolation.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace berth::compose {

struct ProjectOptions {
    std::vector<std::filesystem::path> files;             // -f, in order; empty: the default names
    std::optional<std::string> project_name;              // -p
    std::optional<std::filesystem::path> project_directory; // --project-directory
    std::vector<std::filesystem::path> env_files;         // --env-file, in order
    bool interpolate = true;                              // false for `config --no-interpolate`
    VariableLookup process_environment;                   // getenv in production, a map in tests
    std::filesystem::path current_directory;              // where relative paths start
};

struct LoadedProject {
    std::string name;
    std::filesystem::path working_directory;
    std::vector<std::filesystem::path> config_files; // absolute, in merge order
    EnvValues environment;                            // the env files' values (the process environment wins over them)
    YAML::Node document;
};

Result<LoadedProject> load_project(const ProjectOptions& options);

} // namespace berth::compose
