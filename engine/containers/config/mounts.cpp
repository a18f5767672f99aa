#include "containers/config/mounts.h"

#include <algorithm>
#include <array>
#include <format>

namespace berth::containers::config {
namespace {

constexpr std::array<std::string_view, 6> kPropagations{"shared", "rshared", "slave", "rslave", "private", "rprivate"};

std::unexpected<Error> invalid(std::string message) {
    return std::unexpected(Error(ErrorCategory::Invalid, std::move(message)));
}

std::unexpected<Error> not_supported(std::string_view what) {
    return fail(ErrorCategory::NotImplemented, "{} mounts are not supported yet", what);
}

std::vector<std::string_view> split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        size_t at = s.find(separator, start);
        parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + 1;
    }
    return parts;
}

struct BindMode {
    bool valid = true;
    bool read_only = false;
    std::string propagation;
    std::string label;
    bool nocopy_set = false;
};

// Docker's linuxValidMountMode: at most one of each kind.
BindMode parse_bind_mode(std::string_view mode) {
    BindMode result;
    if (mode.empty()) return result;
    int rw = 0, label = 0, propagation = 0, copy = 0, consistency = 0;
    for (std::string_view option : split(mode, ',')) {
        if (option == "rw" || option == "ro") {
            ++rw;
            result.read_only = option == "ro";
        } else if (option == "z" || option == "Z") {
            ++label;
            result.label = std::string(option);
        } else if (std::ranges::find(kPropagations, option) != kPropagations.end()) {
            ++propagation;
            result.propagation = std::string(option);
        } else if (option == "nocopy") {
            ++copy;
            result.nocopy_set = true;
        } else if (option == "consistent" || option == "cached" || option == "delegated") {
            ++consistency;
        } else {
            result.valid = false;
        }
    }
    if (rw > 1 || label > 1 || propagation > 1 || copy > 1 || consistency > 1) result.valid = false;
    return result;
}

Result<> validate_target(std::string_view target) {
    if (target.empty()) return invalid("field Target must not be empty");
    if (clean_path(target) == "/") return invalid("invalid specification: destination can't be '/'");
    if (!target.starts_with('/'))
        return invalid(std::format("invalid mount path: '{}' mount path must be absolute", target));
    return {};
}

std::string tmpfs_size_option(int64_t bytes) {
    // Docker writes the largest unit that divides the size evenly.
    static constexpr std::array<std::string_view, 3> kSuffixes{"k", "m", "g"};
    std::string_view suffix;
    for (auto s : kSuffixes) {
        if (bytes % 1024 != 0) break;
        bytes /= 1024;
        suffix = s;
    }
    return std::format("size={}{}", bytes, suffix);
}

// Mount flags by kind: a later one of the same kind replaces an earlier one.
int flag_kind(std::string_view option) {
    struct Flag {
        std::string_view name;
        int kind;
    };
    static constexpr std::array<Flag, 28> kFlags{{
        {"ro", 1},          {"rw", 1},          {"suid", 2},         {"nosuid", 2},         {"dev", 3},
        {"nodev", 3},       {"exec", 4},        {"noexec", 4},       {"sync", 5},           {"async", 5},
        {"dirsync", 6},     {"mand", 7},        {"nomand", 7},       {"atime", 8},          {"noatime", 8},
        {"diratime", 9},    {"nodiratime", 9},  {"relatime", 10},    {"norelatime", 10},    {"strictatime", 11},
        {"nostrictatime", 11}, {"shared", 12},  {"rshared", 12},     {"slave", 12},         {"rslave", 12},
        {"private", 12},    {"rprivate", 12},   {"remount", 13},
    }};
    for (const auto& flag : kFlags)
        if (flag.name == option) return flag.kind;
    return 0;
}

} // namespace

std::string clean_path(std::string_view path) {
    if (path.empty()) return ".";
    bool rooted = path.front() == '/';
    std::vector<std::string_view> parts;
    for (std::string_view part : split(path, '/')) {
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..")
                parts.pop_back();
            else if (!rooted)
                parts.push_back(part);
            continue;
        }
        parts.push_back(part);
    }
    std::string out = rooted ? "/" : "";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += '/';
        out += parts[i];
    }
    return out.empty() ? "." : out;
}

