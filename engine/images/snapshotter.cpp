#include "images/snapshotter.h"

#include "base/go_errno.h"
#include "base/ids.h"
#include "base/unique_fd.h"
#include "images/layer_copy.h"

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <sys/mount.h>
#include <sys/stat.h>

namespace berth::images {
namespace {

namespace fs = std::filesystem;

// index=off: the lower snapshots are shared and must not be tied to one upper dir.
// redirect_dir and metacopy off: the upper dir must hold whole files and renamed
// directories whole, as docker diff and docker commit read it.
constexpr std::pair<const char*, const char*> kOverlayOptions[] = {
    {"index", "off"}, {"redirect_dir", "off"}, {"metacopy", "off"}};

// The root of a mount, by the kernel's word (statx, Linux 5.8): a bind mount
// of a directory of the same filesystem (vfs's) has its parent's device.
bool is_mount_point(const std::string& path, const std::string& parent) {
    struct statx info{};
    if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &info) == 0 &&
        (info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
        return (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
    struct stat inner{}, outer{};
    return ::stat(path.c_str(), &inner) == 0 && ::stat(parent.c_str(), &outer) == 0 && inner.st_dev != outer.st_dev;
}

// The new mount API, one "lowerdir+" per layer (Linux 6.8): no limit on how many
// layers an image stacks. NotImplemented where the kernel lacks it.
Result<> mount_layer_by_layer(const std::vector<std::string>& lowers, const std::string& upper,
                              const std::string& work, const std::string& target) {
    UniqueFd context(::fsopen("overlay", FSOPEN_CLOEXEC));
    if (!context) {
        if (errno == ENOSYS || errno == ENODEV) return fail(ErrorCategory::NotImplemented, "no fsopen for overlay");
        return fail_errno("opening an overlay filesystem context");
    }
    auto set = [&](const char* key, const std::string& value) {
        return ::fsconfig(context.get(), FSCONFIG_SET_STRING, key, value.c_str(), 0) == 0;
    };
    for (const auto& lower : lowers) {
        if (set("lowerdir+", lower)) continue;
        if (errno == EINVAL && &lower == &lowers.front())
            return fail(ErrorCategory::NotImplemented, "this kernel's overlayfs has no lowerdir+");
        return fail_errno("overlay layer {}", lower);
    }
    if (!set("upperdir", upper) || !set("workdir", work)) return fail_errno("overlay upper dir {}", upper);
    for (const auto& [key, value] : kOverlayOptions)
        if (!set(key, value)) return fail_errno("overlay option {}={}", key, value);
    if (::fsconfig(context.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
        return fail_errno("creating the overlay for {}", target);
    UniqueFd mount(::fsmount(context.get(), FSMOUNT_CLOEXEC, 0));
    if (!mount) return fail_errno("mounting the overlay for {}", target);
    if (::move_mount(mount.get(), "", AT_FDCWD, target.c_str(), MOVE_MOUNT_F_EMPTY_PATH) != 0)
        return fail_errno("mounting overlay on {}", target);
    return {};
}

// mount(2) with every layer in one option string: it must fit a page, which
// with today's snapshot paths is about 40 layers.
Result<> mount_in_one_string(const std::vector<std::string>& lowers, const std::string& upper,
                             const std::string& work, const std::string& target) {
    std::string lower_list;
    for (const auto& lower : lowers) lower_list += (lower_list.empty() ? "" : ":") + lower;
    std::string options = std::format("lowerdir={},upperdir={},workdir={}", lower_list, upper, work);
    for (const auto& [key, value] : kOverlayOptions) options += std::format(",{}={}", key, value);
    if (::mount("overlay", target.c_str(), "overlay", 0, options.c_str()) < 0)
        return fail_errno("mounting overlay on {}", target);
    return {};
}

Result<> make_dirs(std::initializer_list<std::string> paths) {
    std::error_code ec;
    for (const auto& path : paths) {
        fs::create_directories(path, ec);
        if (ec) return fail(ErrorCategory::System, "creating {}: {}", path, go_error_text(ec));
    }
    return {};
}

Result<> unmount_rootfs(const std::string& dir) {
    std::string target = dir + "/rootfs";
    if (::umount2(target.c_str(), MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
        return fail_errno("unmounting {}", target);
    return {};
}

Result<> remove_writable_layer(const std::string& dir) {
    if (auto unmounted = unmount_rootfs(dir); !unmounted) return unmounted;
    std::error_code ec;
    fs::remove_all(dir + "/rw", ec);
    if (ec) return fail(ErrorCategory::System, "removing {}/rw: {}", dir, go_error_text(ec));
    fs::remove(dir + "/rootfs", ec);
    return {};
}

// A writable layer the other driver made is not this one's to read.
Result<> refuse_other_drivers_layer(const std::string& dir, const std::string& other_layer,
                                    std::string_view other_driver) {
    std::error_code ec;
    if (!fs::exists(dir + "/rw/" + other_layer, ec)) return {};
    return fail(ErrorCategory::Conflict,
                "the container's files were made by the {} storage driver; start berthd with --storage-driver {} "
                "to use it",
                other_driver, other_driver);
}

class OverlaySnapshotter : public Snapshotter {
public:
    std::string name() const override { return "overlay2"; } // as dockerd names its overlay driver
    bool copies_whole_tree() const override { return false; }
    WhiteoutFormat whiteouts() const override { return WhiteoutFormat::Overlay; }

    Result<std::string> mount(const std::string& dir, const std::vector<std::string>& lowers) override {
        if (lowers.empty()) return fail(ErrorCategory::Invalid, "an image without layers has nothing to mount");
        std::string upper = dir + "/rw/upper", work = dir + "/rw/work", target = dir + "/rootfs";
        if (auto refused = refuse_other_drivers_layer(dir, "root", "vfs"); !refused) return std::unexpected(refused.error());
        if (auto made = make_dirs({upper, work, target}); !made) return std::unexpected(made.error());
        if (is_mount_point(target, dir)) return target; // already mounted (a restart after berthd's)
        auto mounted = mount_layer_by_layer(lowers, upper, work, target);
        if (!mounted && mounted.error().category() == ErrorCategory::NotImplemented)
            mounted = mount_in_one_string(lowers, upper, work, target);
        if (!mounted) return std::unexpected(mounted.error());
        return target;
    }

    Result<> unmount(const std::string& dir) override { return unmount_rootfs(dir); }
    std::string changes(const std::string& dir) const override { return dir + "/rw/upper"; }
    Result<> remove(const std::string& dir) override { return remove_writable_layer(dir); }
};

class VfsSnapshotter : public Snapshotter {
public:
    std::string name() const override { return "vfs"; }
    bool copies_whole_tree() const override { return true; }
    WhiteoutFormat whiteouts() const override { return WhiteoutFormat::Oci; }

    Result<std::string> mount(const std::string& dir, const std::vector<std::string>& lowers) override {
        std::string tree = changes(dir), target = dir + "/rootfs";
        if (auto refused = refuse_other_drivers_layer(dir, "upper", "overlay2"); !refused)
            return std::unexpected(refused.error());
        if (auto made = make_dirs({dir + "/rw", target}); !made) return std::unexpected(made.error());
        std::error_code ec;
        if (!fs::is_directory(tree, ec)) {
            // Copied aside and renamed: a copy cut short by a crash is never taken for the tree.
            std::string partial = tree + ".partial";
            fs::remove_all(partial, ec);
            if (auto made = make_dirs({partial}); !made) return std::unexpected(made.error());
            if (auto copied = copy_layers(lowers, partial); !copied) {
                fs::remove_all(partial, ec);
                return std::unexpected(copied.error());
            }
            if (::rename(partial.c_str(), tree.c_str()) != 0) return fail_errno("publishing {}", tree);
        }
        if (is_mount_point(target, dir)) return target;
        // A mount point, as the runtime's pivot_root and a restart after berthd's expect.
        if (::mount(tree.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0)
            return fail_errno("binding {} on {}", tree, target);
        return target;
    }

    Result<> unmount(const std::string& dir) override { return unmount_rootfs(dir); }
    std::string changes(const std::string& dir) const override { return dir + "/rw/root"; }
    Result<> remove(const std::string& dir) override { return remove_writable_layer(dir); }
};

} // namespace

std::unique_ptr<Snapshotter> make_overlay_snapshotter() { return std::make_unique<OverlaySnapshotter>(); }
std::unique_ptr<Snapshotter> make_vfs_snapshotter() { return std::make_unique<VfsSnapshotter>(); }

Result<> probe_overlay(const std::string& scratch_dir) {
    std::string dir = scratch_dir + "/overlay-probe-" + random_hex(8);
    std::string lower = dir + "/lower", upper = dir + "/upper", work = dir + "/work", merged = dir + "/merged";
    auto tried = [&]() -> Result<> {
        if (auto made = make_dirs({lower, upper, work, merged}); !made) return made;
        auto mounted = mount_layer_by_layer({lower}, upper, work, merged);
        if (!mounted && mounted.error().category() == ErrorCategory::NotImplemented)
            mounted = mount_in_one_string({lower}, upper, work, merged);
        if (mounted) ::umount2(merged.c_str(), MNT_DETACH);
        return mounted;
    }();
    std::error_code ec;
    fs::remove_all(dir, ec);
    return tried;
}

Result<std::unique_ptr<Snapshotter>> make_snapshotter(const std::string& name, const std::string& scratch_dir,
                                                      std::string& why) {
    if (name == "vfs") {
        why = "chosen with --storage-driver";
        return make_vfs_snapshotter();
    }
    if (!name.empty() && name != "overlay2")
        return fail(ErrorCategory::Invalid, "error initializing graphdriver: driver not supported: {}", name);
    auto probed = probe_overlay(scratch_dir);
    if (probed) {
        why = name.empty() ? "overlay mounts work here" : "chosen with --storage-driver";
        return make_overlay_snapshotter();
    }
    if (!name.empty())
        return fail(ErrorCategory::Invalid, "error initializing graphdriver: driver not supported: overlay2 ({})",
                    probed.error().message());
    why = "overlay2 cannot be used here (" + probed.error().message() + ")";
    return make_vfs_snapshotter();
}

} // namespace berth::images
