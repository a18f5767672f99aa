#pragma once
// A real berthd for tests: its own temporary data root, exec root, pid file,
// socket, bridge and cgroup parent, so tests run in parallel; stopped and
// cleaned up (bridge, NAT table and cgroups too) when destroyed.

#include "support/temp_dir.h"

#include <string>
#include <sys/types.h>
#include <vector>

namespace berth::testing {

class BerthdProcess {
public:
    explicit BerthdProcess(std::vector<std::string> extra_args = {});
    ~BerthdProcess();
    BerthdProcess(const BerthdProcess&) = delete;
    BerthdProcess& operator=(const BerthdProcess&) = delete;

    // Starts berthd and waits until it answers /_ping; false on failure (see log()).
    bool start();
    // SIGTERM and wait (SIGKILL after 10 s); the exit status as waitpid reports it.
    int stop();
    void signal(int signo) const;

    const std::string& dir() const { return dir_; }
    std::string socket_path() const { return dir_ + "/berth.sock"; }
    std::string host() const { return "unix://" + socket_path(); }
    std::string data_root() const { return dir_ + "/data"; }
    std::string log() const;
    const std::string& bridge() const { return bridge_; }
    pid_t pid() const { return pid_; }

private:
    TempDir temp_;
    std::string dir_;
    std::string bridge_; // "bt" + 8 hex digits; its NAT table is berth_<bridge>
    std::vector<std::string> extra_args_;
    pid_t pid_ = -1;
};

} // namespace berth::testing
