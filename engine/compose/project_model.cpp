#include "compose/project_model.h"

#include "compose/service_hash.h"

#include <algorithm>
#include <charconv>

namespace berth::compose {
namespace {

std::string text(const ConfigValue* value) {
    return value && value->kind() == ConfigValue::Kind::String ? value->as_string() : std::string();
}

bool flag(const ConfigValue* value, bool fallback) {
    return value && value->kind() == ConfigValue::Kind::Bool ? value->as_bool() : fallback;
}

int number(const ConfigValue* value, int fallback) {
    return value && value->kind() == ConfigValue::Kind::Integer ? static_cast<int>(value->as_integer()) : fallback;
}

std::vector<ServiceDependency> dependencies(const ConfigValue& service) {
    std::vector<ServiceDependency> out;
    if (const auto* depends_on = service.find("depends_on"))
        for (const auto& [name, options] : depends_on->entries())
            out.push_back({name, text(options.find("condition")), flag(options.find("required"), true),
                           flag(options.find("restart"), false)});
    return out;
}

std::vector<ServicePort> ports(const ConfigValue& service) {
    std::vector<ServicePort> out;
    if (const auto* list = service.find("ports"))
        for (const auto& port : list->items())
            out.push_back({text(port.find("host_ip")), number(port.find("target"), 0), text(port.find("published")),
                           text(port.find("protocol")), text(port.find("mode"))});
    return out;
}

std::vector<ServiceMount> mounts(const ConfigValue& service) {
    std::vector<ServiceMount> out;
    if (const auto* list = service.find("volumes"))
        for (const auto& volume : list->items())
            out.push_back({text(volume.find("type")), text(volume.find("source")), text(volume.find("target")),
                           flag(volume.find("read_only"), false)});
    return out;
}

int replicas(const ConfigValue& service) {
    if (const auto* scale = service.find("scale"))
        return number(scale, 1);
    const auto* deploy = service.find("deploy");
    return deploy ? number(deploy->find("replicas"), 1) : 1;
}

ServiceModel service_model(const ComposeProject& project, const std::string& name, const ConfigValue& service) {
    ServiceModel model;
    model.name = name;
    model.image = text(service.find("image"));
    if (model.image.empty())
        model.image = project.name + "-" + name; // what docker compose tags a built image
    model.has_build = service.contains("build");
    if (const auto* profiles = service.find("profiles"))
        for (const auto& profile : profiles->items())
            model.profiles.push_back(text(&profile));
    model.depends_on = dependencies(service);
    model.networks = networks_by_priority(service);
    if (const auto* mode = service.find("network_mode"))
        model.network_mode = text(mode);
    model.ports = ports(service);
    model.volumes = mounts(service);
    model.replicas = replicas(service);
    if (const auto* hash_input = project.hash_inputs.find(name))
        model.config_hash = service_hash(*hash_input);
    return model;
}

std::vector<ResourceModel> resources(const ConfigValue& model, std::string_view section) {
    std::vector<ResourceModel> out;
    if (const auto* declared = model.find(section))
        for (const auto& [key, resource] : declared->entries())
            out.push_back({key, text(resource.find("name")), flag(resource.find("external"), false)});
    return out;
}

} // namespace

std::vector<std::string> networks_by_priority(const ConfigValue& service) {
    std::vector<std::pair<long long, std::string>> ranked;
    if (const auto* networks = service.find("networks"))
        for (const auto& [network, settings] : networks->entries()) {
            const auto* priority = settings.find("priority");
            ranked.emplace_back(priority && priority->kind() == ConfigValue::Kind::Integer ? priority->as_integer() : 0,
                                network);
        }
    std::ranges::sort(ranked, [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> out;
    for (auto& [priority, network] : ranked)
        out.push_back(std::move(network));
    return out;
}

const ServiceModel* ProjectModel::service(std::string_view service_name) const {
    for (const auto& candidate : services)
        if (candidate.name == service_name)
            return &candidate;
    return nullptr;
}

ProjectModel typed_model(const ComposeProject& project) {
    ProjectModel model;
    model.name = project.name;
    model.working_directory = project.working_directory;
    model.config_files = project.config_files;
    if (const auto* services = project.model.find("services"))
        for (const auto& [name, service] : services->entries())
            model.services.push_back(service_model(project, name, service));
    model.networks = resources(project.model, "networks");
    model.volumes = resources(project.model, "volumes");
    model.secrets = resources(project.model, "secrets");
    model.configs = resources(project.model, "configs");
    return model;
}

} // namespace berth::compose
