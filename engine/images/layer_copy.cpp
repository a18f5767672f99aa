#include "images/layer_copy.h"

#include "base/files.h"
#include "base/unique_fd.h"
#include "images/whiteouts.h"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

namespace berth::images {
namespace {

UniqueFd open_dir_at(int dir_fd, const std::string& name) {
    return UniqueFd(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

Result<> remove_at(int dir_fd, const std::string& name, const std::string& path);

Result<> empty_dir(int dir_fd, const std::string& path) {
    for (const auto& name : directory_entries(dir_fd))
        if (auto removed = remove_at(dir_fd, name, path + "/" + name); !removed) return removed;
    return {};
}

// Removes `name` from `dir_fd`, a directory with all it holds.
Result<> remove_at(int dir_fd, const std::string& name, const std::string& path) {
    struct stat info{};
    if (::fstatat(dir_fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? Result<>{} : fail_errno("inspecting {}", path);
    if (S_ISDIR(info.st_mode)) {
        UniqueFd dir = open_dir_at(dir_fd, name);
        if (!dir) return fail_errno("opening {}", path);
        if (auto emptied = empty_dir(dir.get(), path); !emptied) return emptied;
    }
    if (::unlinkat(dir_fd, name.c_str(), S_ISDIR(info.st_mode) ? AT_REMOVEDIR : 0) != 0)
        return fail_errno("removing {}", path);
    return {};
}

// The entry `name` of `dir_fd` by a path that does not follow its last element,
// for the l*xattr calls (O_PATH fds take no xattr calls on every kernel).
std::string proc_path(int dir_fd, const std::string& name) {
    return std::format("/proc/self/fd/{}/{}", dir_fd, name);
}

// Every xattr the layer's tar gave its files (file capabilities, user.*), but
// overlayfs's own marks (the whiteout spelling is this copy's business) and
// the host's security labels (SELinux relabels a container's files itself).
// An xattr this filesystem or this kind of file cannot hold is left out.
Result<> copy_xattrs(const std::string& from, const std::string& to, const std::string& path) {
    std::string names(4096, '\0');
    ssize_t length = ::llistxattr(from.c_str(), names.data(), names.size());
    if (length < 0) return errno == ENOTSUP ? Result<>{} : fail_errno("listing the xattrs of {}", path);
    names.resize(static_cast<size_t>(length));
    for (size_t start = 0; start < names.size();) {
        std::string name = names.c_str() + start;
        start += name.size() + 1;
        if (name.starts_with("trusted.overlay.") || name.starts_with("user.overlay.") || name == "security.selinux")
            continue;
        std::string value(65536, '\0');
        ssize_t size = ::lgetxattr(from.c_str(), name.c_str(), value.data(), value.size());
        if (size < 0) return fail_errno("reading xattr {} of {}", name, path);
        // EPERM: user.* on a symlink or a device, which the kernel refuses.
        if (::lsetxattr(to.c_str(), name.c_str(), value.data(), static_cast<size_t>(size), 0) != 0 && errno != ENOTSUP &&
            errno != EPERM)
            return fail_errno("setting xattr {} on {}", name, path);
    }
    return {};
}

// Owner, then mode (chown clears the set-id bits), xattrs and times of `name`.
Result<> copy_metadata(int from_dir, int to_dir, const std::string& name, const struct stat& info,
                       const std::string& path) {
    if (::fchownat(to_dir, name.c_str(), info.st_uid, info.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
        return fail_errno("setting the owner of {}", path);
    if (!S_ISLNK(info.st_mode) && ::fchmodat(to_dir, name.c_str(), info.st_mode & 07777, 0) != 0)
        return fail_errno("setting the mode of {}", path);
    if (auto copied = copy_xattrs(proc_path(from_dir, name), proc_path(to_dir, name), path); !copied) return copied;
    const struct timespec times[2] = {info.st_atim, info.st_mtim};
    if (::utimensat(to_dir, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
        return fail_errno("setting the times of {}", path);
    return {};
}

Result<> copy_data(int from, int to, const std::string& path) {
    for (;;) {
        ssize_t n = ::copy_file_range(from, nullptr, to, nullptr, 1 << 30, 0);
        if (n == 0) return {};
        if (n > 0) continue;
        if (errno == EINTR) continue;
        if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
            return fail_errno("copying {}", path);
        break; // no copy_file_range between these two: plain reads and writes
    }
    char buffer[64 * 1024];
    for (;;) {
        ssize_t n = ::read(from, buffer, sizeof buffer);
        if (n == 0) return {};
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail_errno("reading {}", path);
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t written = ::write(to, buffer + done, static_cast<size_t>(n - done));
            if (written < 0 && errno == EINTR) continue;
            if (written < 0) return fail_errno("writing {}", path);
            done += written;
        }
    }
}

// Applies one layer. `links` maps an inode of this layer seen with several
// names to the first one copied, relative to `target_`.
class LayerApplier {
public:
    explicit LayerApplier(int target) : target_(target) {}

    Result<> apply_dir(int from, int to, const std::string& path) {
        auto names = directory_entries(from);
        // Deletions first: they are about the layers below, never this one's entries.
        if (is_opaque_dir(from))
            if (auto emptied = empty_dir(to, path); !emptied) return emptied;
        for (const auto& name : names) {
            struct stat info{};
            if (::fstatat(from, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) return fail_errno("inspecting {}/{}", path, name);
            auto deleted = oci_whiteout_target(name);
            if (!deleted && is_overlay_whiteout(info)) deleted = name;
            if (deleted)
                if (auto removed = remove_at(to, *deleted, path + "/" + *deleted); !removed) return removed;
        }
        for (const auto& name : names) {
            if (is_oci_marker(name)) continue;
            struct stat info{};
            if (::fstatat(from, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) return fail_errno("inspecting {}/{}", path, name);
            if (is_overlay_whiteout(info)) continue;
            std::string child = path + "/" + name;
            auto copied = S_ISDIR(info.st_mode) ? copy_dir(from, to, name, info, child)
                                                : copy_non_dir(from, to, name, info, child);
            if (!copied) return copied;
        }
        return {};
    }

private:
    Result<> copy_dir(int from, int to, const std::string& name, const struct stat& info, const std::string& path) {
        struct stat existing{};
        bool exists = ::fstatat(to, name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0;
        if (exists && !S_ISDIR(existing.st_mode)) {
            if (auto removed = remove_at(to, name, path); !removed) return removed;
            exists = false;
        }
        if (!exists && ::mkdirat(to, name.c_str(), 0700) != 0) return fail_errno("making {}", path);
        UniqueFd source = open_dir_at(from, name), copy = open_dir_at(to, name);
        if (!source || !copy) return fail_errno("opening {}", path);
        if (auto applied = apply_dir(source.get(), copy.get(), path); !applied) return applied;
        return copy_metadata(from, to, name, info, path); // last: the children changed its mtime
    }

    Result<> copy_non_dir(int from, int to, const std::string& name, const struct stat& info, const std::string& path) {
        if (auto removed = remove_at(to, name, path); !removed) return removed;
        if (S_ISREG(info.st_mode) && info.st_nlink > 1) {
            auto key = std::pair(info.st_dev, info.st_ino);
            if (auto first = links_.find(key); first != links_.end()) {
                // The first name's directories are this layer's and real: nothing to follow.
                if (::linkat(target_, first->second.c_str(), to, name.c_str(), 0) != 0)
                    return fail_errno("linking {} to {}", path, first->second);
                return {};
            }
            links_.emplace(key, path.substr(1));
        }
        if (S_ISREG(info.st_mode)) {
            UniqueFd source(::openat(from, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
            if (!source) return fail_errno("opening {}", path);
            UniqueFd copy(::openat(to, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
            if (!copy) return fail_errno("creating {}", path);
            if (auto copied = copy_data(source.get(), copy.get(), path); !copied) return copied;
        } else if (S_ISLNK(info.st_mode)) {
            std::string link(static_cast<size_t>(info.st_size) + 1, '\0');
            ssize_t n = ::readlinkat(from, name.c_str(), link.data(), link.size());
            if (n < 0) return fail_errno("reading the link {}", path);
            link.resize(static_cast<size_t>(n));
            if (::symlinkat(link.c_str(), to, name.c_str()) != 0) return fail_errno("making the link {}", path);
        } else if (::mknodat(to, name.c_str(), (info.st_mode & S_IFMT) | 0600, info.st_rdev) != 0) {
            return fail_errno("making {}", path);
        }
        return copy_metadata(from, to, name, info, path);
    }

    int target_;
    std::map<std::pair<dev_t, ino_t>, std::string> links_;
};

} // namespace

Result<> copy_layers(const std::vector<std::string>& layers, const std::string& target) {
    UniqueFd to(::open(target.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!to) return fail_errno("opening {}", target);
    for (auto layer = layers.rbegin(); layer != layers.rend(); ++layer) {
        UniqueFd from(::open(layer->c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!from) return fail_errno("opening the layer {}", *layer);
        LayerApplier applier(to.get());
        if (auto applied = applier.apply_dir(from.get(), to.get(), ""); !applied)
            return std::unexpected(applied.error().wrap("copying the layer {}", *layer));
        struct stat root{};
        if (::fstat(from.get(), &root) != 0) return fail_errno("inspecting {}", *layer);
        if (::fchown(to.get(), root.st_uid, root.st_gid) != 0 || ::fchmod(to.get(), root.st_mode & 07777) != 0)
            return fail_errno("setting the owner and mode of {}", target);
        const struct timespec times[2] = {root.st_atim, root.st_mtim};
        if (::futimens(to.get(), times) != 0) return fail_errno("setting the times of {}", target);
    }
    return {};
}

} // namespace berth::images
