#include "daemon/config.h"

#include "base/files.h"
#include "registry/http_client.h"

#include <filesystem>
#include <map>

namespace berth::daemon {
namespace {

enum class Setting {
    Host, DataRoot, ExecRoot, Pidfile, Group, LogLevel, Debug, ConfigFile, Bridge, CgroupParent, InsecureRegistry,
    RegistryMirror, RegistryCertsDir, StorageDriver, PluginsDir
};

struct FlagSpec {
    std::string_view long_name; // also the config file key
    char short_name;
    Setting setting;
    bool takes_value;
};

constexpr FlagSpec kFlags[] = {
    {"host", 'H', Setting::Host, true},           {"data-root", 0, Setting::DataRoot, true},
    {"exec-root", 0, Setting::ExecRoot, true},    {"pidfile", 'p', Setting::Pidfile, true},
    {"group", 'G', Setting::Group, true},         {"log-level", 'l', Setting::LogLevel, true},
    {"debug", 'D', Setting::Debug, false},        {"config-file", 0, Setting::ConfigFile, true},
    {"bridge", 'b', Setting::Bridge, true},       {"cgroup-parent", 0, Setting::CgroupParent, true},
    {"insecure-registry", 0, Setting::InsecureRegistry, true},
    {"registry-mirror", 0, Setting::RegistryMirror, true},
    {"registry-certs-dir", 0, Setting::RegistryCertsDir, true},
    {"storage-driver", 's', Setting::StorageDriver, true},
    {"plugins-dir", 0, Setting::PluginsDir, true},
};

// The config file's plural names for the repeatable flags, as dockerd's.
std::string_view flag_name_of_key(std::string_view key) {
    if (key == "hosts") return "host";
    if (key == "insecure-registries") return "insecure-registry";
    if (key == "registry-mirrors") return "registry-mirror";
    return key;
}

bool is_list(Setting setting) {
    return setting == Setting::Host || setting == Setting::InsecureRegistry || setting == Setting::RegistryMirror;
}

// A mirror as dockerd's ValidateMirror takes it (http or https, no credentials,
// query or fragment), and without a path (berthd asks for /v2/ at the root).
// Returns it with the trailing "/" dockerd gives it.
Result<std::string> validate_mirror(std::string_view value) {
    auto scheme_end = value.find("://");
    std::string_view scheme = scheme_end == std::string_view::npos ? "" : value.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
        return fail(ErrorCategory::Invalid, "invalid mirror: unsupported scheme \"{}\" in \"{}\"", scheme, value);
    std::string_view rest = value.substr(scheme_end + 3);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    std::string_view path = rest.substr(authority.size());
    if (authority.find('@') != std::string_view::npos)
        return fail(ErrorCategory::Invalid, "invalid mirror: username/password not allowed in URI \"{}://{}\"", scheme,
                    authority.substr(authority.find('@') + 1));
    if (path.find_first_of("?#") != std::string_view::npos)
        return fail(ErrorCategory::Invalid, "invalid mirror: query or fragment at end of the URI \"{}\"", value);
    if (!path.empty() && path != "/")
        return fail(ErrorCategory::Invalid, "invalid mirror: \"{}\" has a path; berthd takes scheme://host[:port]",
                    value);
    if (!registry::parse_url(value))
        return fail(ErrorCategory::Invalid, "invalid mirror: \"{}\" is not a valid URI", value);
    return std::string(scheme) + "://" + std::string(authority) + "/";
}

// dockerd's daemon.json keys that belong to parts of the engine not built yet: a
// file carrying them still loads, with a warning, instead of refusing to start.
const std::set<std::string, std::less<>> kKnownNotYetUsed = {
    "storage-opts", "log-driver", "log-opts",
    "default-address-pools", "bip", "dns", "dns-opts", "dns-search", "live-restore", "max-concurrent-downloads",
    "max-concurrent-uploads", "default-ulimits", "features", "builder", "labels", "mtu", "iptables", "ip-forward",
    "ipv6", "seccomp-profile", "no-new-privileges", "default-runtime", "runtimes", "userns-remap",
    "default-shm-size", "experimental", "metrics-addr", "selinux-enabled", "icc", "userland-proxy",
    "exec-opts", "init", "shutdown-timeout", "containerd"};

Result<> apply(DaemonConfig& config, Setting setting, std::string_view value, std::string_view name) {
    switch (setting) {
    case Setting::Host:
        if (!config.chosen.contains("host")) config.hosts.clear();
        config.hosts.emplace_back(value);
        break;
    case Setting::DataRoot: config.data_root = value; break;
    case Setting::ExecRoot: config.exec_root = value; break;
    case Setting::Pidfile: config.pidfile = value; break;
    case Setting::Group: config.group = value; break;
    case Setting::LogLevel:
        if (!log::parse_level(value, config.log_level))
            return fail(ErrorCategory::Invalid, "unable to parse logging level: {}", value);
        break;
    case Setting::Debug:
        if (value == "true") config.log_level = log::Level::Debug;
        else if (value != "false") return fail(ErrorCategory::Invalid, "invalid value \"{}\" for --debug", value);
        break;
    case Setting::ConfigFile: config.config_file = value; break;
    case Setting::Bridge:
        if (value.empty() || value.size() > 15 || value.find_first_of("/ ") != std::string_view::npos)
            return fail(ErrorCategory::Invalid, "invalid bridge name: \"{}\"", value);
        config.bridge = value;
        break;
    case Setting::CgroupParent:
        if (value.empty() || value.find("..") != std::string_view::npos)
            return fail(ErrorCategory::Invalid, "invalid cgroup parent: \"{}\"", value);
        config.cgroup_parent = value.starts_with('/') ? value.substr(1) : value;
        break;
    case Setting::InsecureRegistry:
        // "host[:port]" (dockerd also takes CIDRs; not yet).
        if (value.empty() || value.find_first_of("/ ") != std::string_view::npos)
            return fail(ErrorCategory::Invalid, "invalid insecure registry \"{}\": berthd takes host[:port]", value);
        config.insecure_registries.emplace_back(value);
        break;
    case Setting::RegistryMirror: {
        auto mirror = validate_mirror(value);
        if (!mirror) return std::unexpected(mirror.error());
        config.registry_mirrors.push_back(std::move(*mirror));
        break;
    }
    case Setting::RegistryCertsDir:
        if (!value.starts_with('/'))
            return fail(ErrorCategory::Invalid, "invalid registry certs directory \"{}\": it must be an absolute path",
                        value);
        config.registry_certs_dir = value;
        break;
    case Setting::StorageDriver:
        if (value != "overlay2" && value != "vfs")
            return fail(ErrorCategory::Invalid, "unknown storage driver \"{}\": berthd has overlay2 and vfs", value);
        config.storage_driver = value;
        break;
    case Setting::PluginsDir:
        if (!value.starts_with('/'))
            return fail(ErrorCategory::Invalid, "invalid plugins directory \"{}\": it must be an absolute path", value);
        config.plugins_dir = value;
        break;
    }
    config.chosen.insert(std::string(name));
    return {};
}

const FlagSpec* find_flag(std::string_view name, bool is_short) {
    for (const auto& spec : kFlags)
        if (is_short ? (name.size() == 1 && spec.short_name == name[0]) : spec.long_name == name) return &spec;
    return nullptr;
}

} // namespace

Result<std::vector<std::string>> DaemonConfig::socket_paths() const {
    std::vector<std::string> paths;
    for (const auto& host : hosts) {
        constexpr std::string_view scheme = "unix://";
        if (host.starts_with(scheme) && host.size() > scheme.size() && host[scheme.size()] == '/')
            paths.push_back(host.substr(scheme.size()));
        else if (host.starts_with('/'))
            paths.push_back(host);
        else
            return fail(ErrorCategory::Invalid,
                        "invalid host \"{}\": berthd listens on unix sockets only (unix:///path/to/socket)", host);
    }
    return paths;
}

std::map<std::string, std::string> DaemonConfig::describe() const {
    auto join = [](const std::vector<std::string>& list) {
        std::string joined;
        for (const auto& entry : list) joined += (joined.empty() ? "" : ",") + entry;
        return "[" + joined + "]";
    };
    const char* level = "info";
    switch (log_level) {
    case log::Level::Debug: level = "debug"; break;
    case log::Level::Info: level = "info"; break;
    case log::Level::Warn: level = "warn"; break;
    case log::Level::Error: level = "error"; break;
    }
    return {{"hosts", join(hosts)},             {"data-root", data_root},
            {"exec-root", exec_root},           {"pidfile", effective_pidfile()},
            {"group", group},                   {"log-level", level},
            {"debug", log_level == log::Level::Debug ? "true" : "false"},
            {"bridge", bridge},                 {"cgroup-parent", cgroup_parent},
            {"insecure-registries", join(insecure_registries)},
            {"registry-mirrors", join(registry_mirrors)},
            {"registry-certs-dir", registry_certs_dir},
            {"storage-driver", storage_driver},
            {"plugins-dir", plugins_dir}};
}

Result<CommandLine> parse_command_line(std::span<const std::string_view> args) {
    CommandLine out;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "-h" || arg == "--help") {
            out.help = true;
            continue;
        }
        if (arg == "-v" || arg == "--version") {
            out.version = true;
            continue;
        }
        bool is_long = arg.starts_with("--");
        if (!is_long && !(arg.starts_with('-') && arg.size() >= 2))
            return fail(ErrorCategory::Invalid, "unexpected argument \"{}\"; see berthd --help", arg);
        std::string_view body = arg.substr(is_long ? 2 : 1);
        std::optional<std::string_view> inline_value;
        if (auto eq = body.find('='); eq != std::string_view::npos) {
            inline_value = body.substr(eq + 1);
            body = body.substr(0, eq);
        } else if (!is_long && body.size() > 1) {
            inline_value = body.substr(1); // "-Hunix:///x"
            body = body.substr(0, 1);
        }
        const FlagSpec* spec = find_flag(body, !is_long);
        if (!spec) return fail(ErrorCategory::Invalid, "unknown flag: {}; see berthd --help", arg);
        std::string_view value = "true";
        if (spec->takes_value) {
            if (inline_value) value = *inline_value;
            else if (i + 1 < args.size()) value = args[++i];
            else return fail(ErrorCategory::Invalid, "flag needs an argument: {}", arg);
        } else if (inline_value) {
            value = *inline_value;
        }
        if (auto applied = apply(out.config, spec->setting, value, spec->long_name); !applied)
            return std::unexpected(applied.error());
        if (spec->setting != Setting::ConfigFile) out.flags_given.insert(std::string(spec->long_name));
    }
    return out;
}