Result<MountRequest> parse_bind(std::string_view spec) {
    auto spec_error = [&] { return invalid(std::format("invalid volume specification: '{}'", spec)); };
    // SplitN(raw, ":", 4)
    std::vector<std::string_view> parts;
    std::string_view rest = spec;
    while (parts.size() < 3) {
        auto colon = rest.find(':');
        if (colon == std::string_view::npos) break;
        parts.push_back(rest.substr(0, colon));
        rest = rest.substr(colon + 1);
    }
    parts.push_back(rest);
    if (parts[0].empty()) return spec_error();

    std::string_view source, target, mode;
    switch (parts.size()) {
    case 1:
        target = parts[0]; // "/ctr": an anonymous volume
        break;
    case 2:
        // "/foo:rw" would be a destination with a mode: a volume, which can't take one.
        if (!parts[1].empty() && parse_bind_mode(parts[1]).valid) return spec_error();
        source = parts[0];
        target = parts[1];
        break;
    case 3:
        source = parts[0];
        target = parts[1];
        mode = parts[2];
        break;
    default:
        return spec_error();
    }
    BindMode parsed = parse_bind_mode(mode);
    if (!parsed.valid) return invalid(std::format("invalid mode: {}", mode));
    if (source.empty() || !source.starts_with('/')) {
        // A volume, named or (no source) anonymous.
        if (auto ok = validate_target(target); !ok)
            return invalid(std::format("invalid volume specification: '{}': invalid mount config for type \"volume\": {}",
                                       spec, ok.error().message()));
        if (!parsed.propagation.empty())
            return invalid(std::format("invalid volume specification: '{}': invalid mount config for type \"volume\": "
                                       "field BindOptions must not be specified", spec));
        MountRequest mount;
        mount.type = MountType::Volume;
        mount.source = std::string(source);
        mount.target = clean_path(target);
        mount.read_only = parsed.read_only;
        mount.nocopy = parsed.nocopy_set;
        mount.origin = "Binds";
        return mount;
    }

    auto wrap = [&](const Error& error) {
        return invalid(std::format("invalid volume specification: '{}': invalid mount config for type \"bind\": {}",
                                   spec, error.message()));
    };
    if (parsed.nocopy_set) return wrap(Error(ErrorCategory::Invalid, "field VolumeOptions must not be specified"));
    if (auto ok = validate_target(target); !ok) return wrap(ok.error());

    MountRequest mount;
    mount.type = MountType::Bind;
    mount.source = clean_path(source);
    mount.target = clean_path(target);
    mount.read_only = parsed.read_only;
    mount.propagation = parsed.propagation;
    mount.selinux_label = parsed.label;
    mount.origin = "Binds";
    return mount;
}

