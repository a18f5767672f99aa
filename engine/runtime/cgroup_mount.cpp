#include "runtime/cgroup_mount.h"

#include "base/files.h"
#include "runtime/mounts.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <linux/magic.h>
#include <ranges>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

// Where the host's cgroups are: /sys/fs/cgroup, unless the spec's source names
// another place (tests run the v2 code against a hybrid host's cgroup2 mount).
std::string host_cgroup_root(const MountSpec& spec) {
    return spec.source.starts_with('/') ? spec.source : "/sys/fs/cgroup";
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    for (auto part : std::views::split(text, separator))
        parts.emplace_back(part.begin(), part.end());
    return parts;
}

// /proc/self/cgroup's v1 lines: the controllers ("cpu,cpuacct", "name=systemd") -> path.
std::vector<std::pair<std::vector<std::string>, std::string>> v1_memberships(std::string_view self_cgroup) {
    std::vector<std::pair<std::vector<std::string>, std::string>> found;
    for (const auto& line : split(self_cgroup, '\n')) {
        auto first = line.find(':');
        auto second = first == std::string::npos ? first : line.find(':', first + 1);
        if (second == std::string::npos || second == first + 1) continue; // "0::/x" is v2
        found.emplace_back(split(std::string_view(line).substr(first + 1, second - first - 1), ','),
                           line.substr(second + 1));
    }
    return found;
}

// Where the process is in the hierarchy mounted with `options` (its super
// options: "rw,cpu,cpuacct"), relative to the mount's `root`; "" if the
// hierarchy is not in /proc/self/cgroup or the process is outside the mount.
std::string own_path_in(const std::vector<std::string>& options, const std::string& root,
                        const std::vector<std::pair<std::vector<std::string>, std::string>>& memberships) {
    for (const auto& [controllers, path] : memberships) {
        bool all_there = std::ranges::all_of(
            controllers, [&](const std::string& c) { return std::ranges::contains(options, c); });
        if (!all_there) continue;
        if (root == "/") return path;
        if (path == root) return "/";
        if (path.starts_with(root + "/")) return path.substr(root.size());
        return {};
    }
    return {};
}

Result<> mount_fd(const char* source, int target_fd, const char* type, unsigned long flags,
                  const std::string& data, std::string_view destination) {
    std::string target = proc_fd_path(target_fd);
    if (::mount(source, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) != 0)
        return fail_errno("mounting {} ({}) on {}", source ? source : "", type ? type : "remount",
                          destination);
    return {};
}

