#include "images/whiteouts.h"

#include "base/files.h"
#include "base/unique_fd.h"

#include <vector>

namespace berth::images {
namespace {

Result<> respell_dir(int dir_fd, const std::string& path) {
    for (const auto& name : directory_entries(dir_fd)) {
        std::string child = path + "/" + name;
        struct stat info{};
        if (::fstatat(dir_fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) return fail_errno("inspecting {}", child);
        if (name == kOciOpaqueMarker) {
            if (::fsetxattr(dir_fd, "trusted.overlay.opaque", "y", 1, 0) != 0) return fail_errno("marking {} opaque", path);
        } else if (auto target = oci_whiteout_target(name)) {
            struct stat existing{};
            if (::fstatat(dir_fd, target->c_str(), &existing, AT_SYMLINK_NOFOLLOW) != 0 &&
                ::mknodat(dir_fd, target->c_str(), S_IFCHR | 0, ::makedev(0, 0)) != 0)
                return fail_errno("making the whiteout {}/{}", path, *target);
        } else {
            if (S_ISDIR(info.st_mode)) {
                UniqueFd child_fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                if (!child_fd) return fail_errno("opening {}", child);
                if (auto respelled = respell_dir(child_fd.get(), child); !respelled) return respelled;
            }
            continue;
        }
        if (::unlinkat(dir_fd, name.c_str(), S_ISDIR(info.st_mode) ? AT_REMOVEDIR : 0) != 0)
            return fail_errno("removing {}", child);
    }
    return {};
}

} // namespace

Result<> respell_as_overlay(const std::string& root) {
    UniqueFd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir) return fail_errno("opening {}", root);
    return respell_dir(dir.get(), root);
}

} // namespace berth::images
