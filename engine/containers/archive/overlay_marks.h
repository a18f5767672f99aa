#pragma once
// Internal to engine/containers/archive: how overlayfs marks deletions in an
// upper dir, read by `docker diff` (changes.cpp) and `docker commit`
// (tar_writer.cpp's layer diff).

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

namespace berth::containers::detail {

// A deleted file or directory: a 0/0 character device in its place.
inline bool is_overlay_whiteout(const struct stat& info) {
    return S_ISCHR(info.st_mode) && ::major(info.st_rdev) == 0 && ::minor(info.st_rdev) == 0;
}

// A directory that hides what the lower layers have under its name (deleted
// and made anew). trusted.* when berthd mounts as root; user.* for overlays
// mounted with userxattr.
inline bool is_overlay_opaque(int dir_fd) {
    for (const char* name : {"trusted.overlay.opaque", "user.overlay.opaque"}) {
        char value[2];
        ssize_t n = ::fgetxattr(dir_fd, name, value, sizeof value);
        if (n == 1 && value[0] == 'y') return true;
    }
    return false;
}

} // namespace berth::containers::detail
