#include "api/types/container_summary.h"

#include "api/types/json_fields.h"

namespace berth::api::types {

std::string ContainerSummary::name() const {
    if (names.empty() || names.front().empty()) return id.substr(0, 12);
    const std::string& first = names.front();
    return first.front() == '/' ? first.substr(1) : first;
}

std::string ContainerSummary::compose_project() const {
    auto it = labels.find("com.docker.compose.project");
    return it == labels.end() ? std::string() : it->second;
}

Health ContainerSummary::health() const {
    // Docker's wording (container/state.go): "(health: starting)", "(healthy)", "(unhealthy)".
    if (status.find("(unhealthy)") != std::string::npos) return Health::Unhealthy;
    if (status.find("(healthy)") != std::string::npos) return Health::Healthy;
    if (status.find("(health: starting)") != std::string::npos) return Health::Starting;
    return Health::None;
}

Result<ContainerSummary> ContainerSummary::from_json(const nlohmann::json& json) {
    if (!json.is_object()) return fail(ErrorCategory::Invalid, "a container summary is not a JSON object");
    try {
        ContainerSummary out;
        out.id = text_field(json, "Id");
        out.names = text_list_field(json, "Names");
        out.image = text_field(json, "Image");
        out.image_id = text_field(json, "ImageID");
        out.command = text_field(json, "Command");
        out.created = integer_field(json, "Created");
        out.labels = labels_field(json, "Labels");
        out.state = text_field(json, "State");
        out.status = text_field(json, "Status");
        if (auto mounts = json.find("Mounts"); mounts != json.end() && mounts->is_array()) {
            for (const auto& mount : *mounts)
                if (text_field(mount, "Type") == "volume") out.volume_names.push_back(text_field(mount, "Name"));
        }
        if (auto settings = json.find("NetworkSettings"); settings != json.end() && settings->is_object()) {
            if (auto networks = settings->find("Networks"); networks != settings->end() && networks->is_object())
                for (const auto& [name, value] : networks->items()) out.network_names.push_back(name);
        }
        if (auto ports = json.find("Ports"); ports != json.end() && ports->is_array()) {
            for (const auto& port : *ports)
                out.ports.push_back({text_field(port, "IP"), static_cast<uint16_t>(integer_field(port, "PrivatePort")),
                                     static_cast<uint16_t>(integer_field(port, "PublicPort")), text_field(port, "Type")});
        }
        return out;
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::Invalid, "reading container summary {}: {}", text_field(json, "Id"), e.what());
    }
}

nlohmann::json ContainerSummary::to_json() const {
    nlohmann::json port_list = nlohmann::json::array();
    for (const auto& port : ports) {
        nlohmann::json entry = {{"PrivatePort", port.private_port}, {"Type", port.type}};
        // Docker omits IP and PublicPort for a port that is only exposed.
        if (port.public_port != 0) {
            entry["IP"] = port.ip;
            entry["PublicPort"] = port.public_port;
        }
        port_list.push_back(std::move(entry));
    }
    nlohmann::json mounts = nlohmann::json::array();
    for (const auto& volume : volume_names) mounts.push_back({{"Type", "volume"}, {"Name", volume}});
    nlohmann::json networks = nlohmann::json::object();
    for (const auto& network : network_names) networks[network] = nlohmann::json::object();
    return {{"Id", id},        {"Names", names},   {"Image", image},   {"ImageID", image_id},
            {"Command", command}, {"Created", created}, {"Ports", port_list}, {"Labels", labels},
            {"State", state},  {"Status", status}, {"Mounts", mounts},
            {"NetworkSettings", {{"Networks", networks}}}};
}

Result<std::vector<ContainerSummary>> container_summaries_from_json(const nlohmann::json& json) {
    if (!json.is_array()) return fail(ErrorCategory::Invalid, "the container list is not a JSON array");
    std::vector<ContainerSummary> out;
    out.reserve(json.size());
    for (const auto& entry : json) {
        auto summary = ContainerSummary::from_json(entry);
        if (!summary) return std::unexpected(summary.error());
        out.push_back(std::move(*summary));
    }
    return out;
}

} // namespace berth::api::types
