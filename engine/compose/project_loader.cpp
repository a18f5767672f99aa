#include "compose/project_loader.h"

#include "compose/compose_schema.h"
#include "compose/compose_yaml.h"
#include "compose/merge.h"
#include "compose/project_name.h"

#include <algorithm>
#include <array>

namespace berth::compose {
namespace {

namespace fs = std::filesystem;

fs::path absolute_from(const fs::path& path, const fs::path& current) {
    return (path.is_absolute() ? path : current / path).lexically_normal();
}

// docker compose's default file names, in the order it tries them.
Result<std::vector<fs::path>> default_files(const fs::path& directory) {
    static constexpr std::array<std::pair<const char*, const char*>, 4> names = {{
        {"compose.yaml", "compose.override.yaml"},
        {"compose.yml", "compose.override.yml"},
        {"docker-compose.yml", "docker-compose.override.yml"},
        {"docker-compose.yaml", "docker-compose.override.yaml"},
    }};
    for (const auto& [main_name, override_name] : names) {
        if (!fs::exists(directory / main_name))
            continue;
        std::vector<fs::path> files = {directory / main_name};
        if (fs::exists(directory / override_name))
            files.push_back(directory / override_name);
        return files;
    }
    return fail(ErrorCategory::NotFound, "no configuration file provided: not found");
}

Result<EnvValues> read_environment(const ProjectOptions& options, const fs::path& working_directory) {
    std::vector<fs::path> env_files;
    for (const auto& file : options.env_files)
        env_files.push_back(absolute_from(file, options.current_directory));
    if (env_files.empty() && fs::exists(working_directory / ".env"))
        env_files.push_back(working_directory / ".env");
    EnvValues merged;
    for (const auto& file : env_files) {
        auto values = load_dotenv(file, options.process_environment);
        if (!values)
            return std::unexpected(values.error());
        for (const auto& [key, value] : values->entries())
            merged.set(key, value);
    }
    return merged;
}

} // namespace

Result<LoadedProject> load_project(const ProjectOptions& options) {
    LoadedProject project;
    if (options.files.empty()) {
        fs::path directory = absolute_from(options.project_directory.value_or(""), options.current_directory);
        auto files = default_files(directory);
        if (!files)
            return std::unexpected(files.error());
        project.config_files = *files;
    } else {
        for (const auto& file : options.files)
            project.config_files.push_back(absolute_from(file, options.current_directory));
    }
    project.working_directory =
        options.project_directory ? absolute_from(*options.project_directory, options.current_directory)
                                  : project.config_files.front().parent_path();

    auto env_file_values = read_environment(options, project.working_directory);
    if (!env_file_values)
        return std::unexpected(env_file_values.error());
    VariableLookup lookup = [&](std::string_view name) -> std::optional<std::string> {
        if (auto value = options.process_environment(name))
            return value;
        return env_file_values->get(name);
    };

    std::vector<YAML::Node> documents;
    std::optional<std::string> name_from_files;
    for (const auto& file : project.config_files) {
        auto document = load_compose_file(file);
        if (!document)
            return std::unexpected(document.error());
        const YAML::Node& read = *document;
        if (read["name"] && read["name"].IsScalar() && !read["name"].Scalar().empty()) {
            auto interpolated = options.interpolate ? interpolate(read["name"].Scalar(), lookup)
                                                    : Result<std::string>(read["name"].Scalar());
            if (!interpolated)
                return std::unexpected(std::move(interpolated.error()).wrap("{}: name", file.string()));
            if (!interpolated->empty())
                name_from_files = *interpolated;
        }
        documents.push_back(*document);
    }

    bool all_empty = std::all_of(documents.begin(), documents.end(),
                                 [](const YAML::Node& document) { return document.IsMap() && document.size() == 0; });
    if (all_empty)
        return fail(ErrorCategory::Invalid, "empty compose file");

    auto name = choose_project_name({options.project_name, lookup("COMPOSE_PROJECT_NAME"), name_from_files,
                                     project.working_directory.string()});
    if (!name)
        return std::unexpected(name.error());
    project.name = *name;

    // docker compose lets files use ${COMPOSE_PROJECT_NAME} for the chosen name.
    VariableLookup with_name = [&](std::string_view variable) -> std::optional<std::string> {
        if (auto value = lookup(variable))
            return value;
        if (variable == "COMPOSE_PROJECT_NAME")
            return project.name;
        return std::nullopt;
    };
    // Each file as parsed stays untouched (its nodes keep their lines for the schema's errors);
    // its interpolated copy is what merges.
    std::vector<SourceDocument> sources;
    YAML::Node merged(YAML::NodeType::Map);
    for (size_t i = 0; i < documents.size(); ++i) {
        const std::string file = project.config_files[i].string();
        sources.push_back({project.config_files[i], documents[i]});
        // A new handle, never assigned to: yaml-cpp's Node::operator= would rewrite the parsed node.
        auto document = options.interpolate ? interpolated_tree(documents[i], with_name, file)
                                            : Result<YAML::Node>(documents[i]);
        if (!document)
            return std::unexpected(document.error());
        auto next = merge_compose_files(merged, *document);
        if (!next)
            return std::unexpected(std::move(next.error()).wrap("merging {}", file));
        merged = *next;
        // compose-go validates the merge so far, after each file, naming that file.
        if (auto valid = validate_compose_schema(merged, sources); !valid)
            return std::unexpected(valid.error());
    }
    merged["name"] = project.name;
    project.document = merged;
    project.environment = *env_file_values;
    return project;
}

} // namespace berth::compose
