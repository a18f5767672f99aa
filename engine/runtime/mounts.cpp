#include "runtime/mounts.h"

#include "base/files.h"
#include "runtime/cgroup_mount.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <unordered_map>

namespace berth::runtime {
namespace {

struct FlagOption {
    bool clear; // "rw", "suid", ...: clears the flag
    unsigned long flag;
};

const std::unordered_map<std::string_view, FlagOption>& flag_options() {
    static const std::unordered_map<std::string_view, FlagOption> options = {
        {"defaults", {false, 0}},
        {"ro", {false, MS_RDONLY}},
        {"rw", {true, MS_RDONLY}},
        {"nosuid", {false, MS_NOSUID}},
        {"suid", {true, MS_NOSUID}},
        {"nodev", {false, MS_NODEV}},
        {"dev", {true, MS_NODEV}},
        {"noexec", {false, MS_NOEXEC}},
        {"exec", {true, MS_NOEXEC}},
        {"sync", {false, MS_SYNCHRONOUS}},
        {"async", {true, MS_SYNCHRONOUS}},
        {"dirsync", {false, MS_DIRSYNC}},
        {"remount", {false, MS_REMOUNT}},
        {"mand", {false, MS_MANDLOCK}},
        {"nomand", {true, MS_MANDLOCK}},
        {"noatime", {false, MS_NOATIME}},
        {"atime", {true, MS_NOATIME}},
        {"nodiratime", {false, MS_NODIRATIME}},
        {"diratime", {true, MS_NODIRATIME}},
        {"relatime", {false, MS_RELATIME}},
        {"norelatime", {true, MS_RELATIME}},
        {"strictatime", {false, MS_STRICTATIME}},
        {"nostrictatime", {true, MS_STRICTATIME}},
        {"bind", {false, MS_BIND}},
        {"rbind", {false, MS_BIND | MS_REC}},
    };
    return options;
}

const std::unordered_map<std::string_view, unsigned long>& propagation_options() {
    static const std::unordered_map<std::string_view, unsigned long> options = {
        {"private", MS_PRIVATE},         {"rprivate", MS_PRIVATE | MS_REC},
        {"slave", MS_SLAVE},             {"rslave", MS_SLAVE | MS_REC},
        {"shared", MS_SHARED},           {"rshared", MS_SHARED | MS_REC},
        {"unbindable", MS_UNBINDABLE},   {"runbindable", MS_UNBINDABLE | MS_REC},
    };
    return options;
}

// The flags a bind remount may change; the rest of a bind's flags come from its source.
constexpr unsigned long kRemountable =
    MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME;

Result<> mount_at(const char* source, int target_fd, const char* type, unsigned long flags, const std::string& data,
                  std::string_view destination) {
    std::string target = proc_fd_path(target_fd);
    if (::mount(source, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) != 0)
        return fail_errno("mounting {} ({}) on {}", source ? source : "", type ? type : "remount", destination);
    return {};
}

} // namespace

MountOptions parse_mount_options(const std::vector<std::string>& options) {
    MountOptions parsed;
    for (const auto& option : options) {
        if (auto flag = flag_options().find(option); flag != flag_options().end()) {
            if (flag->second.clear) parsed.flags &= ~flag->second.flag;
            else parsed.flags |= flag->second.flag;
        } else if (auto propagation = propagation_options().find(option); propagation != propagation_options().end()) {
            parsed.propagation = propagation->second;
        } else if (option == "tmpcopyup") {
            continue;
        } else {
            parsed.data += (parsed.data.empty() ? "" : ",") + option;
        }
    }
    return parsed;
}

unsigned long current_mount_flags(int fd) {
    struct statvfs info{};
    if (::fstatvfs(fd, &info) != 0) return 0;
    unsigned long flags = 0;
    const std::pair<unsigned long, unsigned long> known[] = {
        {ST_RDONLY, MS_RDONLY},         {ST_NOSUID, MS_NOSUID},   {ST_NODEV, MS_NODEV},
        {ST_NOEXEC, MS_NOEXEC},         {ST_NOATIME, MS_NOATIME}, {ST_NODIRATIME, MS_NODIRATIME},
        {ST_RELATIME, MS_RELATIME},
    };
    for (auto [st, ms] : known)
        if (info.f_flag & st) flags |= ms;
    return flags;
}

std::string proc_fd_path(int fd) { return std::format("/proc/self/fd/{}", fd); }

Result<UniqueFd> open_in_root(int root_fd, std::string_view path, int flags) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    std::string relative(path);
    if (relative.empty()) relative = ".";
    long fd = ::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
    if (fd < 0) return fail_errno("opening {} in the rootfs", path);
    return UniqueFd(static_cast<int>(fd));
}