Result<MountRequest> parse_mount(const GoObject& object, api::ApiVersion version,
                                 const std::function<bool(const std::string&)>& path_exists) {
    BERTH_TRY(type, object.string("Type"));
    BERTH_TRY(source, object.string("Source"));
    BERTH_TRY(target, object.string("Target"));
    BERTH_TRY(read_only, object.boolean("ReadOnly"));
    bool has_bind_options = object.has("BindOptions");
    bool has_volume_options = object.has("VolumeOptions");
    bool has_tmpfs_options = object.has("TmpfsOptions");
    BERTH_TRY(bind_options, object.object("BindOptions", "mount.BindOptions"));
    BERTH_TRY(tmpfs_object, object.object("TmpfsOptions", "mount.TmpfsOptions"));

    // API 1.42 began refusing options of another type; older clients had them ignored.
    bool strict = version >= api::ApiVersion{1, 42};
    if (strict) {
        if (has_volume_options && *type != "volume")
            return invalid(std::format("VolumeOptions must not be specified on mount type {}", go_quote(*type)));
        if (has_bind_options && *type != "bind")
            return invalid(std::format("BindOptions must not be specified on mount type {}", go_quote(*type)));
        if (has_tmpfs_options && *type != "tmpfs")
            return invalid(std::format("TmpfsOptions must not be specified on mount type {}", go_quote(*type)));
    }
    auto mount_error = [&](std::string_view message) {
        return invalid(std::format("invalid mount config for type {}: {}", go_quote(*type), message));
    };
    if (auto ok = validate_target(*target); !ok) return mount_error(ok.error().message());

    MountRequest mount;
    mount.target = clean_path(*target);
    mount.read_only = *read_only;
    mount.origin = "Mounts";
    if (*type == "bind") {
        if (source->empty()) return mount_error("field Source must not be empty");
        BERTH_TRY(propagation, bind_options->string("Propagation"));
        if (!propagation->empty() && std::ranges::find(kPropagations, *propagation) == kPropagations.end())
            return mount_error(std::format("invalid propagation mode: {}", *propagation));
        if (has_volume_options) return mount_error("field VolumeOptions must not be specified");
        if (!source->starts_with('/'))
            return mount_error(std::format("invalid mount path: '{}' mount path must be absolute", *source));
        BERTH_TRY(non_recursive, bind_options->boolean("NonRecursive"));
        BERTH_TRY(create_mountpoint, bind_options->boolean("CreateMountpoint"));
        BERTH_TRY(force_recursive, bind_options->boolean("ReadOnlyForceRecursive"));
        if (*force_recursive && version < api::ApiVersion{1, 44})
            return invalid("BindOptions.ReadOnlyForceRecursive needs API v1.44 or newer");
        mount.type = MountType::Bind;
        mount.source = clean_path(*source);
        mount.propagation = *propagation;
        mount.non_recursive = version >= api::ApiVersion{1, 40} && *non_recursive;
        mount.create_mountpoint = version >= api::ApiVersion{1, 42} && *create_mountpoint;
        if (path_exists && !mount.create_mountpoint && !path_exists(mount.source))
            return mount_error(std::format("bind source path does not exist: {}", mount.source));
        return mount;
    }
    if (*type == "tmpfs") {
        if (has_bind_options && strict) return mount_error("field BindOptions must not be specified");
        if (!source->empty()) return mount_error("field Source must not be specified");
        BERTH_TRY(size, tmpfs_object->int64("SizeBytes"));
        BERTH_TRY(mode, tmpfs_object->integer("Mode", 0, 0xffffffff, "fs.FileMode"));
        if (*size < 0) return mount_error("invalid tmpfs size: must not be negative");
        std::vector<std::string> options{"noexec", "nosuid", "nodev", "rprivate"};
        if (*size > 0) options.push_back(tmpfs_size_option(*size));
        if (*mode != 0) options.push_back(std::format("mode={:o}", *mode & 07777));
        if (*read_only) options.emplace_back("ro");
        BERTH_TRY(merged, merge_tmpfs_options(options));
        mount.type = MountType::Tmpfs;
        mount.source = "tmpfs";
        mount.tmpfs_options = std::move(*merged);
        return mount;
    }
    if (*type == "volume") {
        if (has_bind_options) return mount_error("field BindOptions must not be specified");
        if (has_tmpfs_options) return mount_error("field TmpfsOptions must not be specified");
        BERTH_TRY(volume_options, object.object("VolumeOptions", "mount.VolumeOptions"));
        BERTH_TRY(nocopy, volume_options->boolean("NoCopy"));
        BERTH_TRY(subpath, volume_options->string("Subpath"));
        if (!subpath->empty()) return not_supported("volume subpath");
        BERTH_TRY(driver_config, volume_options->object("DriverConfig", "mount.Driver"));
        BERTH_TRY(driver, driver_config->string("Name"));
        BERTH_TRY(driver_options, driver_config->string_map("Options"));
        mount.type = MountType::Volume;
        mount.source = *source;
        mount.nocopy = *nocopy;
        mount.volume_driver = *driver;
        mount.volume_options = std::move(*driver_options);
        if (volume_options->has("Labels")) {
            BERTH_TRY(labels, volume_options->string_map("Labels"));
            mount.volume_labels = std::move(*labels);
        }
        return mount;
    }
    if (*type == "image") return not_supported("image");
    return mount_error("mount type unknown");
}

