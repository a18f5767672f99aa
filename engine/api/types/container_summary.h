#pragma once
// One entry of GET /containers/json (`docker ps -a`), typed: the fields the GUI
// and clients read, spelled once. Field names follow Docker's ContainerSummary
// (Engine API 1.45, api/swagger.yaml).

#include "base/error.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::api::types {

// One element of ContainerSummary.Ports: a published (or only exposed) port.
struct PortSummary {
    std::string ip;           // "IP": host address, empty when only exposed
    uint16_t private_port = 0; // "PrivatePort": inside the container
    uint16_t public_port = 0;  // "PublicPort": on the host, 0 when not published
    std::string type;          // "Type": "tcp", "udp" or "sctp"

    bool operator==(const PortSummary&) const = default;
};

// What Docker appends to State's Status text for a container with a healthcheck.
enum class Health { None, Starting, Healthy, Unhealthy };

struct ContainerSummary {
    std::string id;                          // "Id": 64 hex digits
    std::vector<std::string> names;          // "Names": "/web" (with Docker's leading slash)
    std::string image;                       // "Image": as the user wrote it
    std::string image_id;                    // "ImageID": sha256:…
    std::string command;                     // "Command"
    int64_t created = 0;                     // "Created": Unix seconds
    std::vector<PortSummary> ports;          // "Ports"
    std::map<std::string, std::string> labels; // "Labels"
    std::string state;                       // "State": created, running, paused, restarting, removing, exited, dead
    std::string status;                      // "Status": "Up 5 minutes (healthy)", "Exited (0) 2 hours ago"
    std::vector<std::string> volume_names;   // "Mounts"[].Name of its Type "volume" mounts
    std::vector<std::string> network_names;  // the keys of "NetworkSettings.Networks"

    // The first name without Docker's leading slash ("web"), or the short ID.
    std::string name() const;
    // The `com.docker.compose.project` label: the compose project it belongs to, or "".
    std::string compose_project() const;
    // Read from Status, where Docker (and berthd) put it; there is no field of its own.
    Health health() const;

    static Result<ContainerSummary> from_json(const nlohmann::json& json);
    nlohmann::json to_json() const;

    bool operator==(const ContainerSummary&) const = default;
};

Result<std::vector<ContainerSummary>> container_summaries_from_json(const nlohmann::json& json);

} // namespace berth::api::types
