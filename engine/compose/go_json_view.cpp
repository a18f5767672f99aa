#include "compose/go_json_view.h"

#include "compose/project_normalizer.h"
#include "compose/service_normalizer.h"

namespace berth::compose {

namespace {

// compose-go's ThrottleDevice and WeightDevice have no json tags: Go prints the
// field names (Path, Rate, Weight).
void rename_blkio_fields(ConfigValue& service) {
    auto* blkio = service.find("blkio_config");
    if (!blkio)
        return;
    for (auto& [key, devices] : blkio->entries()) {
        if (devices.kind() != ConfigValue::Kind::List)
            continue;
        for (auto& device : devices.items())
            for (auto& [field, value] : device.entries())
                if (field == "path" || field == "rate" || field == "weight")
                    field[0] = static_cast<char>(field[0] - 'a' + 'A');
    }
}

} // namespace

void add_go_json_service_fields(ConfigValue& service) {
    rename_blkio_fields(service);
    for (const char* key : {"command", "entrypoint"})
        if (!service.contains(key))
            service.set(key, ConfigValue{});
    if (auto* deploy = service.find("deploy")) {
        for (const char* key : {"resources", "placement"})
            if (!deploy->contains(key))
                deploy->set(key, ConfigValue::map());
        deploy->order_keys(deploy_key_order());
    }
    service.order_keys(service_key_order());
}

ConfigValue go_json_view(ConfigValue project) {
    if (auto* services = project.find("services"))
        for (auto& [name, service] : services->entries())
            add_go_json_service_fields(service);
    if (auto* networks = project.find("networks"))
        for (auto& [name, network] : networks->entries())
            if (!network.contains("ipam")) {
                network.set("ipam", ConfigValue::map());
                network.order_keys(network_key_order());
            }
    project.sort_keys();
    return project;
}

} // namespace berth::compose
