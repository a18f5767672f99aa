#pragma once
// The body of POST /containers/create for one container of a service, mapped
// from the normalised service as docker compose v2 maps it (getCreateConfigs):
// Config (image, command, entrypoint, env, user, working_dir, healthcheck,
// exposed ports, labels, stop signal/timeout), HostConfig (binds and mounts,
// published ports, restart policy, network mode, dns, extra hosts, caps...) and
// the service's networks as endpoints (the first, by name, its network mode), its aliases the
// container's name and the service's name. Pure: tested without an engine.

#include "compose/config_value.h"
#include "compose/converge/labels.h"
#include "compose/project_model.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::compose::converge {

struct ContainerSpec {
    const ProjectModel& project;
    const ServiceModel& service;
    const ConfigValue& config; // the service as `config` prints it
    int number = 1;
    std::string image_id;      // com.docker.compose.image
};

// One network the container joins: its engine name and endpoint settings.
struct NetworkAttachment {
    std::string network;
    nlohmann::json endpoint; // {"Aliases": [...], "IPAMConfig": {...}}
};

// The container's name: container_name, else <project>-<service>-<n>.
std::string container_name_of(const ContainerSpec& spec);

// In the order docker compose uses (by network key); the first is the network
// mode, all are endpoints of the create call (API >= 1.44). Empty with network_mode.
std::vector<NetworkAttachment> network_attachments(const ContainerSpec& spec);

nlohmann::json container_create_body(const ContainerSpec& spec);

// extra_hosts (a service's or its build's) as the Engine API takes them: the
// model's "host=ip" written "host:ip".
nlohmann::json engine_extra_hosts(const ConfigValue* hosts);

// The service's own `labels:` (a map or a list of k=v), as a map.
Labels labels_of(const ConfigValue* labels);

} // namespace berth::compose::converge
