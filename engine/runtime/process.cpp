#include "runtime/process.h"

#include "base/files.h"
#include "runtime/credentials.h"
#include "runtime/executable.h"
#include "runtime/namespaces.h"
#include "runtime/rootfs.h"
#include "runtime/seccomp.h"
#include "runtime/terminal.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/mount.h>
#include <linux/close_range.h>
#include <sched.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::runtime {
namespace {

// What execve gets once everything else is done.
struct PreparedExec {
    std::string path;
    std::vector<std::string> env;
};

[[noreturn]] void child_fail(const InitChannel& channel, const Error& error) {
    (void)channel.send_error(error);
    ::_exit(1);
}

// clone(2) as fork, with CLONE_PARENT: the new process is a child of our
// parent (the caller of create/spawn_exec), and namespace flags apply to it.
// Only ever called in a single-threaded helper forked by glibc, so no lock of
// another thread can be held in the copy.
pid_t clone_sibling(int flags) {
    return static_cast<pid_t>(::syscall(SYS_clone, static_cast<unsigned long>(CLONE_PARENT | flags | SIGCHLD),
                                        nullptr, nullptr, nullptr, 0));
}

pid_t fork_helper() { return ::fork(); }

Result<> install_stdio(const Stdio& stdio) {
    // Moved above 2 first: one of them may already sit on 0, 1 or 2.
    int wanted[3] = {stdio.in, stdio.out, stdio.err};
    UniqueFd moved[3];
    for (int i = 0; i < 3; ++i) {
        moved[i].reset(::fcntl(wanted[i], F_DUPFD_CLOEXEC, 3));
        if (!moved[i]) return fail_errno("duplicating stdio fd {}", wanted[i]);
    }
    for (int i = 0; i < 3; ++i)
        if (::dup2(moved[i].get(), i) < 0) return fail_errno("installing stdio fd {}", i);
    return {};
}

Result<> write_proc(const std::string& path, const std::string& value) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) return fail_errno("opening {}", path);
    if (::write(fd.get(), value.data(), value.size()) != static_cast<ssize_t>(value.size()))
        return fail_errno("writing {} to {}", value, path);
    return {};
}

Result<> apply_sysctls(const std::map<std::string, std::string>& sysctls) {
    for (const auto& [key, value] : sysctls) {
        std::string path = "/proc/sys/" + key;
        std::replace(path.begin() + 10, path.end(), '.', '/');
        if (auto written = write_proc(path, value); !written)
            return std::unexpected(written.error().wrap("sysctl {}", key));
    }
    return {};
}

Result<> apply_rlimits(const std::vector<RlimitSpec>& rlimits) {
    for (const auto& limit : rlimits) {
        rlimit value{static_cast<rlim_t>(limit.soft), static_cast<rlim_t>(limit.hard)};
        if (::setrlimit(limit.resource, &value) != 0)
            return fail_errno("setting rlimit {} to {}:{}", limit.resource, limit.soft, limit.hard);
    }
    return {};
}

// runc: HOME from the user's /etc/passwd entry when the environment has none, else "/".
std::string home_of(uid_t uid) {
    auto passwd = read_file("/etc/passwd");
    if (passwd) {
        std::istringstream lines(*passwd);
        for (std::string line; std::getline(lines, line);) {
            std::vector<std::string> fields;
            std::istringstream split(line);
            for (std::string field; std::getline(split, field, ':');) fields.push_back(field);
            if (fields.size() >= 6 && fields[2] == std::to_string(uid) && !fields[5].empty()) return fields[5];
        }
    }
    return "/";
}

