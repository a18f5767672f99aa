#include "compose/include.h"

#include "compose/compose_schema.h"
#include "compose/compose_yaml.h"
#include "compose/extends.h"
#include "compose/service_paths.h"
#include "compose/yaml_values.h"

#include <string>
#include <vector>

namespace berth::compose {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxIncludeDepth = 32; // a file including itself would never end

struct IncludeEntry {
    std::vector<std::string> paths;
    std::string project_directory; // empty: the first file's folder
};

std::vector<IncludeEntry> include_entries(const YAML::Node& include, const fs::path& base) {
    std::vector<IncludeEntry> entries;
    for (const auto& item : include) {
        IncludeEntry entry;
        if (is_map(item)) {
            for (auto& path : string_or_list(item["path"]))
                entry.paths.push_back(absolute_path(path, base));
            if (item["project_directory"])
                entry.project_directory = absolute_path(scalar_text(item["project_directory"]), base);
        } else {
            entry.paths.push_back(absolute_path(scalar_text(item), base));
        }
        if (!entry.paths.empty())
            entries.push_back(std::move(entry));
    }
    return entries;
}

Result<void> add_resources(YAML::Node document, const YAML::Node& included, const std::string& file) {
    for (const char* section : {"services", "networks", "volumes", "secrets", "configs"}) {
        const YAML::Node resources = included[section];
        if (!is_map(resources))
            continue;
        for (const auto& entry : resources) {
            const std::string name = entry.first.Scalar();
            if (const YAML::Node existing = document[section]; is_map(existing) && existing[name])
                return fail(ErrorCategory::Invalid, "imported compose file {} defines conflicting {} {}", file,
                            std::string_view(section).substr(0, std::string_view(section).size() - 1), name);
            document[section][name] = entry.second;
        }
    }
    return {};
}

Result<void> apply_includes_at_depth(YAML::Node document, const fs::path& base, const VariableLookup* interpolation,
                                     int depth) {
    const YAML::Node include = document["include"];
    if (!include)
        return {};
    if (depth > kMaxIncludeDepth)
        return fail(ErrorCategory::Invalid, "include cycle detected");
    auto entries = is_sequence(include) ? include_entries(include, base) : std::vector<IncludeEntry>{};
    document.remove("include");
    for (const auto& entry : entries) {
        for (const auto& file : entry.paths) {
            auto parsed = load_compose_file(file);
            if (!parsed)
                return std::unexpected(parsed.error());
            auto loaded = interpolation ? interpolated_tree(*parsed, *interpolation, file) : parsed;
            if (!loaded)
                return std::unexpected(loaded.error());
            // An included file is a project of its own to compose-go, validated as one.
            const SourceDocument source{file, *parsed};
            if (auto valid = validate_compose_schema(*loaded, std::span(&source, 1)); !valid)
                return std::unexpected(valid.error());
            fs::path directory = entry.project_directory.empty() ? fs::path(entry.paths.front()).parent_path()
                                                                 : fs::path(entry.project_directory);
            resolve_document_paths(*loaded, directory);
            if (auto nested = apply_includes_at_depth(*loaded, directory, interpolation, depth + 1); !nested)
                return nested;
            if (auto extended = apply_extends(*loaded, interpolation); !extended)
                return extended;
            if (auto added = add_resources(document, *loaded, file); !added)
                return added;
        }
    }
    return {};
}

} // namespace

Result<void> apply_includes(YAML::Node document, const fs::path& base, const VariableLookup* interpolation) {
    return apply_includes_at_depth(document, base, interpolation, 0);
}

} // namespace berth::compose
