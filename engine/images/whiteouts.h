#pragma once
// How a layer snapshot marks what it deletes from the layers below it.
//
// Two spellings, one per storage driver (WhiteoutFormat):
// - overlayfs's, for the overlay2 driver, which mounts snapshots as they are: a
//   deleted entry is a 0/0 character device in its place; a directory that hides
//   what the lowers hold under its name (deleted and made anew) carries
//   trusted.overlay.opaque="y" (user.* on overlays mounted with userxattr). The
//   same marks are what an overlay upper dir holds (docker diff, docker commit).
// - the OCI image spec's, for the vfs driver, whose data root may itself be an
//   overlay (which would take a 0/0 device for its own whiteout and refuses
//   trusted.overlay.* xattrs): an empty file `.wh.<name>` beside the deleted
//   entry, and `.wh..wh..opq` in an opaque directory.
// Readers of snapshots (the vfs copy, docker diff under vfs) take both, so a
// data root's snapshots stay usable when its driver changes from overlay2 to vfs.

#include "base/error.h"

#include <fcntl.h>
#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace berth::images {

enum class WhiteoutFormat { Overlay, Oci };

inline constexpr std::string_view kOciWhiteoutPrefix = ".wh.";
inline constexpr std::string_view kOciOpaqueMarker = ".wh..wh..opq";

// A deleted file or directory, overlayfs's way: a 0/0 character device in its place.
inline bool is_overlay_whiteout(const struct stat& info) {
    return S_ISCHR(info.st_mode) && ::major(info.st_rdev) == 0 && ::minor(info.st_rdev) == 0;
}

// An opaque directory, overlayfs's way (trusted.* when berthd mounts as root).
inline bool is_overlay_opaque(int dir_fd) {
    for (const char* name : {"trusted.overlay.opaque", "user.overlay.opaque"}) {
        char value[2];
        ssize_t n = ::fgetxattr(dir_fd, name, value, sizeof value);
        if (n == 1 && value[0] == 'y') return true;
    }
    return false;
}

// Any OCI marker: `.wh.<name>` or `.wh..wh..opq`; never an entry of the tree itself.
inline bool is_oci_marker(std::string_view name) { return name.starts_with(kOciWhiteoutPrefix); }

// The name `.wh.<name>` deletes; nothing for the opaque marker and other names.
inline std::optional<std::string> oci_whiteout_target(std::string_view name) {
    if (!name.starts_with(kOciWhiteoutPrefix) || name == kOciOpaqueMarker) return std::nullopt;
    name.remove_prefix(kOciWhiteoutPrefix.size());
    if (name.empty() || name == "." || name == "..") return std::nullopt;
    return std::string(name);
}

// Whether the directory `dir_fd` hides what the lowers hold under its name, in either spelling.
inline bool is_opaque_dir(int dir_fd) {
    struct stat marker{};
    return is_overlay_opaque(dir_fd) ||
           ::fstatat(dir_fd, std::string(kOciOpaqueMarker).c_str(), &marker, AT_SYMLINK_NOFOLLOW) == 0;
}

// Whether the directory `dir_fd` deletes `name` (whose lstat is `info`, when it has an entry), in either spelling.
inline bool is_deleted(int dir_fd, const std::string& name, const struct stat* info) {
    if (info && is_overlay_whiteout(*info)) return true;
    struct stat marker{};
    return ::fstatat(dir_fd, (std::string(kOciWhiteoutPrefix) + name).c_str(), &marker, AT_SYMLINK_NOFOLLOW) == 0;
}

// Rewrites the OCI markers in the snapshot tree `root` the overlayfs way (for
// snapshots a vfs daemon made, when overlay2 takes over the data root). A
// marker beside the entry it names is only dropped: that entry already hides
// the lowers'. Safe to run again on a tree it left halfway.
Result<> respell_as_overlay(const std::string& root);

} // namespace berth::images
