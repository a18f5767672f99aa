#include "volumes/plugin_discovery.h"

#include "base/files.h"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

namespace berth::volumes {

namespace {

// dockerd's pluginPaths: DIR/NAME.EXT, then DIR/NAME/NAME.EXT.
std::vector<std::string> candidate_paths(const std::string& dir, const std::string& name, const std::string& ext) {
    return {dir + "/" + name + ext, dir + "/" + name + "/" + name + ext};
}

bool is_socket(const std::string& path) {
    struct stat info{};
    return ::stat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode);
}

bool exists(const std::string& path) {
    struct stat info{};
    return ::stat(path.c_str(), &info) == 0;
}

std::string trimmed(std::string text) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

Result<PluginAddress> read_spec(const std::string& name, const std::string& path) {
    auto text = read_file(path);
    if (!text) return std::unexpected(text.error().wrap("reading plugin spec {}", path));
    return plugin_address_from_url(name, trimmed(std::move(*text)));
}

Result<PluginAddress> read_json_spec(const std::string& name, const std::string& path) {
    auto text = read_file(path);
    if (!text) return std::unexpected(text.error().wrap("reading plugin spec {}", path));
    try {
        auto spec = nlohmann::json::parse(*text);
        auto tls = spec.value("TLSConfig", nlohmann::json());
        // Plain connections only: a spec asking for TLS is refused rather than
        // silently talked to in the clear.
        if (tls.is_object() && !tls.value("InsecureSkipVerify", false))
            return fail(ErrorCategory::NotImplemented, "plugin {} ({}): TLS to plugins is not supported by berthd",
                        name, path);
        return plugin_address_from_url(name, spec.value("Addr", ""));
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorCategory::Invalid, "reading plugin spec {}: {}", path, error.what());
    }
}

} // namespace

PluginDirs PluginDirs::docker_defaults() {
    return {{"/run/docker/plugins"}, {"/etc/docker/plugins", "/usr/lib/docker/plugins"}};
}

Result<PluginAddress> plugin_address_from_url(const std::string& name, const std::string& url) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return fail(ErrorCategory::Invalid, "plugin {}: Unknown protocol in \"{}\"", name, url);
    std::string scheme = url.substr(0, scheme_end);
    std::string rest = url.substr(scheme_end + 3);
    if (scheme == "unix" && rest.starts_with('/')) return PluginAddress{name, false, rest};
    if (scheme == "tcp" && !rest.empty() && rest.find('/') == std::string::npos && rest.find(':') != std::string::npos)
        return PluginAddress{name, true, rest};
    return fail(ErrorCategory::Invalid, "plugin {}: unsupported address \"{}\" (berthd takes unix:///path or tcp://host:port)",
                name, url);
}

Result<PluginAddress> find_plugin(const std::string& name, const PluginDirs& dirs) {
    // A name is a file name here: nothing that climbs out of the directories.
    if (name.empty() || name.find('/') != std::string::npos || name.starts_with('.'))
        return fail(ErrorCategory::NotFound, "plugin \"{}\" not found", name);
    for (const auto& dir : dirs.socket_dirs)
        for (const auto& path : candidate_paths(dir, name, ".sock"))
            if (is_socket(path)) return PluginAddress{name, false, path};
    for (const auto& dir : dirs.spec_dirs)
        for (const auto& ext : {".spec", ".json"})
            for (const auto& path : candidate_paths(dir, name, ext))
                if (exists(path)) return std::string(ext) == ".json" ? read_json_spec(name, path) : read_spec(name, path);
    return fail(ErrorCategory::NotFound, "plugin \"{}\" not found", name);
}

} // namespace berth::volumes