// A bind of `source` at `path` below `base_fd` (resolved inside it), then
// remounted with `flags` (a first bind ignores them).
Result<> bind_with_flags(const std::string& source, int base_fd, std::string_view path, unsigned long flags,
                         std::string_view destination) {
    auto target = open_in_root(base_fd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (!target) return std::unexpected(target.error());
    if (auto bound = mount_fd(source.c_str(), target->get(), nullptr, MS_BIND | MS_REC, {}, destination);
        !bound)
        return bound;
    // The fd from before names the directory below the new mount: walk again.
    auto mounted = open_in_root(base_fd, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (!mounted) return std::unexpected(mounted.error());
    unsigned long kept = current_mount_flags(mounted->get());
    return mount_fd(nullptr, mounted->get(), nullptr, MS_REMOUNT | MS_BIND | kept | flags, {}, destination);
}

bool is_cgroup_v2(const std::string& host_root) {
    struct statfs host {};
    return ::statfs(host_root.c_str(), &host) == 0 && host.f_type == CGROUP2_SUPER_MAGIC;
}

Result<> mount_v2(int root_fd, int target_fd, const MountSpec& spec, unsigned long flags,
                  bool own_namespace) {
    if (own_namespace) return mount_fd("cgroup2", target_fd, "cgroup2", flags, {}, spec.destination);
    auto self = read_file("/proc/self/cgroup");
    if (!self) return std::unexpected(self.error().wrap("reading the init's cgroup"));
    std::string own = cgroup_v2_path(*self);
    if (own.empty()) return fail(ErrorCategory::System, "no cgroup v2 line in /proc/self/cgroup");
    return bind_with_flags(host_cgroup_root(spec) + (own == "/" ? "" : own), root_fd, spec.destination,
                           flags, spec.destination);
}

Result<> mount_v1_hierarchy(int dir_fd, const CgroupV1Hierarchy& hierarchy, const MountSpec& spec,
                            unsigned long flags, bool own_namespace) {
    std::string destination = spec.destination + "/" + hierarchy.name;
    if (::mkdirat(dir_fd, hierarchy.name.c_str(), 0755) != 0 && errno != EEXIST)
        return fail_errno("creating {}", destination);
    if (own_namespace) {
        UniqueFd target(
            ::openat(dir_fd, hierarchy.name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!target) return fail_errno("opening {}", destination);
        return mount_fd("cgroup", target.get(), "cgroup", flags, hierarchy.subsystems, destination);
    }
    std::string source = host_cgroup_root(spec) + "/" + hierarchy.name +
                         (hierarchy.own_path == "/" ? "" : hierarchy.own_path);
    return bind_with_flags(source, dir_fd, hierarchy.name, flags, destination);
}

Result<> mount_v1(int root_fd, int target_fd, const MountSpec& spec, unsigned long flags,
                  bool own_namespace) {
    if (auto mounted =
            mount_fd("tmpfs", target_fd, "tmpfs", flags & ~MS_RDONLY, "mode=755", spec.destination);
        !mounted)
        return mounted;
    auto dir = open_in_root(root_fd, spec.destination, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (!dir) return std::unexpected(dir.error());
    auto mountinfo = read_file("/proc/self/mountinfo");
    if (!mountinfo) return std::unexpected(mountinfo.error().wrap("reading the host's cgroup mounts"));
    auto self = read_file("/proc/self/cgroup");
    if (!self) return std::unexpected(self.error().wrap("reading the init's cgroup"));
    std::vector<std::string> names;
    for (const auto& hierarchy : cgroup_v1_hierarchies(*mountinfo, *self, host_cgroup_root(spec))) {
        if (!own_namespace && hierarchy.own_path.empty()) continue; // nothing of it is ours to show
        if (auto mounted = mount_v1_hierarchy(dir->get(), hierarchy, spec, flags, own_namespace); !mounted)
            return mounted;
        names.push_back(hierarchy.name);
    }
    for (const auto& [link, target] : comount_symlinks(names))
        if (::symlinkat(target.c_str(), dir->get(), link.c_str()) != 0 && errno != EEXIST)
            return fail_errno("linking {}/{} to {}", spec.destination, link, target);
    if (!(flags & MS_RDONLY)) return {};
    auto reopened = open_in_root(root_fd, spec.destination, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (!reopened) return std::unexpected(reopened.error());
    return mount_fd(nullptr, reopened->get(), nullptr, MS_REMOUNT | flags, {}, spec.destination);
}

} // namespace

std::vector<CgroupV1Hierarchy> cgroup_v1_hierarchies(std::string_view mountinfo, std::string_view self_cgroup,
                                                     std::string_view host_root) {
    auto memberships = v1_memberships(self_cgroup);
    std::vector<CgroupV1Hierarchy> found;
    for (const auto& line : split(mountinfo, '\n')) {
        std::istringstream fields(line);
        std::vector<std::string> words;
        for (std::string word; fields >> word;)
            words.push_back(word);
        auto dash = std::ranges::find(words, "-");
        if (words.size() < 5 || dash == words.end() || std::distance(dash, words.end()) < 4) continue;
        const std::string& mount_point = words[4];
        std::string prefix = std::string(host_root) + "/";
        if (*(dash + 1) != "cgroup" || !mount_point.starts_with(prefix)) continue;
        std::string name = mount_point.substr(prefix.size());
        if (name.empty() || name.find('/') != std::string::npos) continue;
        std::vector<std::string> options = split(*(dash + 3), ',');
        std::string subsystems;
        for (const auto& option : options)
            if (option != "rw" && option != "ro") subsystems += (subsystems.empty() ? "" : ",") + option;
        found.push_back(
            {std::move(name), std::move(subsystems), own_path_in(options, words[3], memberships)});
    }
    return found;
}

std::string cgroup_v2_path(std::string_view self_cgroup) {
    for (const auto& line : split(self_cgroup, '\n'))
        if (line.starts_with("0::")) return line.substr(3);
    return {};
}

std::vector<std::pair<std::string, std::string>>
comount_symlinks(const std::vector<std::string>& hierarchy_names) {
    std::vector<std::pair<std::string, std::string>> links;
    for (const auto& name : hierarchy_names) {
        if (name.find(',') == std::string::npos) continue;
        for (const auto& controller : split(name, ','))
            if (!std::ranges::contains(hierarchy_names, controller)) links.emplace_back(controller, name);
    }
    return links;
}

Result<> mount_cgroups(int root_fd, const MountSpec& spec, bool own_namespace) {
    auto target = make_path_in_root(root_fd, spec.destination, false);
    if (!target) return std::unexpected(target.error());
    unsigned long flags = parse_mount_options(spec.options).flags & ~(MS_BIND | MS_REC);
    if (is_cgroup_v2(host_cgroup_root(spec))) return mount_v2(root_fd, target->get(), spec, flags, own_namespace);
    return mount_v1(root_fd, target->get(), spec, flags, own_namespace);
}

} // namespace berth::runtime
