#pragma once
// A real dockerd (Debian's docker.io) for tests that check Berth's client side
// against Docker itself: its own socket, data root, exec root, managed containerd
// and cgroup parent, so it runs beside berthd and other tests. It touches nothing
// of the host's networking: no iptables, no docker0, no IP forwarding (its
// containers run with --network none). Stopped and cleaned up when destroyed.

#include "support/temp_dir.h"

#include <optional>
#include <string>
#include <sys/types.h>

namespace berth::testing {

class DockerdProcess {
public:
    DockerdProcess();
    ~DockerdProcess();
    DockerdProcess(const DockerdProcess&) = delete;
    DockerdProcess& operator=(const DockerdProcess&) = delete;

    // Where Debian installs dockerd, when it is installed.
    static std::optional<std::string> binary();

    // Starts dockerd and waits until it answers /_ping (its containerd starts
    // first: up to 30 s on a loaded machine); false on failure (see log()).
    bool start();
    // Removes every container it runs, then SIGTERM and wait (SIGKILL after 20 s).
    void stop();

    std::string host() const { return "unix://" + dir_ + "/docker.sock"; }
    std::string log() const;

private:
    TempDir temp_;
    std::string dir_;
    std::string cgroup_parent_;
    pid_t pid_ = -1;
};

} // namespace berth::testing