namespace {

std::vector<std::string> path_components(std::string_view path) {
    std::vector<std::string> components;
    std::istringstream split{std::string(path)};
    for (std::string component; std::getline(split, component, '/');)
        if (!component.empty() && component != ".") components.push_back(component);
    return components;
}

} // namespace

Result<UniqueFd> make_path_in_root(int root_fd, std::string_view path, bool file, mode_t mode) {
    std::vector<std::string> pending = path_components(path);
    UniqueFd current(::fcntl(root_fd, F_DUPFD_CLOEXEC, 3));
    if (!current) return fail_errno("duplicating the rootfs fd");
    std::string prefix; // what `current` was opened as, inside the root
    int symlinks_followed = 0;
    size_t i = 0;
    while (i < pending.size()) {
        std::string candidate = prefix + "/" + pending[i];
        auto next = open_in_root(root_fd, candidate, O_PATH);
        if (!next && next.error().errnum() == ENOENT) {
            // A dangling symlink (an image's /etc/foo -> /host/path): followed by
            // hand, its target read as inside the root, as runc's SecureJoin does.
            char target[4096];
            ssize_t length = ::readlinkat(current.get(), pending[i].c_str(), target, sizeof target);
            if (length > 0) {
                if (++symlinks_followed > 40) return fail(ErrorCategory::Invalid, "too many symlinks in {}", path);
                std::string_view link(target, static_cast<size_t>(length));
                if (link.starts_with('/')) {
                    current.reset(::fcntl(root_fd, F_DUPFD_CLOEXEC, 3));
                    if (!current) return fail_errno("duplicating the rootfs fd");
                    prefix.clear();
                }
                auto spliced = path_components(link);
                pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
                pending.insert(pending.begin() + static_cast<std::ptrdiff_t>(i), spliced.begin(), spliced.end());
                continue;
            }
            // `current` was resolved inside the root and pending[i] has no '/':
            // making it there cannot leave the root.
            bool last = i + 1 == pending.size();
            if (last && file) {
                UniqueFd made(::openat(current.get(), pending[i].c_str(),
                                       O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644));
                if (!made && errno != EEXIST) return fail_errno("creating {} in the rootfs", candidate);
            } else if (::mkdirat(current.get(), pending[i].c_str(), mode) != 0 && errno != EEXIST) {
                return fail_errno("creating directory {} in the rootfs", candidate);
            }
            next = open_in_root(root_fd, candidate, O_PATH);
        }
        if (!next) return std::unexpected(next.error());
        current = std::move(*next);
        prefix = std::move(candidate);
        ++i;
    }
    return current;
}

Result<> mount_in_root(int root_fd, const MountSpec& spec, bool own_cgroup_namespace) {
    MountOptions options = parse_mount_options(spec.options);
    if (spec.type == "bind") options.flags |= MS_BIND;
    if (spec.type == "cgroup") {
        if (auto mounted = mount_cgroups(root_fd, spec, own_cgroup_namespace); !mounted)
            return std::unexpected(mounted.error());
    } else if (options.flags & MS_BIND) {
        struct stat source{};
        if (::stat(spec.source.c_str(), &source) != 0) return fail_errno("bind source {}", spec.source);
        auto target = make_path_in_root(root_fd, spec.destination, !S_ISDIR(source.st_mode));
        if (!target) return std::unexpected(target.error());
        if (auto bound = mount_at(spec.source.c_str(), target->get(), nullptr, options.flags & (MS_BIND | MS_REC), {},
                                  spec.destination);
            !bound)
            return bound;
        if (options.flags & kRemountable) {
            // The fd from before still names the mount point below the new mount.
            auto mounted = open_in_root(root_fd, spec.destination, O_PATH);
            if (!mounted) return std::unexpected(mounted.error());
            unsigned long flags = current_mount_flags(mounted->get()) | (options.flags & kRemountable);
            if (auto remounted = mount_at(nullptr, mounted->get(), nullptr, MS_REMOUNT | MS_BIND | flags, {},
                                          spec.destination);
                !remounted)
                return remounted;
        }
    } else {
        auto target = make_path_in_root(root_fd, spec.destination, false);
        if (!target) return std::unexpected(target.error());
        std::string source = spec.source.empty() ? spec.type : spec.source;
        if (auto mounted = mount_at(source.c_str(), target->get(), spec.type.c_str(), options.flags, options.data,
                                    spec.destination);
            !mounted)
            return mounted;
    }
    if (options.propagation) {
        auto mounted = open_in_root(root_fd, spec.destination, O_PATH);
        if (!mounted) return std::unexpected(mounted.error());
        if (auto changed = mount_at(nullptr, mounted->get(), nullptr, options.propagation, {}, spec.destination);
            !changed)
            return changed;
    }
    return {};
}

} // namespace berth::runtime
