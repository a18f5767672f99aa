// A container's volumes (VolumeService): made or referenced at create (-v,
// --mount type=volume, the image's VOLUME, --volumes-from), mounted around
// each run with the image's files copied into a new one, released at remove.
// What the container records is its mount points (Container::mount_points),
// in the shape of inspect's Mounts.
#include "containers/container_service.h"

#include "base/log.h"
#include "containers/config/mounts.h"
#include "images/layer_copy.h"
#include "runtime/mounts.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::containers {

using nlohmann::json;

namespace {

json volume_point(const volumes::Volume& volume, const std::string& destination, bool read_only,
                  const std::string& mode, bool copy_data) {
    return {{"Type", "volume"},   {"Name", volume.name}, {"Source", volume.mountpoint},
            {"Destination", destination}, {"Driver", volume.driver}, {"Mode", mode},
            {"RW", !read_only},   {"Propagation", ""},   {"CopyData", copy_data}};
}

// The image's directory at `destination`, copied into `dir` (a new volume's
// staging directory) with its owner and mode, as Docker's copyExistingContents.
// Resolved inside the container's root: an image's symlink cannot point the
// copy at the host.
Result<> copy_image_files(const std::string& rootfs, const std::string& destination, const std::string& dir) {
    UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) return fail_errno("opening {}", rootfs);
    auto source = runtime::open_in_root(root.get(), destination, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!source) return {}; // nothing there in the image (or not a directory): nothing to copy
    struct stat info{};
    if (::fstat(source->get(), &info) != 0) return fail_errno("reading {} in the image", destination);
    if (auto copied = images::copy_layers({runtime::proc_fd_path(source->get())}, dir); !copied)
        return std::unexpected(copied.error().wrap("copying the image's {}", destination));
    if (::chown(dir.c_str(), info.st_uid, info.st_gid) != 0 || ::chmod(dir.c_str(), info.st_mode & 07777) != 0)
        return fail_errno("giving {} the owner and mode of the image's {}", dir, destination);
    return {};
}

} // namespace

void ContainerService::set_volumes(volumes::VolumeService* volumes) {
    volumes_ = volumes;
}

Result<json> ContainerService::acquire_volumes(const std::string& id, const config::HostConfig& host,
                                               const json& merged_config) {
    json points = json::array();
    std::vector<std::string> taken;
    for (const auto& mount : host.mounts) taken.push_back(mount.target);
    auto release_all = [&] {
        for (const auto& point : points)
            if (point.value("Type", "") == "volume") volumes_->release(id, point.value("Name", ""), true);
    };
    auto acquire = [&](volumes::VolumeRequest request, const std::string& destination, bool read_only,
                       const std::string& mode, bool copy_data) -> Result<> {
        if (!volumes_) return fail(ErrorCategory::NotImplemented, "volumes are not available in this daemon");
        auto volume = volumes_->acquire(id, std::move(request));
        if (!volume) return std::unexpected(volume.error());
        points.push_back(volume_point(*volume, destination, read_only, mode, copy_data));
        return {};
    };
    for (const auto& mount : host.mounts) {
        if (mount.type != config::MountType::Volume) continue;
        volumes::VolumeRequest request{.name = mount.source, .driver = mount.volume_driver,
                                       .options = mount.volume_options, .labels = mount.volume_labels};
        std::string mode = mount.origin == "Binds" ? (mount.read_only ? "ro" : "z") : "";
        if (auto ok = acquire(std::move(request), mount.target, mount.read_only, mode, !mount.nocopy); !ok) {
            release_all();
            return std::unexpected(ok.error());
        }
    }
    // --volumes-from: the other container's volumes and binds, its mode or the one asked for.
    for (const auto& from : host.volumes_from) {
        auto source = store_.find(from.container);
        if (!source) {
            release_all();
            return std::unexpected(source.error());
        }
        std::vector<json> inherited;
        for (const auto& bind : source->host_config.value("Binds", json::array())) {
            auto parsed = config::parse_bind(bind.get<std::string>());
            if (!parsed || parsed->type != config::MountType::Bind) continue;
            inherited.push_back({{"Type", "bind"},  {"Source", parsed->source}, {"Destination", parsed->target},
                                 {"Mode", ""},      {"RW", !parsed->read_only}, {"Propagation", "rprivate"}});
        }
        for (const auto& point : source->mount_points) inherited.push_back(point);
        for (auto point : inherited) {
            std::string destination = point.value("Destination", "");
            if (std::ranges::contains(taken, destination)) continue;
            if (!from.mode.empty()) point["RW"] = from.mode.find("ro") == std::string::npos;
            if (point.value("Type", "") == "volume") {
                if (auto held = volumes_ ? volumes_->acquire(id, {.name = point.value("Name", ""),
                                                                  .driver = point.value("Driver", "local"),
                                                                  .options = {}, .labels = std::nullopt})
                                         : Result<volumes::Volume>(fail(ErrorCategory::NotImplemented, "no volumes"));
                    !held) {
                    release_all();
                    return std::unexpected(held.error());
                }
                point["CopyData"] = false;
            }
            taken.push_back(destination);
            points.push_back(std::move(point));
        }
    }
    for (const auto& point : points) taken.push_back(point.value("Destination", ""));
    // The image's VOLUMEs (and Config.Volumes) that nothing else covers: anonymous volumes.
    if (auto declared = merged_config.find("Volumes"); declared != merged_config.end() && declared->is_object()) {
        for (const auto& [path, unused] : declared->items()) {
            std::string destination = config::clean_path(path);
            if (std::ranges::contains(taken, destination)) continue;
            if (auto ok = acquire({}, destination, false, "", true); !ok) {
                release_all();
                return std::unexpected(ok.error());
            }
            taken.push_back(destination);
        }
    }
    return points;
}