Result<DaemonConfig> apply_config_file(const CommandLine& command_line, std::string_view file_content) {
    DaemonConfig config = command_line.config;
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(file_content);
    } catch (const nlohmann::json::parse_error& e) {
        return fail(ErrorCategory::Invalid, "unable to parse the configuration file {}: {}", config.config_file,
                    e.what());
    }
    if (!json.is_object())
        return fail(ErrorCategory::Invalid, "the configuration file {} must hold a JSON object", config.config_file);

    std::string unknown, conflicts;
    for (const auto& [key, value] : json.items()) {
        std::string name(flag_name_of_key(key));
        const FlagSpec* spec = find_flag(name, false);
        if (!spec || spec->setting == Setting::ConfigFile) {
            if (kKnownNotYetUsed.contains(key)) {
                log::warn("configuration file {}: \"{}\" is not supported by this berthd yet and is ignored",
                          config.config_file, key);
                continue;
            }
            unknown += (unknown.empty() ? "" : ", ") + key;
            continue;
        }
        if (command_line.flags_given.contains(name)) {
            conflicts += std::format("{}{}: (from flag: given, from file: {})", conflicts.empty() ? "" : ", ", key,
                                     value.dump());
            continue;
        }
        auto wrong_type = [&](const char* wanted) {
            return fail(ErrorCategory::Invalid, "configuration file {}: \"{}\" must be {}", config.config_file, key,
                        wanted);
        };
        if (is_list(spec->setting)) {
            if (!value.is_array()) return wrong_type("a list of strings");
            for (const auto& entry : value) {
                if (!entry.is_string()) return wrong_type("a list of strings");
                if (auto applied = apply(config, spec->setting, entry.get<std::string>(), name); !applied)
                    return std::unexpected(applied.error().wrap("configuration file {}", config.config_file));
            }
        } else if (spec->setting == Setting::Debug) {
            if (!value.is_boolean()) return wrong_type("true or false");
            if (auto applied = apply(config, Setting::Debug, value.get<bool>() ? "true" : "false", name); !applied)
                return std::unexpected(applied.error());
        } else {
            if (!value.is_string()) return wrong_type("a string");
            if (auto applied = apply(config, spec->setting, value.get<std::string>(), name); !applied)
                return std::unexpected(applied.error().wrap("configuration file {}", config.config_file));
        }
    }
    if (!unknown.empty())
        return fail(ErrorCategory::Invalid, "the following directives don't match any configuration option: {}",
                    unknown);
    if (!conflicts.empty())
        return fail(ErrorCategory::Invalid,
                    "the following directives are specified both as a flag and in the configuration file: {}",
                    conflicts);
    return config;
}

