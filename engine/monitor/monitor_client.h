#pragma once
// berthd's side of a monitor: start one detached for a bundle, follow its
// startup handshake, and open connections to its socket (attach, wait, resize).

#include "base/error.h"
#include "base/unique_fd.h"
#include "monitor/monitor_config.h"

#include <functional>
#include <string>
#include <sys/types.h>

namespace berth::monitor {

struct Started {
    pid_t pid = 0;             // the container's init (or the exec'd process), as seen from the host
    std::optional<ExitRecord> exec_failed; // the command could not be executed (127/126)
};

// Writes monitor.json into `bundle`, starts `monitor_binary` detached (its own
// session, reparented away from berthd) and follows the handshake. Between
// "created" and "started", `on_created(pid)` runs: the place to connect the
// pending attach clients.
Result<Started> start_monitor(const std::string& monitor_binary, const std::string& bundle,
                              const MonitorConfig& config, const std::function<void(pid_t)>& on_created);

// A unix socket address for `path`. Paths longer than sun_path (deep exec
// roots) go through /proc/self/fd/<dir>/<name>, with the directory held open
// in `directory` while the address is used.
Result<std::string> socket_address_path(const std::string& path, UniqueFd& directory);

// A connection to the monitor of `bundle` that has sent `command` (see monitor.h).
Result<UniqueFd> connect_monitor(const std::string& bundle, const std::string& command);

// The exit record a finished monitor left, if any.
std::optional<ExitRecord> read_exit_record(const std::string& bundle);

// Whether the monitor of `bundle` is still there (its pid file names a live berth-monitor).
bool monitor_alive(const std::string& bundle);

} // namespace berth::monitor
