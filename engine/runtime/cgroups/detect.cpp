#include "runtime/cgroups/detect.h"

#include "runtime/cgroups/cgroup_files.h"

#include <filesystem>
#include <linux/magic.h>
#include <set>
#include <sstream>
#include <sys/statfs.h>
#include <vector>

namespace berth::runtime {
namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
    return out;
}

} // namespace

bool is_cgroup2_mount(const std::string& path) {
    struct statfs info{};
    return ::statfs(path.c_str(), &info) == 0 && static_cast<unsigned long>(info.f_type) == CGROUP2_SUPER_MAGIC;
}

Result<std::string> choose_cgroup_version(const std::string& root, bool root_is_cgroup2) {
    if (root_is_cgroup2) {
        // Once the root is cgroup2 no v1 hierarchy can sit there: v2 or nothing.
        auto listed = read_control(root, "cgroup.controllers");
        if (!listed) return std::unexpected(std::move(listed.error()).wrap("reading the cgroup v2 controllers"));
        std::set<std::string> available;
        std::istringstream words(*listed);
        for (std::string word; words >> word;) available.insert(word);
        std::vector<std::string> missing;
        for (const char* controller : {"cpu", "memory", "pids"})
            if (!available.contains(controller)) missing.emplace_back(controller);
        if (!missing.empty())
            return fail(ErrorCategory::Unavailable,
                        "cgroup v2 at {} does not offer the {} controller(s) berthd needs (cgroup.controllers: \"{}\")",
                        root, joined(missing), *listed);
        return std::string("2");
    }
    // A mounted v1 hierarchy has cgroup.procs at its top; an empty directory or a
    // missing one does not.
    std::vector<std::string> missing;
    for (const char* controller : {"memory", "cpu", "cpuacct", "pids", "freezer"})
        if (!std::filesystem::exists(root + "/" + controller + "/cgroup.procs")) missing.emplace_back(controller);
    if (!missing.empty())
        return fail(ErrorCategory::Unavailable,
                    "no usable cgroup hierarchy at {}: it is not a cgroup2 mount, and the cgroup v1 {} "
                    "controller(s) are not mounted under it",
                    root, joined(missing));
    return std::string("1");
}

Result<std::unique_ptr<CgroupManager>> make_host_cgroup_manager(const std::string& root, std::string parent) {
    auto version = choose_cgroup_version(root, is_cgroup2_mount(root));
    if (!version) return std::unexpected(version.error());
    if (*version == "2") return make_cgroup_v2(root, std::move(parent));
    return make_cgroup_v1(root, std::move(parent));
}

} // namespace berth::runtime
