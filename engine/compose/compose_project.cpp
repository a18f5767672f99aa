#include "compose/compose_project.h"

#include "compose/compose_yaml.h"
#include "compose/consistency.h"
#include "compose/extends.h"
#include "compose/include.h"
#include "compose/profiles.h"
#include "compose/project_normalizer.h"
#include "compose/service_paths.h"

#include <string>

namespace berth::compose {
namespace {

std::string joined_names(const std::vector<std::filesystem::path>& files) {
    if (files.empty())
        return "compose file"; // the default names, not found yet
    std::string names;
    for (const auto& file : files)
        names += (names.empty() ? "" : ", ") + file.string();
    return names;
}

// Steps 2 to 5 of the header's list, on the merged document of step 1.
Result<ComposeProject> normalize_loaded(const LoadedProject& loaded, const ComposeOptions& options) {
    // The process environment wins over .env / --env-file (docker compose's precedence).
    const EnvValues& env_file_values = loaded.environment;
    const VariableLookup& process = options.loader.process_environment;
    const std::string& project_name = loaded.name;
    VariableLookup lookup = [&](std::string_view name) -> std::optional<std::string> {
        if (auto value = process(name))
            return value;
        if (auto value = env_file_values.get(name))
            return value;
        if (name == "COMPOSE_PROJECT_NAME")
            return project_name; // as in the loader: files may name the chosen project
        return std::nullopt;
    };
    const VariableLookup* interpolation = options.loader.interpolate ? &lookup : nullptr;

    YAML::Node document = loaded.document;
    resolve_document_paths(document, loaded.working_directory);
    if (auto included = apply_includes(document, loaded.working_directory, interpolation); !included)
        return std::unexpected(included.error());
    if (auto extended = apply_extends(document, interpolation); !extended)
        return std::unexpected(extended.error());

    ComposeProject project;
    project.name = loaded.name;
    project.working_directory = loaded.working_directory;
    project.config_files = loaded.config_files;
    project.declared_profiles = declared_profiles(document);
    remove_disabled_services(document, active_profiles(options.profiles, lookup("COMPOSE_PROFILES").value_or("")));

    auto services = normalize_services(document, lookup);
    if (!services)
        return std::unexpected(services.error());
    if (auto consistent = check_consistency(*services, document); !consistent)
        return std::unexpected(consistent.error());
    auto hash_inputs = normalize_services(document, lookup, ServiceForm::HashInput);
    if (!hash_inputs)
        return std::unexpected(hash_inputs.error());
    project.hash_inputs = std::move(*hash_inputs);
    project.model = normalize_project(project.name, std::move(*services), document);
    return project;
}

} // namespace

Result<ComposeProject> load_compose_project(const ComposeOptions& options) {
    std::vector<std::filesystem::path> files = options.loader.files;
    // The schema is checked as each file merges (compose_schema.h), but what
    // include and extends bring in after it is not, so a value of an unexpected
    // shape that a step reads without looking (a list where a map belongs) can
    // still reach yaml-cpp, which throws: every caller (each verb, the Compose
    // page) gets an error naming the file and, where yaml-cpp kept it, the line
    // and column.
    try {
        auto loaded = load_project(options.loader);
        if (!loaded)
            return std::unexpected(loaded.error());
        files = loaded->config_files;
        return normalize_loaded(*loaded, options);
    } catch (const YAML::Exception& error) {
        return fail(ErrorCategory::Invalid, "invalid compose project: {}: {}",
                    describe_location(joined_names(files), error.mark), error.msg);
    }
}

} // namespace berth::compose
