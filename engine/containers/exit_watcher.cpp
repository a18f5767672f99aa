#include "containers/exit_watcher.h"

#include <cstdint>
#include <poll.h>
#include <sys/eventfd.h>
#include <vector>

namespace berth::containers {

ExitWatcher::ExitWatcher() : wakeup_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

ExitWatcher::~ExitWatcher() {
    thread_.request_stop();
    wake();
}

void ExitWatcher::wake() {
    uint64_t one = 1;
    (void)::write(wakeup_.get(), &one, sizeof(one));
}

void ExitWatcher::watch(const std::string& key, UniqueFd connection, std::function<void()> on_exit) {
    {
        std::lock_guard lock(mutex_);
        watches_[key] = Watch{std::move(connection), std::move(on_exit)};
    }
    wake();
}

void ExitWatcher::run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        std::vector<pollfd> fds{{wakeup_.get(), POLLIN, 0}};
        std::vector<std::string> keys;
        {
            std::lock_guard lock(mutex_);
            for (const auto& [key, watch] : watches_) {
                fds.push_back({watch.connection.get(), POLLIN, 0});
                keys.push_back(key);
            }
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) continue;
        if (fds[0].revents) {
            uint64_t count;
            (void)::read(wakeup_.get(), &count, sizeof(count));
        }
        for (size_t i = 1; i < fds.size(); ++i) {
            if (!fds[i].revents) continue;
            std::function<void()> on_exit;
            {
                std::lock_guard lock(mutex_);
                auto found = watches_.find(keys[i - 1]);
                if (found == watches_.end() || found->second.connection.get() != fds[i].fd) continue;
                on_exit = std::move(found->second.on_exit);
                watches_.erase(found);
            }
            // The answer itself is in exit.json; the connection only says "now".
            on_exit();
        }
    }
}

} // namespace berth::containers
