#pragma once
// Who may use the socket: root and members of the socket group, decided from the
// kernel's word about the peer (SO_PEERCRED, SO_PEERGROUPS), not from file modes
// alone: a process that can open the socket file is still refused unless it is one
// of those.

#include "base/error.h"

#include <sys/types.h>
#include <vector>

namespace berth::api {

struct PeerCredentials {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups; // supplementary groups
};

Result<PeerCredentials> read_peer_credentials(int socket_fd);

class AccessPolicy {
public:
    explicit AccessPolicy(gid_t socket_group) : socket_group_(socket_group) {}

    // Success, or a Forbidden error that says who was refused and why.
    Result<> admit(const PeerCredentials& peer) const;
    gid_t socket_group() const { return socket_group_; }

private:
    gid_t socket_group_;
};

} // namespace berth::api
