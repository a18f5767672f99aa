#include "compose/project_name.h"

#include <filesystem>

namespace berth::compose {

std::string normalize_project_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (allowed && !(out.empty() && (c == '_' || c == '-')))
            out.push_back(c);
    }
    return out;
}

namespace {

Result<std::string> checked(const std::string& name) {
    if (name.empty())
        return fail(ErrorCategory::Invalid, "project name must not be empty");
    if (normalize_project_name(name) != name)
        return fail(ErrorCategory::Invalid,
                    "invalid project name \"{}\": must consist only of lowercase alphanumeric characters, hyphens, "
                    "and underscores as well as start with a letter or number",
                    name);
    return name;
}

} // namespace

Result<std::string> choose_project_name(const ProjectNameSources& sources) {
    if (sources.flag && !sources.flag->empty())
        return checked(*sources.flag);
    if (sources.environment && !sources.environment->empty())
        return checked(*sources.environment);
    if (sources.name_from_files && !sources.name_from_files->empty())
        return checked(*sources.name_from_files);
    std::filesystem::path directory = std::filesystem::path(sources.project_directory).lexically_normal();
    std::string folder = directory.filename().string();
    if (folder.empty())
        folder = directory.parent_path().filename().string(); // "/work/app/" ends in an empty filename
    return checked(normalize_project_name(folder));
}

} // namespace berth::compose