Result<std::vector<std::string>> merge_tmpfs_options(const std::vector<std::string>& options) {
    static constexpr std::array<std::string_view, 7> kDataKeys{"size", "mode", "uid", "gid", "nr_inodes",
                                                                "nr_blocks", "mpol"};
    std::vector<int> kinds_seen;
    std::vector<std::string> keys_seen;
    std::vector<std::string> merged;
    for (auto it = options.rbegin(); it != options.rend(); ++it) {
        const std::string& option = *it;
        if (option == "defaults") continue;
        if (int kind = flag_kind(option); kind != 0) {
            if (std::ranges::find(kinds_seen, kind) == kinds_seen.end()) {
                kinds_seen.push_back(kind);
                merged.insert(merged.begin(), option);
            }
            continue;
        }
        auto eq = option.find('=');
        std::string key = option.substr(0, eq);
        if (eq == std::string::npos || std::ranges::find(kDataKeys, key) == kDataKeys.end())
            return invalid(std::format("invalid tmpfs option [{}]", go_quote(option)));
        if (std::ranges::find(keys_seen, key) == keys_seen.end()) {
            keys_seen.push_back(key);
            merged.insert(merged.begin(), option);
        }
    }
    return merged;
}

Result<MountRequest> parse_tmpfs(std::string_view destination, std::string_view options) {
    if (clean_path(destination) == "/") return invalid("invalid specification: destination can't be '/'");
    if (!destination.starts_with('/'))
        return invalid(std::format("invalid mount path: '{}' mount path must be absolute", destination));
    std::vector<std::string> all{"noexec", "nosuid", "nodev", "rprivate"};
    if (!options.empty())
        for (std::string_view option : split(options, ',')) all.emplace_back(option);
    BERTH_TRY(merged, merge_tmpfs_options(all));
    MountRequest mount;
    mount.type = MountType::Tmpfs;
    mount.source = "tmpfs";
    mount.target = clean_path(destination);
    mount.tmpfs_options = std::move(*merged);
    mount.read_only = std::ranges::find(mount.tmpfs_options, "ro") != mount.tmpfs_options.end();
    mount.origin = "Tmpfs";
    return mount;
}

Result<std::vector<VolumesFrom>> parse_volumes_from(const std::vector<std::string>& entries) {
    std::vector<VolumesFrom> out;
    for (const auto& entry : entries) {
        auto colon = entry.find(':');
        VolumesFrom from{entry.substr(0, colon), colon == std::string::npos ? "" : entry.substr(colon + 1)};
        if (colon != std::string::npos) {
            BindMode mode = parse_bind_mode(from.mode);
            if (!mode.valid || from.mode.empty()) return invalid(std::format("invalid mode: {}", from.mode));
        }
        out.push_back(std::move(from));
    }
    return out;
}

Result<std::vector<MountRequest>> parse_all_mounts(const GoObject& host_config, api::ApiVersion version,
                                                   const std::function<bool(const std::string&)>& path_exists) {
    std::vector<MountRequest> mounts;
    BERTH_TRY(binds, host_config.strings("Binds"));
    BERTH_TRY(objects, host_config.objects("Mounts", "mount.Mount"));
    BERTH_TRY(tmpfs, host_config.string_map("Tmpfs"));
    BERTH_TRY(volume_driver, host_config.string("VolumeDriver")); // --volume-driver: for -v's volumes
    // Mounts are validated first in dockerd (validateHostConfig); Binds at registration.
    std::vector<MountRequest> from_mounts;
    for (const auto& object : *objects) {
        BERTH_TRY(mount, parse_mount(object, version, path_exists));
        from_mounts.push_back(std::move(*mount));
    }
    for (const auto& bind : *binds) {
        BERTH_TRY(mount, parse_bind(bind));
        if (mount->type == MountType::Volume && mount->volume_driver.empty()) mount->volume_driver = *volume_driver;
        mounts.push_back(std::move(*mount));
    }
    for (auto& mount : from_mounts) mounts.push_back(std::move(mount));
    for (const auto& [destination, options] : *tmpfs) {
        BERTH_TRY(mount, parse_tmpfs(destination, options));
        mounts.push_back(std::move(*mount));
    }
    for (size_t i = 0; i < mounts.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (mounts[i].target == mounts[j].target)
                return invalid(std::format("Duplicate mount point: {}", mounts[i].target));
    return mounts;
}

} // namespace berth::containers::config