Result<DaemonConfig> load_config(const CommandLine& command_line) {
    const DaemonConfig& flags = command_line.config;
    std::error_code ec;
    bool named = flags.chosen.contains("config-file");
    if (!std::filesystem::exists(flags.config_file, ec)) {
        if (named) return fail(ErrorCategory::NotFound, "configuration file {} does not exist", flags.config_file);
        return flags;
    }
    auto content = read_file(flags.config_file);
    if (!content) return std::unexpected(content.error());
    return apply_config_file(command_line, *content);
}

std::string usage() {
    return R"(Usage: berthd [OPTIONS]

Berth's container engine: serves the Docker Engine API on a unix socket.

Options:
  -H, --host unix:///path     Socket to listen on (default unix:///run/berth/berth.sock); repeatable
      --data-root DIR         Root of persistent state (default /var/lib/berth)
      --exec-root DIR         Root of runtime state (default /run/berth)
  -p, --pidfile FILE          Pid file (default <exec-root>/berthd.pid)
  -G, --group NAME|GID        Group allowed to use the socket besides root (default berth)
  -l, --log-level LEVEL       debug, info, warn, error (default info)
  -D, --debug                 Same as --log-level debug
      --config-file FILE      JSON configuration (default /etc/berth/daemon.json)
  -b, --bridge NAME           The default bridge network's Linux bridge (default berth0)
      --cgroup-parent NAME    The cgroup containers go under (default berth)
      --insecure-registry H   A registry (host[:port]) spoken to over plain HTTP; repeatable
                              (loopback registries are too, unless they have a certs.d directory)
      --registry-mirror URL   A mirror (http[s]://host[:port]) tried before docker.io when pulling
                              docker.io images; repeatable, tried in order
      --registry-certs-dir DIR
                              Per-registry CAs (*.crt) and client certificates (*.cert, *.key)
                              in DIR/<host:port>/ (default /etc/docker/certs.d)
  -s, --storage-driver NAME   overlay2 or vfs (plain copies, where overlayfs cannot be used);
                              default overlay2 where an overlay mounts under the data root, else vfs
      --plugins-dir DIR       Where volume plugins are found (NAME.sock, NAME/NAME.sock, NAME.spec,
                              NAME.json) instead of Docker's /run/docker/plugins, /etc/docker/plugins
                              and /usr/lib/docker/plugins
  -v, --version               Print the version and exit
  -h, --help                  Print this help and exit
)";
}

} // namespace berth::daemon
