#include "compose/extends.h"

#include "compose/compose_schema.h"
#include "compose/compose_yaml.h"
#include "compose/merge.h"
#include "compose/service_paths.h"
#include "compose/yaml_values.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace berth::compose {
namespace {

namespace fs = std::filesystem;

struct ServiceKey {
    std::string file; // "" for the main document
    std::string service;
    bool operator==(const ServiceKey&) const = default;
};

class ExtendsResolver {
public:
    ExtendsResolver(YAML::Node document, const VariableLookup* interpolation)
        : document_(document), interpolation_(interpolation) {}

    Result<YAML::Node> resolve(const ServiceKey& key, std::vector<ServiceKey>& chain) {
        for (const auto& seen : chain)
            if (seen == key)
                return fail(ErrorCategory::Invalid, "circular reference with extends: service {}", key.service);
        auto services = services_of(key.file);
        if (!services)
            return std::unexpected(services.error());
        const YAML::Node service = (*services)[key.service];
        if (!service || !is_map(service))
            return fail(ErrorCategory::NotFound, "cannot extend service \"{}\" in {}: service not found", key.service,
                        key.file.empty() ? "the project" : key.file);
        const YAML::Node extends = service["extends"];
        if (!extends)
            return YAML::Clone(service);
        ServiceKey base{key.file, is_scalar(extends) ? extends.Scalar() : scalar_text(extends["service"])};
        if (is_map(extends) && extends["file"])
            base.file = scalar_text(extends["file"]);
        chain.push_back(key);
        auto resolved_base = resolve(base, chain);
        chain.pop_back();
        if (!resolved_base)
            return std::unexpected(resolved_base.error());
        return merge_over(*resolved_base, service, key.service);
    }

private:
    Result<YAML::Node> services_of(const std::string& file) {
        if (file.empty())
            return document_["services"];
        if (auto cached = files_.find(file); cached != files_.end())
            return cached->second["services"];
        auto parsed = load_compose_file(file);
        if (!parsed)
            return std::unexpected(parsed.error());
        auto loaded = interpolation_ ? interpolated_tree(*parsed, *interpolation_, file) : parsed;
        if (!loaded)
            return std::unexpected(loaded.error());
        // compose-go loads the file of an extended service as a model of its own, validated.
        const SourceDocument source{file, *parsed};
        if (auto valid = validate_compose_schema(*loaded, std::span(&source, 1)); !valid)
            return std::unexpected(valid.error());
        resolve_document_paths(*loaded, fs::path(file).parent_path());
        files_[file] = *loaded;
        return files_[file]["services"];
    }

    static Result<YAML::Node> merge_over(const YAML::Node& base, const YAML::Node& service, const std::string& name) {
        YAML::Node child = YAML::Clone(service);
        child.remove("extends");
        YAML::Node base_document, child_document;
        base_document["services"][name] = base;
        child_document["services"][name] = child;
        auto merged = merge_compose_files(base_document, child_document);
        if (!merged)
            return std::unexpected(std::move(merged.error()).wrap("extending service {}", name));
        return YAML::Node((*merged)["services"][name]);
    }

    YAML::Node document_;
    const VariableLookup* interpolation_;
    std::map<std::string, YAML::Node> files_;
};

} // namespace

Result<void> apply_extends(YAML::Node document, const VariableLookup* interpolation) {
    const YAML::Node services = document["services"];
    if (!is_map(services))
        return {};
    ExtendsResolver resolver(document, interpolation);
    std::map<std::string, YAML::Node> resolved;
    for (const auto& entry : services) {
        if (!is_map(entry.second) || !entry.second["extends"])
            continue;
        std::vector<ServiceKey> chain;
        auto service = resolver.resolve({"", entry.first.Scalar()}, chain);
        if (!service)
            return std::unexpected(service.error());
        resolved[entry.first.Scalar()] = *service;
    }
    // Written back only once every service is resolved, so bases are read as written.
    for (auto& [name, service] : resolved)
        document["services"][name] = service;
    return {};
}

} // namespace berth::compose
