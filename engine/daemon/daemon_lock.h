#pragma once
// One daemon per data root, exec root and pid file. Each is claimed with an
// exclusive flock on a file holding the owner's pid: the kernel drops the lock when
// the process dies, even by kill -9, so a crash never leaves a stale claim.

#include "base/error.h"
#include "base/unique_fd.h"

#include <string>
#include <vector>

namespace berth::daemon {

class DaemonLock {
public:
    static Result<DaemonLock> acquire(const std::string& data_root, const std::string& exec_root,
                                      const std::string& pidfile);
    DaemonLock(DaemonLock&&) = default;
    DaemonLock& operator=(DaemonLock&&) = default;
    ~DaemonLock();

private:
    DaemonLock() = default;
    std::vector<UniqueFd> locks_;
    std::string pidfile_;
};

} // namespace berth::daemon
