#include "api/server/peer_access.h"

#include <algorithm>
#include <sys/socket.h>

namespace berth::api {

Result<PeerCredentials> read_peer_credentials(int socket_fd) {
    ucred cred{};
    socklen_t length = sizeof cred;
    if (::getsockopt(socket_fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0)
        return fail_errno("reading SO_PEERCRED");
    PeerCredentials peer{cred.pid, cred.uid, cred.gid, {}};
    // SO_PEERGROUPS: the peer's supplementary groups at connect time.
    std::vector<gid_t> groups(64);
    for (;;) {
        socklen_t bytes = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
        if (::getsockopt(socket_fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &bytes) == 0) {
            groups.resize(bytes / sizeof(gid_t));
            break;
        }
        if (errno != ERANGE) return fail_errno("reading SO_PEERGROUPS");
        groups.resize(bytes / sizeof(gid_t) + 1);
    }
    peer.groups = std::move(groups);
    return peer;
}

Result<> AccessPolicy::admit(const PeerCredentials& peer) const {
    if (peer.uid == 0 || peer.gid == socket_group_) return {};
    if (std::ranges::find(peer.groups, socket_group_) != peer.groups.end()) return {};
    return fail(ErrorCategory::Forbidden,
                "access denied: uid {} is neither root nor a member of the berthd socket group (gid {}); "
                "ask an administrator to add you to that group",
                peer.uid, socket_group_);
}

} // namespace berth::api
