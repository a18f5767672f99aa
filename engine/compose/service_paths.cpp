#include "compose/service_paths.h"

#include "compose/volume_syntax.h"
#include "compose/yaml_values.h"

#include <cctype>
#include <cstdlib>
#include <string>

namespace berth::compose {
namespace {

namespace fs = std::filesystem;

bool is_remote_context(std::string_view context) {
    return context.find("://") != std::string_view::npos || context.starts_with("git@") ||
           context.starts_with("github.com/");
}

void resolve_scalar(YAML::Node node, const fs::path& base) {
    if (is_scalar(node) && !node.Scalar().empty())
        node = absolute_path(node.Scalar(), base);
}

void resolve_build(YAML::Node service, const fs::path& base) {
    YAML::Node build = service["build"];
    if (is_scalar(build)) {
        if (!is_remote_context(build.Scalar()))
            service["build"] = absolute_path(build.Scalar(), base);
        return;
    }
    if (!is_map(build))
        return;
    std::string context = build["context"] ? scalar_text(build["context"]) : ".";
    if (!is_remote_context(context))
        build["context"] = absolute_path(context, base);
    // Named contexts that are folders; images ("docker-image://"), URLs and
    // "service:"/"target:" references stay as written.
    if (YAML::Node contexts = build["additional_contexts"]; is_map(contexts))
        for (auto entry : contexts) {
            std::string value = scalar_text(entry.second);
            if (!value.empty() && !is_remote_context(value) && !value.starts_with("service:") &&
                !value.starts_with("target:"))
                entry.second = absolute_path(value, base);
        }
}

void resolve_short_volume(YAML::Node item, const fs::path& base) {
    std::string spec = item.Scalar();
    auto colon = spec.find(':');
    if (colon == std::string::npos || !is_host_path(spec.substr(0, colon)))
        return;
    item = absolute_path(spec.substr(0, colon), base) + spec.substr(colon);
}

void resolve_volumes(YAML::Node volumes, const fs::path& base) {
    if (!is_sequence(volumes))
        return;
    for (auto item : volumes) {
        if (is_scalar(item))
            resolve_short_volume(item, base);
        else if (is_map(item) && scalar_text(item["type"]) == "bind" && item["source"])
            resolve_scalar(item["source"], base);
    }
}

void resolve_env_files(YAML::Node service, const fs::path& base) {
    YAML::Node env_file = service["env_file"];
    if (is_scalar(env_file)) {
        resolve_scalar(env_file, base);
        return;
    }
    if (!is_sequence(env_file))
        return;
    for (auto item : env_file) {
        if (is_scalar(item))
            resolve_scalar(item, base);
        else if (is_map(item))
            resolve_scalar(item["path"], base);
    }
}

} // namespace

std::string absolute_path(std::string_view path, const fs::path& base) {
    // A Windows absolute path ("C:\\docker") is left as written, as compose-go does.
    if (path.size() > 2 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' &&
        (path[2] == '\\' || path[2] == '/'))
        return std::string(path);
    fs::path result;
    if (path == "~" || path.starts_with("~/")) {
        const char* home = std::getenv("HOME");
        result = fs::path(home ? home : "/") / std::string(path.substr(path.size() > 1 ? 2 : 1));
    } else {
        fs::path given{std::string(path)};
        result = given.is_absolute() ? given : base / given;
    }
    std::string text = result.lexically_normal().string();
    while (text.size() > 1 && text.back() == '/')
        text.pop_back();
    return text;
}

void resolve_service_paths(YAML::Node service, const fs::path& base) {
    if (!is_map(service))
        return;
    resolve_build(service, base);
    resolve_volumes(service["volumes"], base);
    resolve_env_files(service, base);
    if (YAML::Node label_file = service["label_file"]; is_scalar(label_file))
        resolve_scalar(label_file, base);
    else if (is_sequence(label_file))
        for (auto item : label_file)
            resolve_scalar(item, base);
    if (YAML::Node extends = service["extends"]; is_map(extends) && extends["file"])
        resolve_scalar(extends["file"], base);
}

void resolve_document_paths(YAML::Node document, const fs::path& base) {
    if (YAML::Node services = document["services"]; is_map(services))
        for (auto entry : services)
            resolve_service_paths(entry.second, base);
    for (const char* section : {"secrets", "configs"}) {
        YAML::Node resources = document[section];
        if (!is_map(resources))
            continue;
        for (auto entry : resources)
            if (is_map(entry.second) && entry.second["file"])
                resolve_scalar(entry.second["file"], base);
    }
}

} // namespace berth::compose
