#pragma once
// Follows the "wait" connections to the monitors of running containers on one
// thread: when a monitor answers (the process ended) or goes away, the
// container's callback runs on that thread.

#include "base/unique_fd.h"

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace berth::containers {

class ExitWatcher {
public:
    ExitWatcher();
    ~ExitWatcher();
    ExitWatcher(const ExitWatcher&) = delete;
    ExitWatcher& operator=(const ExitWatcher&) = delete;

    // `connection` is a monitor connection that sent "wait".
    void watch(const std::string& key, UniqueFd connection, std::function<void()> on_exit);

private:
    void run(std::stop_token stop);
    void wake();

    struct Watch {
        UniqueFd connection;
        std::function<void()> on_exit;
    };
    std::mutex mutex_;
    std::map<std::string, Watch> watches_;
    UniqueFd wakeup_;
    std::jthread thread_;
};

} // namespace berth::containers
