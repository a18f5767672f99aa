// berth-init: a minimal init for containers (Docker's --init, the job tini does).
//
//   berth-init [-s] [-g] [--] command [args...]
//
// As PID 1 of a container it
//  - starts `command` as its child, in a process group of its own that gets the
//    terminal when stdin is one (so ^C and job control reach the command);
//  - passes every signal it can catch on to that child (PID 1 gets no default
//    actions from the kernel, so without this `docker stop`'s SIGTERM would be
//    ignored by most programs);
//  - reaps every process that ends up its child: orphans are re-parented to PID 1
//    and would stay zombies otherwise;
//  - exits with the command's status, 128+n when the command died of signal n.
// When it is not PID 1 (tests, nested use) it makes itself a child subreaper, so
// orphans still come to it.
//
// Written in plain C-style C++ against libc only and linked statically: it runs
// inside an arbitrary image.

#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

void say(const char* format, ...) __attribute__((format(printf, 1, 2)));

void say(const char* format, ...) {
    char message[512];
    int prefix = snprintf(message, sizeof message, "[berth-init] ");
    va_list args;
    va_start(args, format);
    int length = vsnprintf(message + prefix, sizeof message - static_cast<size_t>(prefix) - 1, format, args);
    va_end(args);
    if (length < 0) return;
    size_t total = static_cast<size_t>(prefix) + static_cast<size_t>(length);
    if (total > sizeof message - 2) total = sizeof message - 2;
    message[total++] = '\n';
    ssize_t ignored = write(STDERR_FILENO, message, total);
    (void)ignored;
}

// Signals the kernel raises for a fault of this very process: they must keep their
// default action, never be waited for and forwarded.
bool is_synchronous(int signal) {
    switch (signal) {
    case SIGFPE:
    case SIGILL:
    case SIGSEGV:
    case SIGBUS:
    case SIGABRT:
    case SIGTRAP:
    case SIGSYS:
        return true;
    default:
        return false;
    }
}

void usage() {
    say("usage: berth-init [-s] [-g] [--] command [args...]");
}

// In the child, before exec: a process group of its own, the terminal if stdin is
// one, and the signal state the command would have had without us.
[[noreturn]] void exec_command(char** argv, const sigset_t& original_mask) {
    if (setpgid(0, 0) != 0) say("setpgid failed: %s", strerror(errno));
    if (isatty(STDIN_FILENO) && tcsetpgrp(STDIN_FILENO, getpgrp()) != 0 && errno != ENOTTY && errno != ENXIO)
        say("tcsetpgrp failed: %s", strerror(errno));
    struct sigaction defaults {};
    defaults.sa_handler = SIG_DFL;
    sigaction(SIGTTIN, &defaults, nullptr);
    sigaction(SIGTTOU, &defaults, nullptr);
    sigprocmask(SIG_SETMASK, &original_mask, nullptr);

    execvp(argv[0], argv);
    // Shells' conventions, as tini keeps them: 127 not found, 126 not executable.
    int error = errno;
    int status = error == ENOENT ? 127 : error == EACCES ? 126 : 1;
    say("exec %s failed: %s", argv[0], strerror(error));
    _exit(status);
}

} // namespace

int main(int argc, char** argv) {
    int first = 1;
    if (first < argc && strcmp(argv[first], "--version") == 0) {
        say("berth-init (Docker --init compatible)");
        return 0;
    }
    if (first < argc && (strcmp(argv[first], "-h") == 0 || strcmp(argv[first], "--help") == 0)) {
        usage();
        return 0;
    }
    // Docker runs "docker-init -- cmd". tini's flags that make sense here: -s
    // (subreaper; implied anyway) and -g (signal the command's whole process group).
    bool to_group = false;
    while (first < argc && (strcmp(argv[first], "-s") == 0 || strcmp(argv[first], "-g") == 0))
        to_group |= strcmp(argv[first++], "-g") == 0;
    if (first < argc && strcmp(argv[first], "--") == 0) ++first;
    if (first >= argc) {
        usage();
        return 1;
    }

    if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
        say("cannot become a subreaper, orphans will not be reaped: %s", strerror(errno));

    // Take every catchable signal synchronously (sigtimedwait below) instead of
    // through handlers; the child gets the original mask back before exec.
    sigset_t all, original_mask;
    sigfillset(&all);
    for (int s = 1; s < NSIG; ++s)
        if (is_synchronous(s)) sigdelset(&all, s);
    if (sigprocmask(SIG_SETMASK, &all, &original_mask) != 0) {
        say("sigprocmask failed: %s", strerror(errno));
        return 1;
    }
    // We give the terminal away; as a background process we must not stop on it.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGTTIN, &ignore, nullptr);
    sigaction(SIGTTOU, &ignore, nullptr);

    pid_t child = fork();
    if (child < 0) {
        say("fork failed: %s", strerror(errno));
        return 1;
    }
    if (child == 0) exec_command(argv + first, original_mask);

    for (;;) {
        struct timespec timeout = {1, 0};
        siginfo_t info;
        int signal = sigtimedwait(&all, &info, &timeout);
        if (signal < 0 && errno != EAGAIN && errno != EINTR) {
            say("sigtimedwait failed: %s", strerror(errno));
            return 1;
        }
        if (signal > 0 && signal != SIGCHLD) {
            if (kill(to_group ? -child : child, signal) != 0 && errno != ESRCH)
                say("forwarding signal %d failed: %s", signal, strerror(errno));
        }
        // Reap everything that has ended: the command and any orphan handed to us.
        for (;;) {
            int status = 0;
            pid_t pid = waitpid(-1, &status, WNOHANG);
            if (pid < 0 && errno == EINTR) continue;
            if (pid <= 0) break; // 0: children left but running; ECHILD: none left
            if (pid != child) continue;
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
        }
    }
}
