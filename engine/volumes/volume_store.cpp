#include "volumes/volume_store.h"

#include "base/files.h"
#include "base/go_errno.h"
#include "base/ids.h"
#include "base/log.h"
#include "volumes/volume_name.h"

#include <fcntl.h>
#include <filesystem>
#include <algorithm>
#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::volumes {

namespace fs = std::filesystem;

bool is_mount_point(const std::string& path) {
    struct statx info{};
    if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &info) != 0) return false;
    return (info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && (info.stx_attributes & STATX_ATTR_MOUNT_ROOT);
}

Result<VolumeStore> VolumeStore::open(std::string root) {
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) return fail(ErrorCategory::System, "creating {}: {}", root, go_error_text(ec));
    fs::permissions(root, fs::perms::owner_all, ec); // as dockerd's 0700 /var/lib/docker/volumes
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        std::string name = entry.path().filename().string();
        if (!name.starts_with(".removing-")) continue;
        if (is_mount_point(entry.path().string() + "/_data")) {
            log::warn("leaving {}: its _data is still mounted", entry.path().string());
            continue;
        }
        fs::remove_all(entry.path(), ec);
    }
    return VolumeStore(std::move(root));
}

Result<Volume> VolumeStore::create(Volume volume) {
    if (auto valid = validate_volume_name(volume.name); !valid) return std::unexpected(valid.error());
    std::string dir = root_ + "/" + volume.name;
    if (fs::exists(metadata_path(volume.name)))
        return fail(ErrorCategory::Conflict, "volume {} already exists", volume.name);
    std::error_code ec;
    // An existing _data without metadata is what a crashed create left: kept, adopted.
    fs::create_directories(dir + "/_data", ec);
    if (ec) return fail(ErrorCategory::System, "creating volume {}: {}", volume.name, go_error_text(ec));
    ::chmod(dir.c_str(), 0701);
    volume.mountpoint = data_path(volume.name);
    if (auto written = write_file_atomically(metadata_path(volume.name), to_record(volume).dump(), 0600); !written)
        return std::unexpected(written.error().wrap("creating volume {}", volume.name));
    return volume;
}

Result<Volume> VolumeStore::get(const std::string& name) const {
    if (name.empty() || name.find('/') != std::string::npos || name.starts_with('.'))
        return fail(ErrorCategory::NotFound, "get {}: no such volume", name);
    auto text = read_file(metadata_path(name));
    if (!text) return fail(ErrorCategory::NotFound, "get {}: no such volume", name);
    try {
        return volume_from_record(nlohmann::json::parse(*text), data_path(name));
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorCategory::System, "reading volume {}: {}", name, error.what());
    }
}

std::vector<Volume> VolumeStore::list() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        std::string name = entry.path().filename().string();
        if (!name.starts_with('.')) names.push_back(name);
    }
    std::ranges::sort(names);
    std::vector<Volume> volumes;
    for (const auto& name : names)
        if (auto volume = get(name)) volumes.push_back(std::move(*volume));
    return volumes;
}

Result<> VolumeStore::remove(const std::string& name) {
    auto volume = get(name);
    if (!volume) return std::unexpected(volume.error());
    if (is_mount_point(volume->mountpoint))
        return fail(ErrorCategory::Conflict, "remove {}: its data is still mounted on {}", name, volume->mountpoint);
    std::string dir = root_ + "/" + name;
    std::string doomed = root_ + "/.removing-" + name + "-" + random_hex(4);
    if (::rename(dir.c_str(), doomed.c_str()) != 0) return fail_errno("remove {}: renaming {}", name, dir);
    std::error_code ec;
    fs::remove_all(doomed, ec);
    if (ec) log::warn("removing volume {}: {} (what is left goes at the next start)", name, go_error_text(ec));
    return {};
}

bool VolumeStore::empty(const std::string& name) const {
    std::error_code ec;
    return fs::is_empty(data_path(name), ec) && !ec;
}

int64_t VolumeStore::size(const std::string& name) const {
    return static_cast<int64_t>(tree_bytes(data_path(name)));
}

Result<> VolumeStore::populate(const std::string& name, const std::function<Result<>(const std::string& dir)>& fill) {
    std::string data = data_path(name);
    if (!empty(name)) return {};
    // A volume with options is a mount of something else: filled in place.
    if (is_mount_point(data)) return fill(data);
    std::string staging = root_ + "/" + name + "/_copyup";
    std::error_code ec;
    if (!is_mount_point(staging)) fs::remove_all(staging, ec); // an interrupted copy's leftovers
    if (::mkdir(staging.c_str(), 0755) != 0) return fail_errno("copying into volume {}: creating {}", name, staging);
    auto filled = fill(staging);
    if (!filled) {
        fs::remove_all(staging, ec);
        return std::unexpected(filled.error().wrap("copying into volume {}", name));
    }
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, data.c_str(), RENAME_EXCHANGE) != 0) {
        auto error = fail_errno("copying into volume {}: swapping {} in", name, staging);
        fs::remove_all(staging, ec);
        return error;
    }
    ::rmdir(staging.c_str()); // the empty _data it replaced
    return {};
}

} // namespace berth::volumes
