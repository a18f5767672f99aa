#include "base/self_exec.h"

#include <fcntl.h>
#include <format>
#include <unistd.h>

namespace berth {

Result<pid_t> spawn_self(std::string_view name, const std::vector<std::string>& args, std::span<const int> fds,
                         int report) {
    // Everything the child needs is made before the fork: after it, only
    // async-signal-safe calls until the exec.
    std::string argv0(name);
    std::vector<char*> argv{argv0.data()};
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::vector<int> ends(fds.begin(), fds.end());
    int count = static_cast<int>(ends.size());
    std::string exec_failed = std::format("could not start the {} (exec of /proc/self/exe failed)", name);

    pid_t child = ::fork();
    if (child < 0) return fail_errno("forking the {}", name);
    if (child != 0) return child;
    // Each end moved above the fds it goes to first, so no dup2 below lands on another's source.
    for (int& end : ends)
        if (end >= 0 && (end = ::fcntl(end, F_DUPFD, count)) < 0) ::_exit(10);
    for (int target = 0; target < count; ++target) {
        if (ends[static_cast<size_t>(target)] < 0) ::close(target);
        else if (::dup2(ends[static_cast<size_t>(target)], target) < 0) ::_exit(10);
    }
    ::close_range(static_cast<unsigned>(count), ~0U, 0);
    ::execv("/proc/self/exe", argv.data());
    (void)!::write(report, exec_failed.data(), exec_failed.size());
    ::_exit(11);
}

} // namespace berth
