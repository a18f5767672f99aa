#include "images/snapshotter.h"

#include <cerrno>
#include <filesystem>
#include <sys/mount.h>

namespace berth::images {
namespace {

namespace fs = std::filesystem;

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
        std::string lower_list;
        for (const auto& lower : lowers) lower_list += (lower_list.empty() ? "" : ":") + lower;
        // index=off: the lower snapshots are shared and must not be tied to one upper dir.
        // redirect_dir and metacopy off: the upper dir must hold whole files and
        // renamed directories whole, as docker diff and docker commit read it.
        std::string options = std::format("lowerdir={},upperdir={},workdir={},index=off,redirect_dir=off,metacopy=off",
                                          lower_list, upper, work);
        if (::mount("overlay", target.c_str(), "overlay", 0, options.c_str()) < 0) {
            if (errno == EBUSY) return target; // already mounted (a restart after berthd's)
            return fail_errno("mounting overlay on {}", target);
        }
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