Result<> ContainerService::mount_volume_points(Container& c) {
    for (auto& point : c.mount_points) {
        if (point.value("Type", "") != "volume") continue;
        std::string name = point.value("Name", "");
        std::string destination = point.value("Destination", "");
        std::function<Result<>(const std::string&)> populate;
        if (point.value("CopyData", false))
            populate = [&](const std::string& dir) { return copy_image_files(c.rootfs, destination, dir); };
        std::map<std::string, std::string> attributes{{"destination", destination},
                                                      {"propagation", point.value("Propagation", "")},
                                                      {"read/write", point.value("RW", true) ? "true" : "false"}};
        auto path = volumes_ ? volumes_->mount(name, c.id, populate, attributes)
                             : Result<std::string>(fail(ErrorCategory::NotImplemented, "volumes are not available"));
        if (!path) {
            unmount_volume_points(c);
            return std::unexpected(path.error());
        }
        point["Source"] = *path;
        point["Mounted"] = true;
    }
    return {};
}

void ContainerService::unmount_volume_points(Container& c) {
    for (auto& point : c.mount_points) {
        if (!point.value("Mounted", false)) continue;
        if (volumes_) volumes_->unmount(point.value("Name", ""), c.id);
        point.erase("Mounted");
    }
}

void ContainerService::release_volumes(const Container& c, bool remove_anonymous) {
    if (!volumes_) return;
    for (const auto& point : c.mount_points)
        if (point.value("Type", "") == "volume") volumes_->release(c.id, point.value("Name", ""), remove_anonymous);
}

void ContainerService::recover_volumes() {
    if (!volumes_) return;
    for (const auto& c : store_.list())
        for (const auto& point : c.mount_points) {
            if (point.value("Type", "") != "volume") continue;
            std::string name = point.value("Name", "");
            if (auto held = volumes_->acquire(c.id, {.name = name, .driver = point.value("Driver", "local"),
                                                     .options = {}, .labels = std::nullopt});
                !held)
                log::warn("container {} uses volume {}: {}", c.id, name, held.error().message());
            if (point.value("Mounted", false) && c.state.running())
                if (auto again = volumes_->remount(name, c.id, {{"destination", point.value("Destination", "")}}); !again)
                    log::warn("container {} uses volume {}: {}", c.id, name, again.error().message());
        }
}

} // namespace berth::containers
