#include "runtime/rootfs.h"

#include "runtime/devices.h"
#include "runtime/mounts.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

Result<> remount_readonly(const std::string& path) {
    UniqueFd mounted(::open(path.c_str(), O_PATH | O_CLOEXEC));
    if (!mounted) return fail_errno("opening {}", path);
    unsigned long kept = current_mount_flags(mounted.get()) & ~MS_RDONLY;
    if (::mount(nullptr, path.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | kept, nullptr) != 0)
        return fail_errno("remounting {} read-only", path);
    return {};
}

} // namespace

Result<> prepare_rootfs(const RuntimeSpec& spec) {
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return fail_errno("making the mount namespace private");
    if (::mount(spec.rootfs.c_str(), spec.rootfs.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
        return fail_errno("binding the rootfs {} onto itself", spec.rootfs);
    UniqueFd root(::open(spec.rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) return fail_errno("opening the rootfs {}", spec.rootfs);
    bool own_cgroup_namespace = std::ranges::any_of(
        spec.namespaces, [](const NamespaceSpec& ns) { return ns.kind == NamespaceKind::Cgroup; });
    for (const auto& mount : spec.mounts)
        if (auto mounted = mount_in_root(root.get(), mount, own_cgroup_namespace); !mounted) return mounted;
    if (auto made = create_devices(root.get(), spec.devices); !made) return made;
    if (auto linked = create_dev_symlinks(root.get()); !linked) return linked;
    if (auto cwd = make_path_in_root(root.get(), spec.process.cwd, false); !cwd)
        return std::unexpected(cwd.error().wrap("creating the working directory {}", spec.process.cwd));
    return {};
}

Result<> pivot_into(const std::string& rootfs) {
    UniqueFd old_root(::open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC));
    if (!old_root) return fail_errno("opening the old root");
    UniqueFd new_root(::open(rootfs.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC));
    if (!new_root) return fail_errno("opening the rootfs {}", rootfs);
    if (::fchdir(new_root.get()) != 0) return fail_errno("entering the rootfs");
    // The old root ends up stacked under the new one at "/"; no put_old directory
    // is needed, and none is left behind in the image.
    if (::syscall(SYS_pivot_root, ".", ".") != 0) return fail_errno("pivot_root into {}", rootfs);
    if (::fchdir(old_root.get()) != 0) return fail_errno("entering the old root");
    // Keep the unmount below from propagating anywhere.
    if (::mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr) != 0)
        return fail_errno("making the old root a slave");
    if (::umount2(".", MNT_DETACH) != 0) return fail_errno("unmounting the old root");
    if (::chdir("/") != 0) return fail_errno("entering the new root");
    return {};
}

Result<> mask_paths(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        struct stat info{};
        if (::stat(path.c_str(), &info) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) continue;
            return fail_errno("masking {}", path);
        }
        if (S_ISDIR(info.st_mode)) {
            if (::mount("tmpfs", path.c_str(), "tmpfs", MS_RDONLY, nullptr) != 0)
                return fail_errno("masking {} with an empty tmpfs", path);
        } else if (::mount("/dev/null", path.c_str(), nullptr, MS_BIND, nullptr) != 0) {
            return fail_errno("masking {} with /dev/null", path);
        }
    }
    return {};
}

Result<> make_paths_readonly(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
        if (::mount(path.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) continue;
            return fail_errno("binding {} onto itself", path);
        }
        if (auto remounted = remount_readonly(path); !remounted) return remounted;
    }
    return {};
}

Result<> make_root_readonly() { return remount_readonly("/"); }

} // namespace berth::runtime
