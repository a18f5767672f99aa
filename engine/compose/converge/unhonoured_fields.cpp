#include "compose/converge/unhonoured_fields.h"

#include "compose/project_model.h"

#include <string_view>

namespace berth::compose::converge {
namespace {

// A field docker compose acts on, and what it does, for the refusal's words.
struct ServiceField {
    std::string_view key;
    std::string_view what;
};

constexpr ServiceField kServiceFields[] = {
    {"provider", "a service managed by an external provider"},
    {"models", "AI models served by Docker Model Runner"},
    {"pre_start", "init containers run before the service's container starts"},
    {"post_start", "commands run in the container after it starts"},
    {"pre_stop", "commands run in the container before it stops"},
};

// Set to something other than its zero value (false, 0, "", empty).
bool is_set(const ConfigValue* value) {
    if (!value)
        return false;
    switch (value->kind()) {
    case ConfigValue::Kind::Null: return false;
    case ConfigValue::Kind::Bool: return value->as_bool();
    case ConfigValue::Kind::Integer: return value->as_integer() != 0;
    case ConfigValue::Kind::Float: return value->as_float() != 0;
    case ConfigValue::Kind::String: return !value->as_string().empty() && value->as_string() != "0";
    default: return !value->empty();
    }
}

auto refused(std::string_view service, std::string_view field, std::string_view what) {
    return fail(ErrorCategory::NotImplemented, "service \"{}\": {} ({}) is not supported by Berth yet", service, field,
                what);
}

Result<> check_networks(std::string_view name, const ConfigValue& networks) {
    for (const auto& [key, settings] : networks.entries()) {
        if (is_set(settings.find("interface_name")))
            return refused(name, "networks." + key + ".interface_name", "the container's interface name");
        // With one network its gateway is the default route whatever the priority.
        if (networks.entries().size() > 1 && is_set(settings.find("gw_priority")))
            return refused(name, "networks." + key + ".gw_priority",
                           "the network whose gateway is the default route");
    }
    return {};
}

// docker compose's own check before it creates anything: the service-level
// mac_address becomes the main network's, which must not say otherwise.
Result<> check_main_network_mac(std::string_view name, const ConfigValue& service) {
    const auto* mac = service.find("mac_address");
    const auto* networks = service.find("networks");
    if (!is_set(mac) || !networks)
        return {};
    auto by_priority = networks_by_priority(service);
    if (by_priority.empty())
        return {};
    const auto* main = networks->find(by_priority.front());
    const auto* main_mac = main ? main->find("mac_address") : nullptr;
    if (is_set(main_mac) && main_mac->as_string() != mac->as_string())
        return fail(ErrorCategory::Invalid, "service \"{}\": the service-level mac_address should have the same value "
                                            "as network {}",
                    name, by_priority.front());
    return {};
}

Result<> check_service(std::string_view name, const ConfigValue& service) {
    for (const auto& field : kServiceFields)
        if (is_set(service.find(field.key)))
            return refused(name, field.key, field.what);
    if (is_set(service.find("use_api_socket")))
        return refused(name, "use_api_socket", "the engine's API socket mounted in the container");
    if (auto ok = check_main_network_mac(name, service); !ok)
        return ok;
    if (const auto* networks = service.find("networks"); networks && networks->kind() == ConfigValue::Kind::Map)
        return check_networks(name, *networks);
    return {};
}

} // namespace

Result<> refuse_unhonoured_fields(const ConfigValue& project, const std::set<std::string>& services) {
    const auto* all = project.find("services");
    if (!all)
        return {};
    for (const auto& name : services)
        if (const auto* service = all->find(name))
            if (auto ok = check_service(name, *service); !ok)
                return ok;
    return {};
}

} // namespace berth::compose::converge
