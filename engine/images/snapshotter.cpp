#include "images/snapshotter.h"

#include "base/unique_fd.h"

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

bool is_mount_point(const std::string& path, const std::string& parent) {
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

class OverlaySnapshotter : public Snapshotter {
public:
    std::string name() const override { return "overlay2"; } // as dockerd names its overlay driver

    Result<std::string> mount(const std::string& dir, const std::vector<std::string>& lowers) override {
        if (lowers.empty()) return fail(ErrorCategory::Invalid, "an image without layers has nothing to mount");
        std::string upper = dir + "/rw/upper", work = dir + "/rw/work", target = dir + "/rootfs";
        std::error_code ec;
        for (const auto& path : {upper, work, target}) {
            fs::create_directories(path, ec);
            if (ec) return fail(ErrorCategory::System, "creating {}: {}", path, ec.message());
        }
        if (is_mount_point(target, dir)) return target; // already mounted (a restart after berthd's)
        auto mounted = mount_layer_by_layer(lowers, upper, work, target);
        if (!mounted && mounted.error().category() == ErrorCategory::NotImplemented)
            mounted = mount_in_one_string(lowers, upper, work, target);
        if (!mounted) return std::unexpected(mounted.error());
        return target;
    }

    Result<> unmount(const std::string& dir) override {
        std::string target = dir + "/rootfs";
        if (::umount2(target.c_str(), MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
            return fail_errno("unmounting {}", target);
        return {};
    }

    std::string changes(const std::string& dir) const override { return dir + "/rw/upper"; }

    Result<> remove(const std::string& dir) override {
        if (auto unmounted = unmount(dir); !unmounted) return unmounted;
        std::error_code ec;
        fs::remove_all(dir + "/rw", ec);
        if (ec) return fail(ErrorCategory::System, "removing {}/rw: {}", dir, ec.message());
        fs::remove(dir + "/rootfs", ec);
        return {};
    }
};

} // namespace

std::unique_ptr<Snapshotter> make_overlay_snapshotter() { return std::make_unique<OverlaySnapshotter>(); }

} // namespace berth::images
