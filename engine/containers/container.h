#pragma once
// A container as berthd keeps it: what was asked at create (Docker's Config and
// HostConfig, as inspect shows them), what it runs (Path, Args), and its State.
// Stored as one JSON document per container (container_store.h).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::containers {

inline constexpr const char* kZeroTime = "0001-01-01T00:00:00Z";

// Docker's State object. `status` is one of created, running, paused,
// restarting, removing, exited, dead.
struct ContainerState {
    std::string status = "created";
    bool oom_killed = false;
    int pid = 0;
    int exit_code = 0;
    std::string error;
    std::string started_at = kZeroTime;
    std::string finished_at = kZeroTime;
    std::string health_status; // "" when the container has no healthcheck
    int failing_streak = 0;
    nlohmann::json health_log = nlohmann::json::array();

    bool running() const { return status == "running" || status == "paused" || status == "restarting"; }
};

struct Container {
    std::string id;   // 64 hex digits
    std::string name; // without the leading '/'
    std::string created;
    std::string image_id; // "sha256:..."
    std::string path;     // argv[0] as inspect's Path
    std::vector<std::string> args;
    nlohmann::json config;      // inspect's Config
    nlohmann::json host_config; // inspect's HostConfig
    ContainerState state;
    int restart_count = 0;
    bool has_been_started = false;
    bool manually_stopped = false; // `docker stop`: unless-stopped and always stay down until started
    std::string log_path;
    std::string hostname_path, hosts_path, resolv_conf_path;
    nlohmann::json network = nlohmann::json::object(); // network::Attachment::to_json() while connected
    // NetworkingConfig.EndpointsConfig as create normalized it: aliases and
    // static addresses asked for, by network name.
    nlohmann::json endpoints_config = nlohmann::json::object();
    // Disconnected from HostConfig.NetworkMode's network (docker network
    // disconnect): a start connects it again only when no other network is left,
    // as Docker does.
    bool network_mode_detached = false;
    std::string rootfs;       // the merged overlay while mounted
    std::string bundle;       // the monitor's directory under the exec root
    // Volumes (and binds inherited with --volumes-from) in inspect's Mounts
    // shape, plus CopyData (the image's files go into a new volume) and Mounted
    // (while running). Binds, Mounts of type bind and Tmpfs stay in host_config.
    nlohmann::json mount_points = nlohmann::json::array();

    bool tty() const { return config.value("Tty", false); }
    // The keys of Config.ExposedPorts ("80/tcp"), the image's merged in.
    std::vector<std::string> exposed_ports() const;
};

nlohmann::json to_json(const Container& container);
Container container_from_json(const nlohmann::json& json); // throws nlohmann::json::exception

} // namespace berth::containers
