#pragma once
// A volume as berthd keeps it, and as the Engine API shows it (Docker's
// volume.Volume). Words: a *named* volume was asked for by name (docker volume
// create, -v name:/ctr); an *anonymous* one was made for a container's -v /ctr
// or its image's VOLUME, gets a random name and the label
// com.docker.volume.anonymous, and goes with `docker rm -v` or --rm.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace berth::volumes {

inline constexpr const char* kAnonymousLabel = "com.docker.volume.anonymous";

struct Volume {
    std::string name;
    std::string driver = "local";
    std::optional<std::map<std::string, std::string>> labels;  // null on the wire when never given
    std::optional<std::map<std::string, std::string>> options; // DriverOpts
    std::string created_at;                                     // RFC 3339, seconds, as Docker shows it
    std::string mountpoint;                                     // <data-root>/volumes/<name>/_data; a plugin's own path
    // Volumes of a plugin driver: what the plugin says (Get, Capabilities), never stored.
    std::optional<nlohmann::json> status;
    std::string scope = "local";

    bool local() const { return driver == "local"; }
    bool anonymous() const { return labels && labels->contains(kAnonymousLabel); }
};

// Docker's shape; UsageData only where asked (system df, the list's ?size).
struct UsageData {
    int64_t size = -1;
    int64_t ref_count = -1;
};
nlohmann::json to_api_json(const Volume& volume, std::optional<UsageData> usage = std::nullopt);

// The metadata file's content (what the API shows, less the mount point,
// which follows from where the file is).
nlohmann::json to_record(const Volume& volume);
Volume volume_from_record(const nlohmann::json& record, const std::string& mountpoint); // throws json::exception

} // namespace berth::volumes
