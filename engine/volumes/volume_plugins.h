#pragma once
// Volume drivers that are Docker (v1) plugins: found by name (plugin_discovery.h),
// activated once (POST /Plugin.Activate, whose Implements must list
// "VolumeDriver"), then asked VolumeDriver.Create/Remove/Mount/Unmount/Get/List/
// Capabilities. Activation is retried while the plugin cannot be reached, for
// up to `activation_window` (dockerd: 30 s, backing off 1, 2, 4... s), because
// a plugin started alongside the daemon may not listen yet. A plugin that
// stops answering is forgotten and found and activated again on the next call.
//
// Error wording is dockerd's: "error looking up volume plugin NAME: plugin
// \"NAME\" not found", "VolumeDriver.Create: <the plugin's Err>".
//
// Threads: any; a mutex guards the table of activated plugins only (calls run
// outside it).

#include "base/error.h"
#include "volumes/plugin_client.h"
#include "volumes/plugin_discovery.h"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::volumes {

// A volume as a plugin describes it (Get, List).
struct PluginVolume {
    std::string name;
    std::string mountpoint;
    std::optional<nlohmann::json> status; // the plugin's Status object, when it gave one
    std::string created_at;
};

class VolumePlugins {
public:
    explicit VolumePlugins(PluginDirs dirs, std::chrono::milliseconds activation_window = std::chrono::seconds(30));

    // The driver is there and is a volume driver.
    Result<> check(const std::string& driver);
    Result<> create(const std::string& driver, const std::string& name, const std::map<std::string, std::string>& options);
    Result<> remove(const std::string& driver, const std::string& name);
    // The host path to bind; `id` names this use (dockerd: one per mount point).
    Result<std::string> mount(const std::string& driver, const std::string& name, const std::string& id);
    Result<> unmount(const std::string& driver, const std::string& name, const std::string& id);
    Result<std::string> path(const std::string& driver, const std::string& name); // where it is mounted now
    Result<PluginVolume> get(const std::string& driver, const std::string& name);
    Result<std::vector<PluginVolume>> list(const std::string& driver);
    // "local" or "global" (Capabilities.Scope); "local" when the plugin does not say.
    std::string scope(const std::string& driver);

private:
    Result<PluginAddress> activated(const std::string& driver);
    Result<nlohmann::json> call(const std::string& driver, std::string_view method, const nlohmann::json& body,
                                std::chrono::milliseconds timeout);

    PluginDirs dirs_;
    std::chrono::milliseconds activation_window_;
    std::mutex mutex_;
    std::map<std::string, PluginAddress> active_;
    std::map<std::string, std::string> scopes_;
};

} // namespace berth::volumes
