#include "compose/converge/resources.h"

#include "compose/converge/container_body.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/labels.h"

namespace berth::compose::converge {
namespace {

using nlohmann::json;

std::string text(const ConfigValue* value) {
    return value && value->kind() == ConfigValue::Kind::String ? value->as_string() : std::string();
}
bool flag(const ConfigValue* value) { return value && value->kind() == ConfigValue::Kind::Bool && value->as_bool(); }

json string_map(const ConfigValue* map) {
    json out = json::object();
    for (const auto& [key, value] : labels_of(map))
        out[key] = value;
    return out;
}

json ipam(const ConfigValue* settings) {
    json out = json::object();
    if (!settings)
        return out;
    if (auto driver = text(settings->find("driver")); !driver.empty())
        out["Driver"] = driver;
    if (const auto* pools = settings->find("config")) {
        json configs = json::array();
        for (const auto& pool : pools->items()) {
            json entry = json::object();
            if (auto subnet = text(pool.find("subnet")); !subnet.empty())
                entry["Subnet"] = subnet;
            if (auto gateway = text(pool.find("gateway")); !gateway.empty())
                entry["Gateway"] = gateway;
            if (auto range = text(pool.find("ip_range")); !range.empty())
                entry["IPRange"] = range;
            configs.push_back(entry);
        }
        out["Config"] = configs;
    }
    return out;
}

json network_body(const std::string& project, const std::string& key, const std::string& name,
                  const ConfigValue& network) {
    json body = {{"Name", name}, {"CheckDuplicate", true}};
    body["Labels"] = network_labels(project, key, labels_of(network.find("labels")));
    if (auto driver = text(network.find("driver")); !driver.empty())
        body["Driver"] = driver;
    body["Internal"] = flag(network.find("internal"));
    body["Attachable"] = flag(network.find("attachable"));
    if (const auto* ipv6 = network.find("enable_ipv6"); ipv6 && ipv6->kind() == ConfigValue::Kind::Bool)
        body["EnableIPv6"] = ipv6->as_bool();
    body["Options"] = string_map(network.find("driver_opts"));
    body["IPAM"] = ipam(network.find("ipam"));
    return body;
}

// The engine's name: `name:` as normalised (<project>_<key> unless set).
std::string resource_name(const std::string& key, const ConfigValue& resource) {
    auto name = text(resource.find("name"));
    return name.empty() ? key : name;
}

Result<> ensure_network(api::EngineClient& client, const ComposeProject& project, const std::string& key,
                        const ConfigValue& network, Progress& progress) {
    std::string name = resource_name(key, network);
    auto existing = client.get_json("/networks/" + url_escape(name));
    if (existing) {
        const auto& labels = (*existing)["Labels"];
        if (!flag(network.find("external")) && (!labels.is_object() || labels.value(kProjectLabel, "") != project.name))
            progress.warn("a network with name " + name + " exists but was not created for project \"" +
                          project.name + "\".\nSet `external: true` to use an existing network");
        return {};
    }
    if (existing.error().category() != ErrorCategory::NotFound)
        return std::unexpected(existing.error());
    if (flag(network.find("external")))
        return fail(ErrorCategory::NotFound, "network {} declared as external, but could not be found", name);
    progress.event(network_resource(name), "Creating");
    if (auto created = call(client, "POST", "/networks/create", network_body(project.name, key, name, network));
        !created)
        return std::unexpected(created.error().wrap("failed to create network {}", name));
    progress.event(network_resource(name), "Created");
    return {};
}

Result<> ensure_volume(api::EngineClient& client, const ComposeProject& project, const std::string& key,
                       const ConfigValue& volume, Progress& progress) {
    std::string name = resource_name(key, volume);
    auto existing = client.get_json("/volumes/" + url_escape(name));
    if (existing)
        return {};
    if (existing.error().category() != ErrorCategory::NotFound)
        return std::unexpected(existing.error());
    if (flag(volume.find("external")))
        return fail(ErrorCategory::NotFound, "external volume \"{}\" not found", name);
    std::string resource = "Volume \"" + name + "\"";
    progress.event(resource, "Creating");
    json body = {{"Name", name}, {"Labels", volume_labels(project.name, key, labels_of(volume.find("labels")))}};
    if (auto driver = text(volume.find("driver")); !driver.empty())
        body["Driver"] = driver;
    body["DriverOpts"] = string_map(volume.find("driver_opts"));
    if (auto created = call(client, "POST", "/volumes/create", body); !created)
        return std::unexpected(created.error().wrap("failed to create volume {}", name));
    progress.event(resource, "Created");
    return {};
}

} // namespace

Result<> ensure_networks(api::EngineClient& client, const ComposeProject& project, Progress& progress) {
    if (const auto* networks = project.model.find("networks"))
        for (const auto& [key, network] : networks->entries())
            if (auto ok = ensure_network(client, project, key, network, progress); !ok)
                return ok;
    return {};
}

Result<> ensure_volumes(api::EngineClient& client, const ComposeProject& project, Progress& progress) {
    if (const auto* volumes = project.model.find("volumes"))
        for (const auto& [key, volume] : volumes->entries())
            if (auto ok = ensure_volume(client, project, key, volume, progress); !ok)
                return ok;
    return {};
}

Result<> remove_networks(api::EngineClient& client, const ComposeProject& project, Progress& progress) {
    const auto* networks = project.model.find("networks");
    if (!networks)
        return {};
    for (const auto& [key, network] : networks->entries()) {
        if (flag(network.find("external")))
            continue;
        std::string name = resource_name(key, network);
        auto existing = client.get_json("/networks/" + url_escape(name));
        if (!existing) {
            if (existing.error().category() == ErrorCategory::NotFound)
                continue;
            return std::unexpected(existing.error());
        }
        const auto& labels = (*existing)["Labels"];
        if (!labels.is_object() || labels.value(kProjectLabel, "") != project.name)
            continue; // not ours: docker compose leaves it too
        progress.event(network_resource(name), "Removing");
        if (auto removed = call(client, "DELETE", "/networks/" + url_escape(name)); !removed)
            return std::unexpected(removed.error().wrap("failed to remove network {}", name));
        progress.event(network_resource(name), "Removed");
    }
    return {};
}

Result<> remove_volumes(api::EngineClient& client, const ComposeProject& project, Progress& progress) {
    const auto* volumes = project.model.find("volumes");
    if (!volumes)
        return {};
    for (const auto& [key, volume] : volumes->entries()) {
        if (flag(volume.find("external")))
            continue;
        std::string name = resource_name(key, volume);
        auto existing = client.get_json("/volumes/" + url_escape(name));
        if (!existing) {
            if (existing.error().category() == ErrorCategory::NotFound)
                continue;
            return std::unexpected(existing.error());
        }
        progress.event("Volume " + name, "Removing");
        if (auto removed = call(client, "DELETE", "/volumes/" + url_escape(name)); !removed)
            return std::unexpected(removed.error().wrap("failed to remove volume {}", name));
        progress.event("Volume " + name, "Removed");
    }
    return {};
}

} // namespace berth::compose::converge