// Everything a process needs after it is in the container's mount namespace,
// up to just before execve: terminal, stdio, session, rlimits, OOM score, cwd,
// user and capabilities, no_new_privs, the program's path. Seccomp comes here
// only without no_new_privs (loading a filter then needs CAP_SYS_ADMIN, still
// held); otherwise at the very end, in exec_process.
// The container's terminal is its /dev/console too (the init's, as runc does):
// an empty file bound over by the pty's slave.
Result<> bind_console(const std::string& slave_path) {
    int made = ::open("/dev/console", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (made < 0 && errno != EEXIST) return fail_errno("creating /dev/console");
    if (made >= 0) ::close(made);
    if (::mount(slave_path.c_str(), "/dev/console", nullptr, MS_BIND, nullptr) != 0)
        return fail_errno("bind-mounting {} on /dev/console", slave_path);
    return {};
}

Result<PreparedExec> prepare_process(const ProcessSpec& process, Stdio stdio, const InitChannel& channel,
                                     bool console = false) {
    if (process.args.empty()) return fail(ErrorCategory::Invalid, "no command to run");
    PtyPair pty;
    if (process.terminal) {
        auto opened = open_pty("/dev/ptmx");
        if (!opened) return std::unexpected(opened.error().wrap("opening the container's terminal"));
        pty = std::move(*opened);
        if (console)
            if (auto bound = bind_console(pty.slave_path); !bound) return std::unexpected(bound.error());
        if (auto sent = channel.send(InitMessage::Terminal, 0, pty.master.get()); !sent) return std::unexpected(sent.error());
        pty.master.reset();
        stdio = {pty.slave.get(), pty.slave.get(), pty.slave.get()};
    }
    if (auto installed = install_stdio(stdio); !installed) return std::unexpected(installed.error());
    pty.slave.reset();
    if (::setsid() < 0) return fail_errno("setsid");
    if (process.terminal)
        if (auto made = make_controlling_terminal(0); !made) return std::unexpected(made.error());
    if (auto limited = apply_rlimits(process.rlimits); !limited) return std::unexpected(limited.error());
    if (process.oom_score_adj)
        if (auto written = write_proc("/proc/self/oom_score_adj", std::to_string(*process.oom_score_adj)); !written)
            return std::unexpected(written.error());

    // As root first: the container user may not be able to reach the directory
    // through its parents; when root is refused (root_squash), try again as the user.
    bool cwd_done = ::chdir(process.cwd.c_str()) == 0;
    if (!cwd_done && errno != EACCES && errno != EPERM) return fail_errno("chdir to the working directory {}", process.cwd);

    if (process.seccomp && !process.no_new_privileges)
        if (auto loaded = load_seccomp(*process.seccomp); !loaded) return std::unexpected(loaded.error());

    Credentials credentials;
    credentials.uid = process.uid;
    credentials.gid = process.gid;
    credentials.additional_gids = process.additional_gids;
    credentials.capabilities = process.capabilities;
    if (auto switched = switch_credentials(credentials); !switched) return std::unexpected(switched.error());

    if (!cwd_done && ::chdir(process.cwd.c_str()) != 0) return fail_errno("chdir to the working directory {}", process.cwd);
    if (process.no_new_privileges && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return fail_errno("PR_SET_NO_NEW_PRIVS");

    PreparedExec prepared;
    prepared.env = process.env;
    if (!env_value(prepared.env, "HOME")) prepared.env.push_back("HOME=" + home_of(process.uid));
    auto path = look_path(process.args[0], prepared.env);
    if (!path) return std::unexpected(path.error());
    prepared.path = *path;

    // Nor its signal state: a monitor blocks signals for its signalfd and may
    // ignore some, and both would survive execve (docker stop sends SIGTERM).
    for (int sig = 1; sig < NSIG; ++sig)
        if (sig != SIGKILL && sig != SIGSTOP) ::signal(sig, SIG_DFL);
    sigset_t none;
    ::sigemptyset(&none);
    if (::sigprocmask(SIG_SETMASK, &none, nullptr) != 0) return fail_errno("clearing the signal mask");

    // Nothing of the caller's leaks into the container: every fd above stdio
    // closes at exec (including the init channel, whose end of file tells the
    // parent the exec happened).
    if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) return fail_errno("close_range");
    return prepared;
}

[[noreturn]] void exec_process(const PreparedExec& prepared, const ProcessSpec& process, const InitChannel& channel) {
    if (process.seccomp && process.no_new_privileges)
        if (auto loaded = load_seccomp(*process.seccomp); !loaded) child_fail(channel, loaded.error());
    std::vector<char*> argv;
    for (const auto& arg : process.args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& entry : prepared.env) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    ::execve(prepared.path.c_str(), argv.data(), envp.data());
    int errnum = errno;
    (void)channel.send_error(exec_error(process.args[0], errnum));
    ::_exit(127);
}

// The container's init, from the clone to the Ready message.
Result<PreparedExec> set_up_init(const RuntimeSpec& spec, const Stdio& stdio, const InitChannel& channel) {
    if (auto proceed = channel.expect(InitMessage::Proceed); !proceed) return std::unexpected(proceed.error());
    // Now that the parent put us into the container's cgroup, a new cgroup
    // namespace has it as its root.
    if (new_namespace_flags(spec.namespaces) & CLONE_NEWCGROUP)
        if (::unshare(CLONE_NEWCGROUP) != 0) return fail_errno("creating the cgroup namespace");
    if (auto prepared = prepare_rootfs(spec); !prepared) return std::unexpected(prepared.error());
    if (auto pivoted = pivot_into(spec.rootfs); !pivoted) return std::unexpected(pivoted.error());
    if (!spec.hostname.empty() && ::sethostname(spec.hostname.data(), spec.hostname.size()) != 0)
        return fail_errno("setting the hostname {}", spec.hostname);
    if (!spec.domainname.empty() && ::setdomainname(spec.domainname.data(), spec.domainname.size()) != 0)
        return fail_errno("setting the domain name {}", spec.domainname);
    // Before /proc/sys becomes read-only.
    if (auto applied = apply_sysctls(spec.sysctls); !applied) return std::unexpected(applied.error());
    if (auto made = make_paths_readonly(spec.readonly_paths); !made) return std::unexpected(made.error());
    if (auto masked = mask_paths(spec.masked_paths); !masked) return std::unexpected(masked.error());
    if (spec.readonly_rootfs)
        if (auto made = make_root_readonly(); !made) return std::unexpected(made.error());
    return prepare_process(spec.process, stdio, channel, /*console=*/true);
}

[[noreturn]] void run_init(const RuntimeSpec& spec, const Stdio& stdio, const InitChannel& channel) {
    auto prepared = set_up_init(spec, stdio, channel);
    if (!prepared) child_fail(channel, prepared.error());
    if (!channel.send(InitMessage::Ready)) ::_exit(1);
    if (!channel.expect(InitMessage::Start)) ::_exit(1);
    exec_process(*prepared, spec.process, channel);
}

// The short-lived first child of create(): enters the joined namespaces, then
// clones the init into the new ones.
[[noreturn]] void run_create_helper(const RuntimeSpec& spec, const Stdio& stdio, const InitChannel& channel) {
    auto handles = open_joined_namespaces(spec.namespaces);
    if (!handles) child_fail(channel, handles.error());
    if (auto entered = enter_namespaces(*handles); !entered) child_fail(channel, entered.error());
    pid_t init = clone_sibling(new_namespace_flags(spec.namespaces, CLONE_NEWCGROUP));
    if (init < 0) child_fail(channel, Error::from_errno(errno, "cloning the container's init"));
    if (init == 0) run_init(spec, stdio, channel);
    (void)channel.send(InitMessage::Pid, init);
    ::_exit(0);
}

[[noreturn]] void run_exec_helper(pid_t container_init, const ProcessSpec& process,
                                  const std::vector<NamespaceKind>& join, const Stdio& stdio,
                                  const InitChannel& channel) {
    auto handles = open_process_namespaces(container_init, join);
    if (!handles) child_fail(channel, handles.error());
    // setns() into a mount namespace sets the root to the namespace's root
    // mount, which is the container's rootfs only when the daemon itself is not
    // chrooted (pivot_root swaps the caller's root mount, not the namespace's).
    // The init's root directory is the container's root in every case.
    UniqueFd root;
    if (std::ranges::find(join, NamespaceKind::Mount) != join.end()) {
        std::string root_path = std::format("/proc/{}/root", container_init);
        root.reset(::open(root_path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!root) child_fail(channel, Error::from_errno(errno, "opening " + root_path));
    }
    if (auto entered = enter_namespaces(*handles); !entered) child_fail(channel, entered.error());
    if (root && (::fchdir(root.get()) != 0 || ::chroot(".") != 0))
        child_fail(channel, Error::from_errno(errno, "entering the container's root"));
    pid_t child = clone_sibling(0);
    if (child < 0) child_fail(channel, Error::from_errno(errno, "cloning the exec process"));
    if (child == 0) {
        if (auto proceed = channel.expect(InitMessage::Proceed); !proceed) child_fail(channel, proceed.error());
        auto prepared = prepare_process(process, stdio, channel);
        if (!prepared) child_fail(channel, prepared.error());
        exec_process(*prepared, process, channel);
    }
    (void)channel.send(InitMessage::Pid, child);
    ::_exit(0);
}

void reap(pid_t pid) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

// The parent's side of both: runs the helper, learns the pid, reaps the
// helper. `helper` runs in the forked child and never returns.
template <typename Helper>
Result<std::pair<pid_t, InitChannel>> fork_process(Stdio& stdio, UniqueFd& dev_null, Helper&& helper) {
    auto channels = InitChannel::pair();
    if (!channels) return std::unexpected(channels.error());
    auto& [parent_end, child_end] = *channels;
    if (stdio.in < 0 || stdio.out < 0 || stdio.err < 0) {
        dev_null.reset(::open("/dev/null", O_RDWR | O_CLOEXEC));
        if (!dev_null) return fail_errno("opening /dev/null");
        for (int* fd : {&stdio.in, &stdio.out, &stdio.err})
            if (*fd < 0) *fd = dev_null.get();
    }
    pid_t helper_pid = fork_helper();
    if (helper_pid < 0) return fail_errno("fork");
    if (helper_pid == 0) {
        parent_end.close();
        helper(child_end);
        ::_exit(1);
    }
    child_end.close();
    auto pid = parent_end.expect(InitMessage::Pid);
    reap(helper_pid);
    if (!pid) return std::unexpected(pid.error());
    return std::pair{static_cast<pid_t>(pid->value), std::move(parent_end)};
}

} // namespace

Result<ContainerProcess> ContainerProcess::create(const RuntimeSpec& spec, Stdio stdio, const ParentHook& hook) {
    bool new_mount_ns = std::ranges::any_of(spec.namespaces, [](const NamespaceSpec& ns) {
        return ns.kind == NamespaceKind::Mount && ns.join_path.empty();
    });
    if (!new_mount_ns) return fail(ErrorCategory::Invalid, "a container needs a new mount namespace");
    if (spec.process.args.empty()) return fail(ErrorCategory::Invalid, "no command to run");
    UniqueFd dev_null;
    auto forked = fork_process(stdio, dev_null, [&](const InitChannel& channel) {
        run_create_helper(spec, stdio, channel);
    });
    if (!forked) return std::unexpected(forked.error());
    ContainerProcess process(forked->first, std::move(forked->second));
    if (hook)
        if (auto hooked = hook(process.pid_); !hooked) return std::unexpected(hooked.error());
    if (auto sent = process.channel_.send(InitMessage::Proceed); !sent) return std::unexpected(sent.error());
    while (true) {
        auto packet = process.channel_.receive();
        if (!packet) return std::unexpected(packet.error());
        if (packet->type == InitMessage::Terminal) {
            process.terminal_ = std::move(packet->fd);
        } else if (packet->type == InitMessage::Ready) {
            return process;
        } else if (packet->type == InitMessage::Failed) {
            return std::unexpected(packet->error);
        } else {
            return fail(ErrorCategory::System, "the container's init exited during setup");
        }
    }
}

Result<ContainerProcess> spawn_exec(pid_t container_init, const ProcessSpec& process,
                                    const std::vector<NamespaceKind>& join, Stdio stdio, const ParentHook& hook) {
    if (process.args.empty()) return fail(ErrorCategory::Invalid, "no command to run");
    UniqueFd dev_null;
    auto forked = fork_process(stdio, dev_null, [&](const InitChannel& channel) {
        run_exec_helper(container_init, process, join, stdio, channel);
    });
    if (!forked) return std::unexpected(forked.error());
    ContainerProcess spawned(forked->first, std::move(forked->second));
    if (hook)
        if (auto hooked = hook(spawned.pid_); !hooked) return std::unexpected(hooked.error());
    if (auto sent = spawned.channel_.send(InitMessage::Proceed); !sent) return std::unexpected(sent.error());
    while (true) {
        auto packet = spawned.channel_.receive();
        if (!packet) return std::unexpected(packet.error());
        if (packet->type == InitMessage::Terminal) {
            spawned.terminal_ = std::move(packet->fd);
        } else if (packet->type == InitMessage::Failed) {
            return std::unexpected(packet->error);
        } else if (packet->type == InitMessage::Closed) {
            spawned.started_ = spawned.spawned_ = true;
            spawned.channel_.close();
            return spawned;
        } else {
            return fail(ErrorCategory::System, "unexpected message from the exec process");
        }
    }
}

ContainerProcess::ContainerProcess(ContainerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), channel_(std::move(other.channel_)), terminal_(std::move(other.terminal_)),
      started_(other.started_), spawned_(other.spawned_) {}

ContainerProcess& ContainerProcess::operator=(ContainerProcess&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            reap(pid_);
        }
        pid_ = std::exchange(other.pid_, -1);
        channel_ = std::move(other.channel_);
        terminal_ = std::move(other.terminal_);
        started_ = other.started_;
        spawned_ = other.spawned_;
    }
    return *this;
}

ContainerProcess::~ContainerProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    reap(pid_);
}

Result<> ContainerProcess::start() {
    if (spawned_) return {}; // spawn_exec's processes exec'd already
    if (started_) return fail(ErrorCategory::Conflict, "the process was already started");
    if (pid_ <= 0) return fail(ErrorCategory::Invalid, "no process to start");
    started_ = true;
    if (auto sent = channel_.send(InitMessage::Start); !sent) return sent;
    auto packet = channel_.receive();
    channel_.close();
    if (!packet) return std::unexpected(packet.error());
    if (packet->type == InitMessage::Failed) return std::unexpected(packet->error);
    return {};
}

Result<int> ContainerProcess::wait() {
    if (pid_ <= 0) return fail(ErrorCategory::Invalid, "no process to wait for");
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0)
        if (errno != EINTR) return fail_errno("waiting for process {}", pid_);
    pid_ = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

pid_t ContainerProcess::release() { return std::exchange(pid_, -1); }

} // namespace berth::runtime
