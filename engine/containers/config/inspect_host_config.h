#pragma once
// HostConfig as `docker inspect` shows it: every field of Docker's struct in
// its zero value, the client's values as sent (so null and [] stay what they
// were), then dockerd's create-time defaults from the validated request.

#include "containers/config/config_types.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::containers::config {

struct DaemonDefaults;

// Docker's default MaskedPaths and ReadonlyPaths (filled at create unless the
// container is privileged or the client sent its own, [] included).
const std::vector<std::string>& default_masked_paths();
const std::vector<std::string>& default_readonly_paths();

// `sent` is the request's HostConfig object (or null); `validated` the parsed
// request. Fields Docker normalizes come from `validated`: NetworkMode,
// RestartPolicy, LogConfig, ShmSize, IpcMode, CgroupnsMode, MemorySwap,
// MemorySwappiness, PidsLimit, CpuShares, OomKillDisable, Runtime,
// ConsoleSize, AutoRemove, MaskedPaths, ReadonlyPaths.
nlohmann::json build_inspect_host_config(const nlohmann::json& sent, const HostConfig& validated);

} // namespace berth::containers::config
