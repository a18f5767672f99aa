#pragma once
// Who a container process runs as: uid, gid, supplementary groups and its
// capability sets, switched in the order runc uses so capabilities survive the
// uid change: bounding set first (needs CAP_SETPCAP, still held), then
// PR_SET_KEEPCAPS, setgroups/setgid/setuid, then capset. A non-root user ends
// with an empty effective set (Docker: capabilities of a non-root user only
// come back through file capabilities or setuid binaries, within the bounding
// set); the inheritable set is always empty (Docker since CVE-2022-24769).

#include "base/error.h"
#include "runtime/capabilities.h"

#include <sys/types.h>
#include <vector>

namespace berth::runtime {

struct Credentials {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> additional_gids;
    CapabilitySet capabilities;
};

// Switches the calling process (a container's init or exec, before execve).
Result<> switch_credentials(const Credentials& credentials);

} // namespace berth::runtime
