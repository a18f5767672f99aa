#include "volumes/local_options.h"

#include <array>
#include <sys/mount.h>

namespace berth::volumes {
namespace {

struct FlagName {
    std::string_view name;
    unsigned long set;
    unsigned long clear;
};

// The mount(8) words that are flags rather than filesystem data, as Docker's
// mount.ParseOptions sorts them.
constexpr std::array<FlagName, 16> kFlags{{
    {"ro", MS_RDONLY, 0},      {"rw", 0, MS_RDONLY},       {"bind", MS_BIND, 0},
    {"rbind", MS_BIND | MS_REC, 0}, {"nosuid", MS_NOSUID, 0}, {"suid", 0, MS_NOSUID},
    {"nodev", MS_NODEV, 0},    {"dev", 0, MS_NODEV},       {"noexec", MS_NOEXEC, 0},
    {"exec", 0, MS_NOEXEC},    {"sync", MS_SYNCHRONOUS, 0}, {"async", 0, MS_SYNCHRONOUS},
    {"noatime", MS_NOATIME, 0}, {"atime", 0, MS_NOATIME},  {"relatime", MS_RELATIME, 0},
    {"defaults", 0, 0},
}};

} // namespace

Result<std::optional<LocalMountPlan>> plan_local_mount(const std::map<std::string, std::string>& options) {
    for (const auto& [key, value] : options)
        if (key != "type" && key != "device" && key != "o" && key != "size")
            return fail(ErrorCategory::Invalid, "invalid option: \"{}\"", key);
    if (options.contains("size"))
        return fail(ErrorCategory::Invalid, "quota size requested but no quota support");
    if (options.empty()) return std::nullopt;
    auto get = [&](const char* key) {
        auto found = options.find(key);
        return found == options.end() ? std::string() : found->second;
    };
    LocalMountPlan plan{.type = get("type"), .device = get("device"), .flags = 0, .data = {}};
    if (plan.type.empty()) return fail(ErrorCategory::Invalid, "missing required option: \"type\"");
    if (plan.device.empty()) return fail(ErrorCategory::Invalid, "missing required option: \"device\"");
    std::string o = get("o");
    size_t start = 0;
    while (start <= o.size() && !o.empty()) {
        size_t comma = o.find(',', start);
        std::string word = o.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        bool flag = false;
        for (const auto& known : kFlags)
            if (known.name == word) {
                plan.flags = (plan.flags | known.set) & ~known.clear;
                flag = true;
            }
        if (!flag && !word.empty()) plan.data += (plan.data.empty() ? "" : ",") + word;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if ((plan.flags & MS_BIND) && !plan.device.starts_with('/'))
        return fail(ErrorCategory::Invalid, "invalid volume device: a bind needs an absolute host path, not {}",
                    plan.device);
    return plan;
}

Result<> mount_local(const LocalMountPlan& plan, const std::string& target) {
    const char* data = plan.data.empty() ? nullptr : plan.data.c_str();
    unsigned long flags = plan.flags;
    // A read-only bind takes a second call: MS_RDONLY is ignored on the first.
    if (::mount(plan.device.c_str(), target.c_str(), plan.type.c_str(), flags & ~MS_RDONLY, data) != 0)
        return fail_errno("mounting {} ({}) on {}", plan.device, plan.type, target);
    if ((flags & MS_BIND) && (flags & MS_RDONLY) &&
        ::mount(nullptr, target.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
        auto error = fail_errno("making {} read-only", target);
        ::umount2(target.c_str(), MNT_DETACH);
        return error;
    }
    if (!(flags & MS_BIND) && (flags & MS_RDONLY) &&
        ::mount(nullptr, target.c_str(), nullptr, MS_REMOUNT | flags, data) != 0) {
        auto error = fail_errno("making {} read-only", target);
        ::umount2(target.c_str(), MNT_DETACH);
        return error;
    }
    return {};
}

Result<> unmount_local(const std::string& target) {
    if (::umount2(target.c_str(), MNT_DETACH) != 0) return fail_errno("unmounting {}", target);
    return {};
}

} // namespace berth::volumes
