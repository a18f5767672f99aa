#pragma once
// Starting a daemon under test (berthd, dockerd): one fork/exec with its output
// in a log file, then polling its /_ping until it answers or dies.

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace berth::testing {

struct SpawnOptions {
    std::string log_path;     // stdout and stderr, appended
    bool new_session = false; // setsid: the daemon leads a process group of its own (and its children)
};

// fork + execv(args[0], args); the child's pid, or -1.
pid_t spawn_daemon(const std::vector<std::string>& args, const SpawnOptions& options);

// Polls GET /_ping on `host` every `interval` until a 200 (true), `attempts`
// polls pass, or the process `pid` exits (false; `pid` is then set to -1).
bool wait_for_ping(const std::string& host, pid_t& pid, int attempts, std::chrono::milliseconds interval);

} // namespace berth::testing
