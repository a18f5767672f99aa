#include "runtime/credentials.h"

#include "base/files.h"

#include <cerrno>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

int last_capability() {
    auto text = read_file("/proc/sys/kernel/cap_last_cap");
    if (!text) return 40;
    try {
        return std::stoi(*text);
    } catch (...) {
        return 40;
    }
}

Result<> drop_bounding_set(uint64_t keep) {
    int last = last_capability();
    for (int cap = 0; cap <= last && cap < 64; ++cap) {
        if (keep & (uint64_t{1} << cap)) continue;
        if (::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 1) continue;
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
            return fail_errno("dropping capability {} from the bounding set", cap);
    }
    return {};
}

Result<> set_capabilities(uint64_t effective, uint64_t permitted) {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    for (int i = 0; i < 2; ++i) {
        data[i].effective = static_cast<uint32_t>(effective >> (32 * i));
        data[i].permitted = static_cast<uint32_t>(permitted >> (32 * i));
    }
    if (::syscall(SYS_capset, &header, data) != 0) return fail_errno("setting capabilities");
    return {};
}

} // namespace

Result<> switch_credentials(const Credentials& credentials) {
    uint64_t mask = capability_mask(credentials.capabilities);
    if (auto dropped = drop_bounding_set(mask); !dropped) return dropped;
    if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) return fail_errno("PR_SET_KEEPCAPS");
    if (::setgroups(credentials.additional_gids.size(), credentials.additional_gids.data()) != 0)
        return fail_errno("setting supplementary groups");
    if (::setgid(credentials.gid) != 0) return fail_errno("setgid {}", credentials.gid);
    if (::setuid(credentials.uid) != 0) return fail_errno("setuid {}", credentials.uid);
    if (::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) return fail_errno("clearing PR_SET_KEEPCAPS");
    return set_capabilities(credentials.uid == 0 ? mask : 0, mask);
}

} // namespace berth::runtime
