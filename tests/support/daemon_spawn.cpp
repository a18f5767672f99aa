#include "support/daemon_spawn.h"

#include "api/client/client.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace berth::testing {

pid_t spawn_daemon(const std::vector<std::string>& args, const SpawnOptions& options) {
    std::vector<std::string> owned = args; // execv wants mutable strings
    pid_t pid = ::fork();
    if (pid != 0) return pid;
    int log_fd = ::open(options.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(log_fd, 2);
    ::dup2(log_fd, 1);
    if (options.new_session) ::setsid();
    std::vector<char*> argv;
    for (auto& arg : owned) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
}

bool wait_for_ping(const std::string& host, pid_t& pid, int attempts, std::chrono::milliseconds interval) {
    api::EngineClient client(host);
    client.set_timeout(std::chrono::seconds(2));
    for (int attempt = 0; attempt < attempts; ++attempt) {
        if (auto ping = client.request("GET", "/_ping"); ping && ping->status == 200) return true;
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            pid = -1;
            return false;
        }
        std::this_thread::sleep_for(interval);
    }
    return false;
}

} // namespace berth::testing
