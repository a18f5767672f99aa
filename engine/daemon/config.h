#pragma once
// berthd's configuration: dockerd's flags and the same settings in a JSON file
// (like /etc/docker/daemon.json). A setting given both ways is an error, as with
// dockerd, so nobody wonders which one won.

#include "base/error.h"
#include "base/log.h"
#include "registry/tls.h"

#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace berth::daemon {

inline constexpr const char* kDefaultConfigFile = "/etc/berth/daemon.json";

struct DaemonConfig {
    std::vector<std::string> hosts{"unix:///run/berth/berth.sock"};
    std::string data_root = "/var/lib/berth";
    std::string exec_root = "/run/berth";
    std::string pidfile; // empty: <exec-root>/berthd.pid
    std::string group = "berth";
    log::Level log_level = log::Level::Info;
    std::string config_file = kDefaultConfigFile;
    std::string bridge = "berth0";       // never docker0: a docker.io daemon may own it
    std::string cgroup_parent = "berth";
    std::vector<std::string> insecure_registries; // plain-HTTP registries besides loopback
    std::vector<std::string> registry_mirrors;    // "https://mirror.lan/": tried before docker.io, in order
    std::string registry_certs_dir = registry::kDefaultCertsDir; // certs.d: per-registry CAs and client certs
    std::string storage_driver; // "overlay2", "vfs"; empty: overlay2 where it mounts, else vfs
    std::string plugins_dir;    // volume plugins' sockets and specs; empty: Docker's directories

    // Which settings the user chose rather than took by default (flag or file names:
    // "host", "data-root", "group", ...).
    std::set<std::string, std::less<>> chosen;

    std::string effective_pidfile() const { return pidfile.empty() ? exec_root + "/berthd.pid" : pidfile; }
    // The socket paths of `hosts` ("unix:///a" -> "/a").
    Result<std::vector<std::string>> socket_paths() const;
    // What a `daemon reload` event reports.
    std::map<std::string, std::string> describe() const;
};

struct CommandLine {
    DaemonConfig config;
    std::set<std::string, std::less<>> flags_given; // settings named as the config file names them
    bool help = false;
    bool version = false;
};

// Parses dockerd-style flags: "-H x", "--host=x", "--data-root x", ...
Result<CommandLine> parse_command_line(std::span<const std::string_view> args);

// Applies the JSON of a config file under the flags: unknown keys, bad types and
// keys also given as flags are errors.
Result<DaemonConfig> apply_config_file(const CommandLine& command_line, std::string_view file_content);

// The whole of it: flags, then the config file when it exists (or when named by
// --config-file, in which case it must exist).
Result<DaemonConfig> load_config(const CommandLine& command_line);

std::string usage();

} // namespace berth::daemon
