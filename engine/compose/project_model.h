#pragma once
// The typed view of a normalised project that converge (up/down, the graph) reads:
// services with their image, dependencies, networks, ports, mounts, replicas and
// config hash; the networks, volumes, secrets and configs with their engine
// names. Read once from the ConfigValue model (compose_project.h), which stays
// the source for printing; fields converge does not need yet are not copied.

#include "compose/compose_project.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace berth::compose {

struct ServiceDependency {
    std::string service;
    std::string condition; // service_started, service_healthy, service_completed_successfully
    bool required = true;
    bool restart = false;
};

struct ServicePort {
    std::string host_ip;   // "" for every address
    int target = 0;
    std::string published; // "" when the engine picks; "8000-8001" for a range
    std::string protocol;  // tcp, udp, sctp
    std::string mode;      // ingress, host
};

struct ServiceMount {
    std::string type;      // bind, volume, tmpfs, npipe, cluster, image
    std::string source;    // absolute path (bind), volume key (volume), "" (anonymous, tmpfs)
    std::string target;
    bool read_only = false;
};

struct ServiceModel {
    std::string name;
    std::string image;     // as written, else docker compose's default "<project>-<service>"
    bool has_build = false;
    std::vector<std::string> profiles;
    std::vector<ServiceDependency> depends_on; // by service name
    // Keys of the project's networks by `priority` (highest first), then by name,
    // as compose-go's NetworksByPriority: the first is the container's NetworkMode.
    std::vector<std::string> networks;
    std::optional<std::string> network_mode;
    std::vector<ServicePort> ports;
    std::vector<ServiceMount> volumes;
    int replicas = 1;                          // scale, else deploy.replicas, else 1
    std::string config_hash;                   // com.docker.compose.config-hash
};

struct ResourceModel {
    std::string key;  // the name in the compose file
    std::string name; // the engine's name: <project>_<key>, `name:`, or the key when external
    bool external = false;
};

// A service's network keys by `priority` (highest first), then by name.
std::vector<std::string> networks_by_priority(const ConfigValue& service);

struct ProjectModel {
    std::string name;
    std::filesystem::path working_directory;
    std::vector<std::filesystem::path> config_files;
    std::vector<ServiceModel> services; // by name
    std::vector<ResourceModel> networks, volumes, secrets, configs;

    const ServiceModel* service(std::string_view service_name) const;
};

ProjectModel typed_model(const ComposeProject& project);

} // namespace berth::compose
