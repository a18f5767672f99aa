// The libFuzzer entry point for the compose loader: any bytes go through the YAML
// reader, tree interpolation and a merge with themselves, and, as plain text,
// through string interpolation and the .env parser; the tree is then normalised
// as `berth compose config` does (extends, services, checks, project, hash).
// Crashes and hangs are the findings. Keys that read files (env_file, label_file,
// extends.file, include) are dropped first so that runs stay hermetic.
#include "compose/compose_yaml.h"
#include "compose/dotenv.h"
#include "compose/interpolation.h"
#include "compose/merge.h"
#include "compose/consistency.h"
#include "compose/extends.h"
#include "compose/project_normalizer.h"
#include "compose/service_hash.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void drop_file_readers(YAML::Node document) {
    if (!document.IsMap())
        return;
    document.remove("include");
    const YAML::Node services = document["services"];
    if (!services.IsDefined() || !services.IsMap())
        return;
    for (auto entry : services) {
        YAML::Node service = entry.second;
        if (!service.IsMap())
            continue;
        service.remove("env_file");
        service.remove("label_file");
        if (const YAML::Node extends = service["extends"]; extends.IsDefined() && extends.IsMap())
            service.remove("extends");
    }
}

void normalize_like_config(YAML::Node document, const berth::compose::VariableLookup& lookup) {
    using namespace berth::compose;
    drop_file_readers(document);
    if (!apply_extends(document, nullptr))
        return;
    auto services = normalize_services(document, lookup);
    if (!services || !check_consistency(*services, document))
        return;
    for (const auto& [name, service] : services->entries())
        (void)service_hash(service);
    ConfigValue project = normalize_project("fuzz", std::move(*services), document);
    (void)to_json(project);
    (void)to_yaml(project);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace berth::compose;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const VariableLookup lookup = [](std::string_view name) -> std::optional<std::string> {
        if (name == "SET")
            return "value";
        if (name == "EMPTY")
            return "";
        return std::nullopt;
    };
    (void)interpolate(text, lookup);
    (void)parse_dotenv(text, "fuzz.env", lookup);
    auto document = parse_compose_yaml(text, "fuzz.yaml");
    if (!document)
        return 0;
    auto merged = merge_compose_files(*document, *document);
    (void)interpolate_tree(*document, lookup, "fuzz.yaml");
    if (merged)
        (void)merge_compose_files(*merged, *document);
    normalize_like_config(*document, lookup);
    return 0;
}
