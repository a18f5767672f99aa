#include "daemon/daemon_lock.h"

#include "base/files.h"
#include "base/go_errno.h"

#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>

namespace berth::daemon {
namespace {

Result<UniqueFd> claim(const std::string& path, const std::string& what) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd) return fail_errno("opening {}", path);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK) return fail_errno("locking {}", path);
        std::string owner = read_file(path).value_or("");
        while (!owner.empty() && (owner.back() == '\n' || owner.back() == ' ')) owner.pop_back();
        return fail(ErrorCategory::Conflict, "another berthd{} is already running with {} (locked: {})",
                    owner.empty() ? "" : " (pid " + owner + ")", what, path);
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd.get(), 0) != 0 || ::pwrite(fd.get(), pid.data(), pid.size(), 0) < 0)
        return fail_errno("writing the pid to {}", path);
    return fd;
}

} // namespace

Result<DaemonLock> DaemonLock::acquire(const std::string& data_root, const std::string& exec_root,
                                       const std::string& pidfile) {
    DaemonLock lock;
    // dockerd makes the pid file's directory when it is missing; so do we.
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(pidfile).parent_path(), ec);
    if (ec) return fail(ErrorCategory::System, "creating the directory of {}: {}", pidfile, go_error_text(ec));
    for (auto [path, what] : {std::pair{data_root + "/berthd.lock", "data root " + data_root},
                              std::pair{exec_root + "/berthd.lock", "exec root " + exec_root},
                              std::pair{pidfile, "pid file " + pidfile}}) {
        auto fd = claim(path, what);
        if (!fd) return std::unexpected(fd.error());
        lock.locks_.push_back(std::move(*fd));
    }
    lock.pidfile_ = pidfile;
    return lock;
}

DaemonLock::~DaemonLock() {
    // The pid file goes with us; the lock files stay (unlinking them would race
    // with a daemon starting right now).
    if (!pidfile_.empty() && !locks_.empty()) ::unlink(pidfile_.c_str());
}

} // namespace berth::daemon
