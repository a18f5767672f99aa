#pragma once
// The socket between the daemon's side of process creation and the container's
// init while it sets itself up: the init's pid, go-aheads, errors (message,
// errno, category: a failed mount or exec reads like any other Error), and the
// pty master passed with SCM_RIGHTS. SOCK_SEQPACKET keeps message boundaries;
// both ends are close-on-exec, so a successful execve shows as end of file.

#include "base/error.h"
#include "base/unique_fd.h"

#include <cstdint>
#include <string>
#include <utility>

namespace berth::runtime {

enum class InitMessage : int32_t {
    Pid,      // child -> parent: `value` is the init's pid (in the parent's pid namespace)
    Proceed,  // parent -> child: the hook ran (the init is in its cgroup)
    Terminal, // child -> parent: the pty master is attached
    Ready,    // child -> parent: set up, waiting for Start
    Start,    // parent -> child: exec
    Failed,   // child -> parent: an Error
    Closed,   // end of file: the other side exec'd or died
};

struct InitPacket {
    InitMessage type = InitMessage::Closed;
    int32_t value = 0;
    Error error{ErrorCategory::System, ""};
    UniqueFd fd;
};

class InitChannel {
public:
    // A connected pair: {parent's end, child's end}.
    static Result<std::pair<InitChannel, InitChannel>> pair();

    InitChannel() = default;
    explicit InitChannel(UniqueFd fd) : fd_(std::move(fd)) {}

    Result<> send(InitMessage type, int32_t value = 0, int fd_to_pass = -1) const;
    Result<> send_error(const Error& error) const;
    Result<InitPacket> receive() const;
    // Waits for `expected`; a Failed packet becomes its error, anything else an error too.
    Result<InitPacket> expect(InitMessage expected) const;

    int fd() const { return fd_.get(); }
    void close() { fd_.reset(); }

private:
    UniqueFd fd_;
};

} // namespace berth::runtime
