#include "volumes/volume_plugins.h"

#include "base/log.h"

#include <algorithm>
#include <thread>

namespace berth::volumes {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// dockerd's driver proxy timeouts: long for what may touch storage, short otherwise.
constexpr auto kLongTimeout = std::chrono::milliseconds(2min);
constexpr auto kShortTimeout = std::chrono::milliseconds(1min);
constexpr auto kActivateTimeout = std::chrono::milliseconds(30s);

PluginVolume plugin_volume(const json& value) {
    PluginVolume volume;
    if (!value.is_object()) return volume;
    volume.name = value.value("Name", "");
    volume.mountpoint = value.value("Mountpoint", "");
    volume.created_at = value.value("CreatedAt", "");
    if (auto status = value.find("Status"); status != value.end() && status->is_object()) volume.status = *status;
    return volume;
}

Result<PluginAddress> activate(const PluginAddress& plugin, std::chrono::milliseconds window) {
    auto start = std::chrono::steady_clock::now();
    auto pause = std::chrono::milliseconds(1s);
    for (;;) {
        auto answer = call_plugin(plugin, "Plugin.Activate", json(nullptr), kActivateTimeout);
        if (answer) {
            auto implements = answer->value("Implements", json::array());
            if (!implements.is_array() || std::ranges::find(implements, json("VolumeDriver")) == implements.end())
                return fail(ErrorCategory::NotFound, "Plugin does not implement the requested driver");
            return plugin;
        }
        if (answer.error().category() != ErrorCategory::Unavailable ||
            std::chrono::steady_clock::now() - start + pause > window)
            return std::unexpected(answer.error());
        log::info("plugin {} not answering yet, retrying in {}s: {}", plugin.name, pause.count() / 1000,
                  answer.error().message());
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(30s));
    }
}

} // namespace

VolumePlugins::VolumePlugins(PluginDirs dirs, std::chrono::milliseconds activation_window)
    : dirs_(std::move(dirs)), activation_window_(activation_window) {}

Result<PluginAddress> VolumePlugins::activated(const std::string& driver) {
    {
        std::lock_guard lock(mutex_);
        if (auto found = active_.find(driver); found != active_.end()) return found->second;
    }
    auto found = find_plugin(driver, dirs_);
    if (!found) return std::unexpected(found.error().wrap("error looking up volume plugin {}", driver));
    auto plugin = activate(*found, activation_window_);
    if (!plugin) return std::unexpected(plugin.error().wrap("error looking up volume plugin {}", driver));
    std::lock_guard lock(mutex_);
    active_[driver] = *plugin;
    return plugin;
}

Result<json> VolumePlugins::call(const std::string& driver, std::string_view method, const json& body,
                                 std::chrono::milliseconds timeout) {
    auto plugin = activated(driver);
    if (!plugin) return std::unexpected(plugin.error());
    auto answer = call_plugin(*plugin, method, body, timeout);
    if (!answer && answer.error().category() == ErrorCategory::Unavailable) {
        // Gone (or restarted elsewhere): found and activated afresh next time.
        std::lock_guard lock(mutex_);
        active_.erase(driver);
        scopes_.erase(driver);
    }
    return answer;
}

Result<> VolumePlugins::check(const std::string& driver) {
    auto plugin = activated(driver);
    if (!plugin) return std::unexpected(plugin.error());
    return {};
}

Result<> VolumePlugins::create(const std::string& driver, const std::string& name,
                               const std::map<std::string, std::string>& options) {
    auto answer = call(driver, "VolumeDriver.Create", {{"Name", name}, {"Opts", options}}, kLongTimeout);
    if (!answer) return std::unexpected(answer.error());
    return {};
}

Result<> VolumePlugins::remove(const std::string& driver, const std::string& name) {
    auto answer = call(driver, "VolumeDriver.Remove", {{"Name", name}}, kLongTimeout);
    if (!answer) return std::unexpected(answer.error());
    return {};
}

Result<std::string> VolumePlugins::mount(const std::string& driver, const std::string& name, const std::string& id) {
    auto answer = call(driver, "VolumeDriver.Mount", {{"Name", name}, {"ID", id}}, kLongTimeout);
    if (!answer) return std::unexpected(answer.error());
    std::string mountpoint = answer->value("Mountpoint", "");
    if (!mountpoint.starts_with('/'))
        return fail(ErrorCategory::System, "VolumeDriver.Mount: plugin {} gave no absolute Mountpoint (\"{}\")", driver,
                    mountpoint);
    return mountpoint;
}

Result<> VolumePlugins::unmount(const std::string& driver, const std::string& name, const std::string& id) {
    auto answer = call(driver, "VolumeDriver.Unmount", {{"Name", name}, {"ID", id}}, kLongTimeout);
    if (!answer) return std::unexpected(answer.error());
    return {};
}

Result<std::string> VolumePlugins::path(const std::string& driver, const std::string& name) {
    auto answer = call(driver, "VolumeDriver.Path", {{"Name", name}}, kShortTimeout);
    if (!answer) return std::unexpected(answer.error());
    return answer->value("Mountpoint", "");
}

Result<PluginVolume> VolumePlugins::get(const std::string& driver, const std::string& name) {
    auto answer = call(driver, "VolumeDriver.Get", {{"Name", name}}, kShortTimeout);
    if (!answer) return std::unexpected(answer.error());
    auto volume = plugin_volume(answer->value("Volume", json()));
    if (volume.name.empty()) volume.name = name;
    return volume;
}

Result<std::vector<PluginVolume>> VolumePlugins::list(const std::string& driver) {
    auto answer = call(driver, "VolumeDriver.List", json::object(), kShortTimeout);
    if (!answer) return std::unexpected(answer.error());
    std::vector<PluginVolume> out;
    auto volumes = answer->value("Volumes", json::array());
    if (volumes.is_array())
        for (const auto& value : volumes)
            if (auto volume = plugin_volume(value); !volume.name.empty()) out.push_back(std::move(volume));
    return out;
}

std::string VolumePlugins::scope(const std::string& driver) {
    {
        std::lock_guard lock(mutex_);
        if (auto known = scopes_.find(driver); known != scopes_.end()) return known->second;
    }
    // A plugin without Capabilities (404) is local, as dockerd assumes.
    auto answer = call(driver, "VolumeDriver.Capabilities", json::object(), kShortTimeout);
    std::string scope = "local";
    if (answer)
        if (auto caps = answer->value("Capabilities", json::object()); caps.is_object() && caps.value("Scope", "") == "global")
            scope = "global";
    std::lock_guard lock(mutex_);
    scopes_[driver] = scope;
    return scope;
}

} // namespace berth::volumes
