#include "runtime/devices.h"

#include "runtime/mounts.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

std::pair<std::string, std::string> split_parent(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return {"/", path};
    return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

Result<> bind_host_device(int root_fd, const DeviceSpec& device, const std::string& host_path) {
    auto target = make_path_in_root(root_fd, device.path, true);
    if (!target) return std::unexpected(target.error());
    std::string target_path = proc_fd_path(target->get());
    if (::mount(host_path.c_str(), target_path.c_str(), nullptr, MS_BIND, nullptr) != 0)
        return fail_errno("bind-mounting device {} on {}", host_path, device.path);
    return {};
}

} // namespace

std::vector<DeviceSpec> default_devices() {
    auto device = [](std::string path, uint32_t major, uint32_t minor) {
        DeviceSpec spec;
        spec.path = std::move(path);
        spec.major = major;
        spec.minor = minor;
        return spec;
    };
    return {device("/dev/null", 1, 3),    device("/dev/zero", 1, 5), device("/dev/full", 1, 7),
            device("/dev/random", 1, 8),  device("/dev/urandom", 1, 9), device("/dev/tty", 5, 0)};
}

Result<> create_devices(int root_fd, const std::vector<DeviceSpec>& devices) {
    for (const auto& device : devices) {
        auto [parent_path, name] = split_parent(device.path);
        if (name.empty() || name == "." || name == "..") return fail(ErrorCategory::Invalid, "device path {}", device.path);
        auto parent = make_path_in_root(root_fd, parent_path, false);
        if (!parent) return std::unexpected(parent.error().wrap("device {}", device.path));
        UniqueFd dir(::openat(parent->get(), ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC));
        if (!dir) return fail_errno("opening the directory of {}", device.path);
        mode_t type = device.type == 'b' ? S_IFBLK : S_IFCHR;
        if (::unlinkat(dir.get(), name.c_str(), 0) != 0 && errno != ENOENT)
            return fail_errno("replacing {}", device.path);
        if (::mknodat(dir.get(), name.c_str(), type | (device.file_mode & 07777), makedev(device.major, device.minor)) !=
            0) {
            if (errno != EPERM) return fail_errno("creating device {}", device.path);
            std::string host_path = device.host_path.empty() ? device.path : device.host_path;
            if (auto bound = bind_host_device(root_fd, device, host_path); !bound) return bound;
            continue;
        }
        // mknod obeys the umask; the mode must be exactly the spec's.
        if (::fchmodat(dir.get(), name.c_str(), device.file_mode & 07777, 0) != 0)
            return fail_errno("chmod of {}", device.path);
        if (::fchownat(dir.get(), name.c_str(), device.uid, device.gid, AT_SYMLINK_NOFOLLOW) != 0)
            return fail_errno("chown of {}", device.path);
    }
    return {};
}

Result<> create_dev_symlinks(int root_fd) {
    auto dev = make_path_in_root(root_fd, "/dev", false);
    if (!dev) return std::unexpected(dev.error());
    UniqueFd dir(::openat(dev->get(), ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC));
    if (!dir) return fail_errno("opening /dev in the rootfs");
    const std::pair<const char*, const char*> links[] = {
        {"/proc/self/fd", "fd"},         {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
        {"/proc/self/fd/2", "stderr"},   {"/proc/kcore", "core"},      {"pts/ptmx", "ptmx"},
    };
    // /dev/ptmx must lead to the container's devpts instance, whatever the image had.
    if (::unlinkat(dir.get(), "ptmx", 0) != 0 && errno != ENOENT) return fail_errno("replacing /dev/ptmx");
    for (auto [target, name] : links) {
        if (::symlinkat(target, dir.get(), name) != 0 && errno != EEXIST)
            return fail_errno("creating /dev/{}", name);
    }
    return {};
}

} // namespace berth::runtime
