#include "compose/consistency.h"

#include "compose/yaml_values.h"

#include <map>
#include <string>
#include <vector>

namespace berth::compose {
namespace {

bool declared(const YAML::Node& document, const char* section, const std::string& name) {
    const YAML::Node resources = document[section];
    return is_map(resources) && resources[name];
}

std::unexpected<Error> undefined(const std::string& service, std::string_view kind, const std::string& name) {
    return fail(ErrorCategory::Invalid, "service \"{}\" refers to undefined {} {}: invalid compose project", service,
                kind, name);
}

int64_t replicas(const ConfigValue& service) {
    if (const auto* scale = service.find("scale"); scale && scale->kind() == ConfigValue::Kind::Integer)
        return scale->as_integer();
    const auto* deploy = service.find("deploy");
    const auto* count = deploy ? deploy->find("replicas") : nullptr;
    return count && count->kind() == ConfigValue::Kind::Integer ? count->as_integer() : 1;
}

Result<void> check_references(const std::string& name, const ConfigValue& service, const YAML::Node& document) {
    if (service.contains("container_name") && replicas(service) > 1)
        return fail(ErrorCategory::Invalid,
                    "services.deploy.replicas: can't set container_name and {} as container name must be unique: "
                    "invalid compose project", name);
    if (const auto* networks = service.find("networks"); networks && !networks->empty() && service.contains("network_mode"))
        return fail(ErrorCategory::Invalid,
                    "service {} declares mutually exclusive `network_mode` and `networks`: invalid compose project", name);
    if (const auto* networks = service.find("networks"))
        for (const auto& [network, ignored] : networks->entries())
            if (network != "default" && !declared(document, "networks", network))
                return undefined(name, "network", network);
    if (const auto* volumes = service.find("volumes"))
        for (const auto& volume : volumes->items()) {
            const auto* type = volume.find("type");
            const auto* source = volume.find("source");
            if (type && type->as_string() == "volume" && source && !source->as_string().empty() &&
                !declared(document, "volumes", source->as_string()))
                return undefined(name, "volume", source->as_string());
        }
    for (const char* section : {"secrets", "configs"})
        if (const auto* references = service.find(section))
            for (const auto& reference : references->items())
                if (const auto* source = reference.find("source"); source && !declared(document, section, source->as_string()))
                    return undefined(name, std::string_view(section).substr(0, std::string_view(section).size() - 1),
                                     source->as_string());
    return {};
}

Result<void> check_dependencies_exist(const std::string& name, const ConfigValue& service, const ConfigValue& services) {
    const auto* depends_on = service.find("depends_on");
    if (!depends_on)
        return {};
    for (const auto& [dependency, options] : depends_on->entries()) {
        const auto* required = options.find("required");
        bool is_required = !required || required->kind() != ConfigValue::Kind::Bool || required->as_bool();
        if (!services.contains(dependency) && is_required)
            return fail(ErrorCategory::Invalid, "service \"{}\" depends on undefined service \"{}\": invalid compose project",
                        name, dependency);
    }
    return {};
}

// Depth-first search; `path` holds the services on the current branch.
class CycleFinder {
public:
    explicit CycleFinder(const ConfigValue& services) : services_(services) {}

    Result<void> visit(const std::string& name) {
        if (state_[name] == State::Done)
            return {};
        if (state_[name] == State::OnPath) {
            std::string cycle;
            bool in_cycle = false;
            for (const auto& step : path_) {
                in_cycle = in_cycle || step == name;
                if (in_cycle)
                    cycle += step + " -> ";
            }
            return fail(ErrorCategory::Invalid, "dependency cycle detected: {}{}", cycle, name);
        }
        state_[name] = State::OnPath;
        path_.push_back(name);
        const auto* service = services_.find(name);
        if (const auto* depends_on = service ? service->find("depends_on") : nullptr)
            for (const auto& [dependency, ignored] : depends_on->entries())
                if (services_.contains(dependency))
                    if (auto visited = visit(dependency); !visited)
                        return visited;
        path_.pop_back();
        state_[name] = State::Done;
        return {};
    }

private:
    enum class State { Unvisited, OnPath, Done };
    const ConfigValue& services_;
    std::map<std::string, State> state_;
    std::vector<std::string> path_;
};

} // namespace

Result<void> check_consistency(const ConfigValue& services, const YAML::Node& document) {
    for (const auto& [name, service] : services.entries()) {
        if (auto checked = check_dependencies_exist(name, service, services); !checked)
            return checked;
        if (auto checked = check_references(name, service, document); !checked)
            return checked;
    }
    CycleFinder cycles(services);
    for (const auto& [name, ignored] : services.entries())
        if (auto visited = cycles.visit(name); !visited)
            return visited;
    return {};
}

} // namespace berth::compose
