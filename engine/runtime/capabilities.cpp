#include "runtime/capabilities.h"

#include "base/files.h"

#include <algorithm>
#include <array>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

// Index = the kernel's capability number.
constexpr std::array<std::string_view, 41> kNames = {
    "CAP_CHOWN",           "CAP_DAC_OVERRIDE",   "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
    "CAP_FSETID",          "CAP_KILL",           "CAP_SETGID",          "CAP_SETUID",
    "CAP_SETPCAP",         "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",       "CAP_NET_RAW",        "CAP_IPC_LOCK",        "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",      "CAP_SYS_RAWIO",      "CAP_SYS_CHROOT",      "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",       "CAP_SYS_ADMIN",      "CAP_SYS_BOOT",        "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",    "CAP_SYS_TIME",       "CAP_SYS_TTY_CONFIG",  "CAP_MKNOD",
    "CAP_LEASE",           "CAP_AUDIT_WRITE",    "CAP_AUDIT_CONTROL",   "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",    "CAP_MAC_ADMIN",      "CAP_SYSLOG",          "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",   "CAP_AUDIT_READ",     "CAP_PERFMON",         "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

int last_kernel_capability() {
    auto text = read_file("/proc/sys/kernel/cap_last_cap").value_or("40");
    int last = std::atoi(text.c_str());
    return std::clamp(last, 0, static_cast<int>(kNames.size()) - 1);
}

int number_of(std::string_view name) {
    auto it = std::ranges::find(kNames, name);
    return it == kNames.end() ? -1 : static_cast<int>(it - kNames.begin());
}

Result<std::vector<std::string>> normalize_all(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& name : names) {
        auto normal = normalize_capability(name);
        if (!normal) return std::unexpected(normal.error());
        out.push_back(*normal);
    }
    return out;
}

} // namespace

const CapabilitySet& default_capabilities() {
    static const CapabilitySet defaults = {
        "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FSETID",  "CAP_FOWNER",           "CAP_MKNOD",
        "CAP_NET_RAW", "CAP_SETGID",      "CAP_SETUID",  "CAP_SETFCAP",          "CAP_SETPCAP",
        "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"};
    return defaults;
}

CapabilitySet available_capabilities() {
    CapabilitySet set;
    int last = last_kernel_capability();
    for (int cap = 0; cap <= last; ++cap)
        if (::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1) set.emplace(kNames[static_cast<size_t>(cap)]);
    return set;
}

Result<std::string> normalize_capability(std::string_view name) {
    std::string upper(name);
    std::ranges::transform(upper, upper.begin(), [](unsigned char c) { return std::toupper(c); });
    if (upper == "ALL") return upper;
    if (!upper.starts_with("CAP_")) upper = "CAP_" + upper;
    if (number_of(upper) < 0) return fail(ErrorCategory::Invalid, "unknown capability: \"{}\"", upper);
    return upper;
}

Result<CapabilitySet> tweak_capabilities(const CapabilitySet& basics, const std::vector<std::string>& adds,
                                         const std::vector<std::string>& drops, bool privileged,
                                         const CapabilitySet& available) {
    if (privileged) return available;
    auto add = normalize_all(adds);
    if (!add) return std::unexpected(add.error());
    auto drop = normalize_all(drops);
    if (!drop) return std::unexpected(drop.error());
    auto has = [](const std::vector<std::string>& list, std::string_view name) {
        return std::ranges::find(list, name) != list.end();
    };
    CapabilitySet caps;
    if (has(*add, "ALL")) {
        for (const auto& cap : available)
            if (!has(*drop, cap)) caps.insert(cap);
    } else if (has(*drop, "ALL")) {
        caps.insert(add->begin(), add->end());
    } else {
        for (const auto& cap : basics)
            if (!has(*drop, cap)) caps.insert(cap);
        caps.insert(add->begin(), add->end());
    }
    return caps;
}

uint64_t capability_mask(const CapabilitySet& set) {
    uint64_t mask = 0;
    for (const auto& name : set)
        if (int cap = number_of(name); cap >= 0) mask |= uint64_t{1} << cap;
    return mask;
}

Result<> apply_capabilities(const CapabilitySet& set) {
    uint64_t mask = capability_mask(set);
    int last = last_kernel_capability();
    for (int cap = 0; cap <= last; ++cap) {
        if (mask & (uint64_t{1} << cap)) continue;
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
            return fail_errno("dropping {} from the bounding set", kNames[static_cast<size_t>(cap)]);
    }
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    for (int i = 0; i < 2; ++i) {
        auto half = static_cast<uint32_t>(mask >> (32 * i));
        data[i].effective = data[i].permitted = data[i].inheritable = half;
    }
    if (::syscall(SYS_capset, &header, data) != 0) return fail_errno("setting capabilities");
    return {};
}

} // namespace berth::runtime
