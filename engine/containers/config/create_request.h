#pragma once
// POST /containers/create: the body ({...Config, "HostConfig": {...},
// "NetworkingConfig": {...}}) checked as dockerd checks it at create, with
// Docker's wording and status codes, into a typed request plus the HostConfig
// `docker inspect` shows (Docker's shape, daemon defaults filled in). Pure:
// what it needs of the host and the daemon comes in CreateContext.

#include "api/version.h"
#include "base/error.h"
#include "containers/config/config_types.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::containers::config {

// The daemon's defaults for what a request leaves empty (dockerd's flags).
struct DaemonDefaults {
    std::string log_driver = "json-file";          // --log-driver
    std::map<std::string, std::string> log_opts;   // --log-opt, merged when the type is the default
    int64_t shm_size = 64 * 1024 * 1024;           // --default-shm-size
    std::string ipc_mode = "private";              // --default-ipc-mode
    std::string cgroupns_mode;                     // --default-cgroupns-mode; "" = private on v2, host on v1
    std::string runtime = "runc";                  // --default-runtime: what inspect shows
};

// What the checks need of the host.
struct HostFacts {
    int cpus = 1;               // CPUs online: NanoCpus may ask up to cpus * 1e9
    std::string cpuset_cpus;    // the CPUs containers may use ("0-7"); "" = not checked
    std::string cpuset_mems;    // the memory nodes ("0"); "" = not checked
    bool cgroup_v2 = true;
    // Whether a bind source of HostConfig.Mounts exists (Docker refuses a missing
    // one; Binds create theirs). Unset: not checked.
    std::function<bool(const std::string&)> path_exists;
};

struct CreateContext {
    api::ApiVersion api_version = api::kMaxApiVersion;
    DaemonDefaults defaults;
    HostFacts host;
};

struct CreateRequest {
    ContainerConfig config;
    HostConfig host_config;
    // NetworkingConfig.EndpointsConfig with "default" renamed to the network
    // mode's network, as dockerd does; {} when none.
    nlohmann::json endpoints_config = nlohmann::json::object();
    // HostConfig as `docker inspect` shows it: every field of Docker's struct,
    // null and [] as the client sent them, defaults (NetworkMode, LogConfig,
    // RestartPolicy, ShmSize, IpcMode, CgroupnsMode, MemorySwap, Runtime,
    // OomKillDisable, MaskedPaths, ReadonlyPaths) filled in.
    nlohmann::json inspect_host_config;
    std::vector<std::string> warnings; // CreateResponse.Warnings
};

// Parses and validates. Every refusal is Invalid (400) with Docker's wording,
// except what Berth does not do yet, which is NotImplemented (501): user-defined
// networks, published ports.
Result<CreateRequest> parse_create_request(const nlohmann::json& body, const CreateContext& context);

} // namespace berth::containers::config
