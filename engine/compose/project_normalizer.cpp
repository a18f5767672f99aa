#include "compose/project_normalizer.h"

#include "compose/service_normalizer.h"
#include "compose/yaml_values.h"

#include <optional>
#include <set>

namespace berth::compose {
namespace {

std::set<std::string> used_names(const ConfigValue& services, std::string_view section) {
    std::set<std::string> used;
    for (const auto& [name, service] : services.entries()) {
        const auto* field = service.find(section);
        if (!field)
            continue;
        if (section == "networks") {
            for (const auto& [network, ignored] : field->entries())
                used.insert(network);
            continue;
        }
        for (const auto& item : field->items()) { // (build.secrets are added below)
            const auto* source = item.find("source");
            const auto* type = item.find("type");
            if (!source || (section == "volumes" && (!type || type->as_string() != "volume")))
                continue;
            used.insert(source->as_string());
        }
    }
    if (section == "secrets")
        for (const auto& [name, service] : services.entries()) {
            const auto* build = service.find("build");
            const auto* secrets = build ? build->find("secrets") : nullptr;
            if (secrets && secrets->kind() == ConfigValue::Kind::List)
                for (const auto& item : secrets->items()) {
                    if (item.kind() == ConfigValue::Kind::String)
                        used.insert(item.as_string());
                    else if (const auto* source = item.find("source"))
                        used.insert(source->as_string());
                }
        }
    return used;
}

bool is_external(const ConfigValue& resource) {
    const auto* external = resource.find("external");
    return external && external->kind() == ConfigValue::Kind::Bool && external->as_bool();
}

ConfigValue resources(const std::string& project, const ConfigValue& services, const YAML::Node& document,
                      std::string_view section, const std::vector<std::string_view>& key_order) {
    ConfigValue out = ConfigValue::map();
    const YAML::Node declared = document[std::string(section)];
    for (const auto& key : used_names(services, section)) {
        ConfigValue resource = is_map(declared) && declared[key] ? typed_value(declared[key]) : ConfigValue::map();
        if (resource.kind() != ConfigValue::Kind::Map)
            resource = ConfigValue::map();
        // Legacy `external: {name: x}`: the name moves out, external becomes true.
        if (auto* external = resource.find("external"); external && external->kind() == ConfigValue::Kind::Map) {
            std::optional<ConfigValue> legacy;
            if (const auto* name_inside = external->find("name"))
                legacy = *name_inside;
            *external = ConfigValue::boolean(true); // before set(): it may move the entries
            if (legacy)
                resource.set("name", std::move(*legacy));
        }
        if (auto* options = resource.find("driver_opts")) {
            for (auto& [option, value] : options->entries())
                if (value.kind() != ConfigValue::Kind::String && !value.is_null())
                    value = ConfigValue::string(scalar_text(declared[key]["driver_opts"][option]));
            options->sort_keys();
        }
        if (auto* ipam = resource.find("ipam"); ipam && ipam->find("config"))
            for (auto& pool : ipam->find("config")->items())
                pool.order_keys({"subnet", "gateway", "ip_range", "aux_addresses"});
        if (!resource.contains("name") || resource.find("name")->is_null())
            resource.set("name", ConfigValue::string(is_external(resource) ? key : project + "_" + key));
        if (auto* labels = resource.find("labels"))
            *labels = typed_value(declared[key]["labels"]); // kept as written; sorted below
        if (auto* labels = resource.find("labels"); labels && labels->kind() == ConfigValue::Kind::Map)
            labels->sort_keys();
        resource.order_keys(key_order);
        out.set(key, std::move(resource));
    }
    return out;
}

} // namespace

const std::vector<std::string_view>& network_key_order() {
    static const std::vector<std::string_view> order = {"name", "driver", "driver_opts", "ipam", "external",
                                                        "internal", "attachable", "labels", "enable_ipv6"};
    return order;
}

Result<ConfigValue> normalize_services(const YAML::Node& document, const VariableLookup& lookup, ServiceForm form) {
    ConfigValue services = ConfigValue::map();
    if (const YAML::Node declared = document["services"]; is_map(declared)) {
        for (const auto& entry : declared) {
            auto service = normalize_service(entry.first.Scalar(), entry.second, lookup, form);
            if (!service)
                return std::unexpected(service.error());
            services.set(entry.first.Scalar(), std::move(*service));
        }
    }
    services.sort_keys();
    return services;
}

ConfigValue normalize_project(const std::string& name, ConfigValue services, const YAML::Node& document) {
    ConfigValue project = ConfigValue::map();
    project.set("name", ConfigValue::string(name));
    ConfigValue networks = resources(name, services, document, "networks", network_key_order());
    ConfigValue volumes = resources(name, services, document, "volumes",
                                    {"name", "driver", "driver_opts", "external", "labels"});
    ConfigValue secrets = resources(name, services, document, "secrets",
                                    {"name", "file", "environment", "content", "external", "labels", "driver"});
    ConfigValue configs = resources(name, services, document, "configs",
                                    {"name", "file", "environment", "content", "external", "labels"});
    project.set("services", std::move(services));
    if (!networks.empty())
        project.set("networks", std::move(networks));
    if (!volumes.empty())
        project.set("volumes", std::move(volumes));
    if (!secrets.empty())
        project.set("secrets", std::move(secrets));
    if (!configs.empty())
        project.set("configs", std::move(configs));
    if (const YAML::Node models = is_map(document) ? document["models"] : YAML::Node(); is_map(models)) {
        ConfigValue declared = typed_value(models); // compose-go's map of ModelConfig, as written
        for (auto& [key, model] : declared.entries())
            if (model.kind() == ConfigValue::Kind::Map)
                model.order_keys({"name", "model", "context_size", "runtime_flags"});
        declared.sort_keys();
        if (!declared.empty())
            project.set("models", std::move(declared));
    }
    if (is_map(document))
        for (const auto& entry : document)
            if (entry.first.Scalar().starts_with("x-"))
                project.set(entry.first.Scalar(), typed_value(entry.second));
    return project;
}

} // namespace berth::compose
