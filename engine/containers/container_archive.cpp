// A container's files over the API: docker diff (changes), docker export and
// docker cp both ways (archive). The file work is engine/containers/archive's;
// this is where the container is found, its rootfs mounted when it is stopped,
// and Docker's rules about which paths to show and where writing is refused.
#include "containers/container_service.h"

#include "base/files.h"
#include "base/log.h"
#include "containers/archive/changes.h"
#include "containers/archive/in_root.h"
#include "containers/config/user_lookup.h"
#include "containers/runtime_spec_builder.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>

namespace berth::containers {

using nlohmann::json;

namespace {

// What berthd puts in every container's writable layer for its own mounts
// (runtime_spec_builder.cpp's default mounts, the /etc files of etc_files.cpp,
// --init's binary): Docker keeps these in a separate init layer, so `docker
// diff` never shows them. The trees are mounted over whole; the files are
// empty mount points.
constexpr std::string_view kMountedTrees[] = {"/dev", "/proc", "/sys"};
constexpr std::string_view kMountPointFiles[] = {"/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
                                                 "/sbin/docker-init"};

bool is_below(std::string_view path, std::string_view dir) {
    return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

bool made_by_berth(std::string_view path) {
    return std::ranges::contains(kMountPointFiles, path) ||
           std::ranges::any_of(kMountedTrees, [&](auto tree) { return path == tree || is_below(path, tree); });
}

// Leaves out berthd's mount points, and the directories listed only because
// they hold one (the copied-up /etc above a new /etc/hosts stub): those are the
// ancestors of a left-out path with nothing else of theirs still listed.
std::vector<Change> without_berth_mount_points(const std::vector<Change>& changes) {
    std::vector<Change> kept;
    std::vector<std::string_view> left_out;
    for (const auto& change : changes) {
        if (made_by_berth(change.path)) left_out.push_back(change.path);
        else kept.push_back(change);
    }
    std::erase_if(kept, [&](const Change& change) {
        bool holds_left_out = std::ranges::any_of(left_out, [&](auto path) { return is_below(path, change.path); });
        bool holds_kept = std::ranges::any_of(kept, [&](const Change& other) { return is_below(other.path, change.path); });
        return change.kind != ChangeKind::Deleted && holds_left_out && !holds_kept;
    });
    return kept;
}

// The innermost of the container's own mounts that `path` (clean, absolute) is in.
const runtime::MountSpec* volume_holding(const std::vector<runtime::MountSpec>& mounts, const std::string& path) {
    const runtime::MountSpec* found = nullptr;
    for (const auto& mount : mounts) {
        std::string target = detail::clean_path(mount.destination);
        bool inside = path == target || is_below(path, target) || target == "/";
        if (inside && (!found || target.size() > detail::clean_path(found->destination).size())) found = &mount;
    }
    return found;
}

// A stopped container's bind mounts on its root for the call, as dockerd
// mounts its volumes for docker cp (container.MountVolumes), parents first.
// Each mount point is found inside the root (a symlink there cannot send a
// volume onto the host's files); one the container never made is left out.
// They go with the root's lazy unmount.
Result<> mount_volumes(const std::string& root, const std::vector<runtime::MountSpec>& mounts) {
    std::vector<const runtime::MountSpec*> binds;
    for (const auto& mount : mounts)
        if (mount.type == "bind") binds.push_back(&mount);
    std::ranges::stable_sort(binds, {}, [](const runtime::MountSpec* m) { return detail::clean_path(m->destination).size(); });
    UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_fd) return fail_errno("opening the container's root {}", root);
    for (const auto* bind : binds) {
        auto target = detail::open_in_root(root_fd.get(), bind->destination, O_PATH);
        if (!target) continue;
        UniqueFd tree(static_cast<int>(::open_tree(AT_FDCWD, bind->source.c_str(),
                                                    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE)));
        if (!tree) return fail_errno("mounting the volume {} for the copy", bind->source);
        if (std::ranges::contains(bind->options, "ro")) {
            mount_attr read_only{};
            read_only.attr_set = MOUNT_ATTR_RDONLY;
            if (::mount_setattr(tree.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, &read_only, sizeof read_only) != 0)
                return fail_errno("making the volume {} read-only", bind->source);
        }
        if (::move_mount(tree.get(), "", target->get(), "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0)
            return fail_errno("mounting the volume {} on {}", bind->source, bind->destination);
    }
    return {};
}

// A file of the container, "" when it has none (a user lookup then fails as runc's would).
std::string read_container_file(const std::string& root, const std::string& path) {
    UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_fd) return "";
    auto file = detail::open_in_root(root_fd.get(), path, O_RDONLY);
    if (!file) return "";
    return read_file("/proc/self/fd/" + std::to_string(file->get())).value_or("");
}

} // namespace

Result<std::vector<Change>> ContainerService::writable_changes(const Container& container,
                                                                uint64_t* changed_bytes) const {
    auto lowers = images_.layer_paths(container.image_id);
    if (!lowers) return std::unexpected(lowers.error().wrap("finding the image layers of {}", container.id));
    std::string layer = snapshotter_.changes(store_.directory(container.id));
    if (::access(layer.c_str(), F_OK) != 0 && errno == ENOENT) return std::vector<Change>{}; // never started
    auto found = snapshotter_.copies_whole_tree() ? tree_changes(layer, *lowers, changed_bytes)
                                                  : container_changes(layer, *lowers);
    if (!found) return std::unexpected(found.error());
    return without_berth_mount_points(*found);
}

Result<json> ContainerService::changes(const std::string& reference) const {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    auto found = writable_changes(*container);
    if (!found) return std::unexpected(found.error());
    return changes_json(*found);
}

int64_t ContainerService::writable_size(const Container& container) const {
    if (!snapshotter_.copies_whole_tree())
        return static_cast<int64_t>(tree_bytes(snapshotter_.changes(store_.directory(container.id))));
    uint64_t bytes = 0;
    if (auto found = writable_changes(container, &bytes); !found)
        log::warn("sizing the changes of {}: {}", container.id, found.error().message());
    return static_cast<int64_t>(bytes);
}

int64_t ContainerService::root_fs_size(const Container& container, int64_t writable) const {
    auto image = images_.stored_record(container.image_id);
    return writable + static_cast<int64_t>(image ? image->size : 0);
}

Result<ContainerService::LockedContainer> ContainerService::lock_container(const std::string& reference) {
    auto found = store_.find(reference);
    if (!found) return std::unexpected(found.error());
    auto mutex = operation_lock(found->id);
    std::unique_lock hold(*mutex);
    auto current = store_.get(found->id); // as the operation before ours left it
    if (!current) return fail(ErrorCategory::NotFound, "No such container: {}", reference);
    return LockedContainer{std::move(mutex), std::move(hold), std::move(*current)};
}

Result<> ContainerService::with_rootfs(
    const std::string& reference, const std::function<Result<>(const Container& container, const std::string& root)>& use,
    RootView view) {
    auto locked = lock_container(reference);
    if (!locked) return std::unexpected(locked.error());
    const Container* container = &locked->container;
    if ((container->state.status == "running" || container->state.status == "paused") && !container->rootfs.empty()) {
        std::string root = container->rootfs;
        UniqueFd as_seen_inside;
        if (view == RootView::WithMounts && container->state.pid > 0) {
            // The root as the container sees it, with its volumes, tmpfs mounts
            // and /etc files (as docker cp reaches them): its init's root, held
            // open while the pid is surely still its (the lock), and named by
            // our fd so that the helper (another process) finds the same tree.
            as_seen_inside.reset(::open(std::format("/proc/{}/root", container->state.pid).c_str(),
                                        O_PATH | O_DIRECTORY | O_CLOEXEC));
            if (as_seen_inside) root = std::format("/proc/{}/fd/{}", ::getpid(), as_seen_inside.get());
        }
        if (!as_seen_inside) {
            // Its own files (export): the mounted root held open too, so that an
            // exit meanwhile, which detaches the mount, cannot leave the walk in
            // the empty mount point (an export once lacked the container's files).
            as_seen_inside.reset(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
            if (as_seen_inside) root = std::format("/proc/{}/fd/{}", ::getpid(), as_seen_inside.get());
        }
        // Its mount stays while it runs; a stop meanwhile detaches it lazily, and
        // what was opened in it stays readable. No need to hold up a stop for a copy.
        locked->hold.unlock();
        return use(*container, root);
    }
    std::string dir = store_.directory(container->id);
    auto lowers = images_.layer_paths(container->image_id);
    if (!lowers) return std::unexpected(lowers.error().wrap("preparing the root filesystem of {}", reference));
    auto root = snapshotter_.mount(dir, *lowers);
    if (!root) return std::unexpected(root.error().wrap("mounting the root filesystem of {}", reference));
    Result<> used;
    if (view == RootView::WithMounts) {
        auto mounts = user_mounts(container->host_config);
        if (mounts) {
            std::ranges::copy(volume_mounts(*container), std::back_inserter(*mounts));
            order_by_depth(*mounts);
        }
        used = mounts ? mount_volumes(*root, *mounts) : Result<>(std::unexpected(mounts.error()));
    }
    if (used) used = use(*container, *root);
    auto unmounted = snapshotter_.unmount(dir);
    if (!unmounted) {
        log::warn("unmounting the rootfs of {}: {}", container->id, unmounted.error().message());
        if (used) return std::unexpected(unmounted.error());
    }
    return used;
}

Result<PathStat> ContainerService::archive_stat(const std::string& reference, const std::string& path) {
    PathStat stat;
    auto done = with_rootfs(reference, [&](const Container&, const std::string& root) -> Result<> {
        auto found = stat_in_root(root, path, reference);
        if (!found) return std::unexpected(found.error());
        stat = std::move(*found);
        return {};
    });
    if (!done) return std::unexpected(done.error());
    return stat;
}

Result<> ContainerService::archive_get(const std::string& reference, const std::string& path,
                                       const std::function<void(const PathStat&)>& on_stat, const TarSink& sink) {
    return with_rootfs(reference, [&](const Container&, const std::string& root) -> Result<> {
        auto stat = stat_in_root(root, path, reference);
        if (!stat) return std::unexpected(stat.error());
        on_stat(*stat);
        return write_tar(root, path, reference, sink);
    });
}

Result<> ContainerService::archive_put(const std::string& reference, const std::string& path, std::string_view tar,
                                       ArchivePutOptions options) {
    return with_rootfs(reference, [&](const Container& container, const std::string& root) -> Result<> {
        // Docker's checks (daemon/archive.go): into a volume, the volume must be
        // writable; anywhere else, the root filesystem.
        auto mounts = user_mounts(container.host_config);
        if (!mounts) return std::unexpected(mounts.error());
        std::ranges::copy(volume_mounts(container), std::back_inserter(*mounts));
        const runtime::MountSpec* volume = volume_holding(*mounts, detail::clean_path("/" + path));
        if (volume && std::ranges::contains(volume->options, "ro"))
            return fail(ErrorCategory::Forbidden, "mounted volume is marked read-only");
        if (!volume && container.host_config.value("ReadonlyRootfs", false))
            return fail(ErrorCategory::Forbidden, "container rootfs is marked read-only");
        ExtractOptions extract;
        extract.no_overwrite_dir_non_dir = options.no_overwrite_dir_non_dir;
        std::string user = container.config.value("User", "");
        if (options.copy_uid_gid && !user.empty()) {
            // Docker's tarCopyOptions: everything owned by the container's user, as its own files name it.
            auto owner = config::resolve_exec_user(user, read_container_file(root, "/etc/passwd"),
                                                   read_container_file(root, "/etc/group"));
            if (!owner) return std::unexpected(owner.error());
            extract.uid = owner->uid;
            extract.gid = owner->gid;
        }
        return extract_tar(root, path, reference, tar, extract);
    });
}

Result<> ContainerService::export_rootfs(const std::string& reference, const TarSink& sink) {
    // The image's files and the container's changes, not its volumes: as docker export.
    // The layer is checked before with_rootfs mounts it (a mount makes a missing one).
    auto found = store_.find(reference);
    if (!found) return std::unexpected(found.error());
    if (auto whole = check_writable_layer(*found); !whole) return whole;
    return with_rootfs(
        reference, [&](const Container&, const std::string& root) { return write_export(root, sink); },
        RootView::OwnFiles);
}

Result<> ContainerService::check_writable_layer(const Container& container) const {
    // A started container has a writable layer; mounting would quietly make an
    // empty one in its place, and the export would lack every change the
    // container made. Refused before the first byte: a JSON error, not a tar
    // that looks whole.
    if (container.state.started_at == kZeroTime) return {};
    std::string layer = snapshotter_.changes(store_.directory(container.id));
    struct stat info{};
    if (::stat(layer.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        return fail(ErrorCategory::System, "the writable layer of container {} is missing ({}): its files cannot be "
                                           "read", container.id, layer);
    return {};
}

Result<std::string> ContainerService::commit(const std::string& reference, images::CommitOptions options,
                                             bool pause) {
    auto container = store_.find(reference);
    if (!container) return std::unexpected(container.error());
    options.container_config = container->config;
    bool paused_here = pause && container->state.status == "running" && this->pause(container->id, true).has_value();
    std::string layer = snapshotter_.changes(store_.directory(container->id));
    std::vector<std::string> left_out(std::begin(kMountedTrees), std::end(kMountedTrees));
    left_out.insert(left_out.end(), std::begin(kMountPointFiles), std::end(kMountPointFiles));
    auto id = images_.commit(container->image_id, [&](const std::function<bool(std::string_view)>& sink) -> Result<> {
        if (::access(layer.c_str(), F_OK) != 0 && errno == ENOENT) {
            // Never started: no layer yet, which is an empty tar (two zero blocks).
            if (!sink(std::string(1024, '\0'))) return fail(ErrorCategory::System, "writing the empty layer");
            return {};
        }
        if (!snapshotter_.copies_whole_tree()) return write_layer_diff(layer, left_out, sink);
        auto changes = writable_changes(*container);
        if (!changes) return std::unexpected(changes.error());
        return write_changes_layer(layer, *changes, sink);
    }, options);
    if (paused_here) {
        if (auto resumed = this->pause(container->id, false); !resumed)
            log::warn("unpausing {} after the commit: {}", container->id, resumed.error().message());
    }
    if (!id) return std::unexpected(id.error().wrap("committing {}", reference));
    emit("commit", *container, {{"comment", options.comment}, {"imageID", *id}});
    return id;
}

} // namespace berth::containers
