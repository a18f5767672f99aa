#pragma once
// A container's processes: its init (create, then start) and the processes of
// `docker exec` (spawn_exec).
//
// create() forks a helper that enters the joined namespaces and clones the
// init with CLONE_PARENT into the new ones, so the init is the caller's own
// child (waitpid works) and pid 1 of a new pid namespace. The helper exits at
// once. The init then waits for the caller's hook (put it in its cgroup), only
// then unshares its cgroup namespace (so the namespace's root is the container's
// cgroup), sets up the rootfs and everything else up to execve, and waits again.
// start() lets it exec. The init's failures come back over a socket as Errors
// with its message and errno (see executable.h for exec failures).
//
// Terminal: with spec.process.terminal the init opens a pty from the
// container's own devpts and sends the master back (terminal.h explains why);
// the Stdio fds are then ignored and take_terminal() gives the master.
//
// The caller's SIGCHLD handling must not reap the helper (a short-lived child
// reaped inside create/spawn_exec) nor the init while a call here is running.

#include "base/error.h"
#include "base/unique_fd.h"
#include "runtime/init_channel.h"
#include "runtime/spec.h"

#include <functional>
#include <sys/types.h>

namespace berth::runtime {

// The process's stdin, stdout, stderr, as fds of the caller (pipe ends, a
// socket, a file); -1 is /dev/null. They are duplicated, not taken: the caller
// closes its own copies after create/spawn_exec.
struct Stdio {
    int in = -1;
    int out = -1;
    int err = -1;
};

// Runs in the caller with the new process's pid, before the process does
// anything visible in the container (ContainerMonitor: add it to the cgroup).
using ParentHook = std::function<Result<>(pid_t)>;

class ContainerProcess {
public:
    // Makes the container's init, set up and waiting for start().
    static Result<ContainerProcess> create(const RuntimeSpec& spec, Stdio stdio, const ParentHook& hook);

    ContainerProcess(ContainerProcess&& other) noexcept;
    ContainerProcess& operator=(ContainerProcess&& other) noexcept;
    ContainerProcess(const ContainerProcess&) = delete;
    ContainerProcess& operator=(const ContainerProcess&) = delete;
    // Kills (SIGKILL) and reaps the process unless it was waited for or released.
    ~ContainerProcess();

    // In the caller's pid namespace.
    pid_t pid() const { return pid_; }

    // The pty master when the process has a terminal; invalid otherwise or once taken.
    UniqueFd take_terminal() { return std::move(terminal_); }

    // Lets the init exec. On failure (execve refused, see executable.h) the
    // init has exited with 127 and is reaped by wait() or the destructor.
    // A no-op for spawn_exec's processes, which run already.
    Result<> start();

    // Waits for the process to end: its exit code, or 128 + the signal that
    // killed it (as a shell reports it).
    Result<int> wait();

    // The caller takes the pid over (waits for it itself); the destructor leaves it.
    pid_t release();

private:
    ContainerProcess(pid_t pid, InitChannel channel) : pid_(pid), channel_(std::move(channel)) {}
    friend Result<ContainerProcess> spawn_exec(pid_t, const ProcessSpec&, const std::vector<NamespaceKind>&, Stdio,
                                               const ParentHook&);

    pid_t pid_ = -1;
    InitChannel channel_;
    UniqueFd terminal_;
    bool started_ = false;
    bool spawned_ = false;
};

// `docker exec`: a process in the namespaces `join` of the running container
// whose init is `container_init` (pid, mnt, uts, ipc, net, cgroup as the
// container has them), with `process`'s cwd, user, capabilities, seccomp and
// rlimits. The hook runs before it execs; the result has already exec'd (or
// failed with the init's errors) and owns the pid as create's does.
Result<ContainerProcess> spawn_exec(pid_t container_init, const ProcessSpec& process,
                                    const std::vector<NamespaceKind>& join, Stdio stdio, const ParentHook& hook);

} // namespace berth::runtime
