#pragma once
// berthd as a whole: claims its roots, listens on its sockets, serves the API on a
// small thread pool, reloads on SIGHUP and shuts down gracefully on SIGTERM/SIGINT.

#include "daemon/config.h"

namespace berth::daemon {

// Blocks until a shutdown signal; an error when the daemon could not start.
Result<> run_daemon(const CommandLine& command_line);

// Resolves the socket group: a name or a number. A missing default group is not
// fatal (the socket is then root-only, as dockerd does with a missing "docker").
Result<gid_t> resolve_socket_group(const DaemonConfig& config);

} // namespace berth::daemon
