// berth-monitor <bundle>: the per-container monitor berthd starts (see
// engine/monitor/monitor.h). fd 3 is the startup pipe to berthd.
#include "base/log.h"
#include "monitor/monitor.h"

#include <fcntl.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        berth::log::error("usage: berth-monitor <bundle directory>");
        return 2;
    }
    int startup_fd = ::fcntl(3, F_GETFD) >= 0 ? 3 : -1;
    if (startup_fd >= 0) ::fcntl(startup_fd, F_SETFD, FD_CLOEXEC);
    auto ran = berth::monitor::run_monitor(argv[1], startup_fd);
    if (!ran) {
        berth::log::error("monitor for {}: {}", argv[1], ran.error().message());
        return 1;
    }
    return 0;
}
