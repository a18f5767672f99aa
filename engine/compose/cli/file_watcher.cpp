#include "compose/cli/file_watcher.h"

#include <algorithm>
#include <cerrno>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace berth::compose::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kEvents = IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_DELETE | IN_MOVED_FROM |
                             IN_MOVED_TO | IN_DELETE_SELF | IN_ONLYDIR;

} // namespace

std::optional<fs::path> relative_below(const fs::path& path, const fs::path& root) {
    auto [root_end, path_at] = std::ranges::mismatch(root, path);
    if (root_end != root.end())
        return std::nullopt;
    fs::path relative;
    for (auto it = path_at; it != path.end(); ++it)
        relative /= *it;
    return relative;
}

Result<FileWatcher> FileWatcher::open(const std::vector<fs::path>& roots) {
    FileWatcher watcher;
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return fail_errno("inotify_init1");
    watcher.fd_ = UniqueFd(fd);
    for (const auto& root : roots) {
        watcher.roots_.push_back(root.lexically_normal());
        std::error_code ignored;
        // A file, or a path not made yet: its directory alone is watched.
        bool tree = fs::is_directory(root, ignored);
        if (auto added = watcher.add_tree(tree ? root : root.parent_path(), tree); !added)
            return std::unexpected(added.error());
    }
    return watcher;
}

Result<> FileWatcher::add_tree(const fs::path& directory, bool recursive) {
    int wd = inotify_add_watch(fd_.get(), directory.c_str(), kEvents);
    if (wd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return {}; // gone before it could be watched
        return fail_errno("watching {}", directory.string());
    }
    directories_[wd] = directory;
    if (!recursive)
        return {};
    std::error_code error;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error))
        if (it->is_directory(error) && !it->is_symlink(error))
            if (auto added = add_tree(it->path()); !added)
                return added;
    return {};
}

bool FileWatcher::wanted(const fs::path& path) const {
    return std::ranges::any_of(roots_, [&](const fs::path& root) { return relative_below(path, root).has_value(); });
}

Result<> FileWatcher::drain(std::set<fs::path>& changed) {
    alignas(inotify_event) char buffer[16 * 1024];
    for (;;) {
        ssize_t length = read(fd_.get(), buffer, sizeof buffer);
        if (length < 0) {
            if (errno == EAGAIN)
                return {};
            if (errno == EINTR)
                continue;
            return fail_errno("reading inotify events");
        }
        for (ssize_t at = 0; at < length;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
            at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            auto directory = directories_.find(event->wd);
            if (directory == directories_.end())
                continue;
            if (event->mask & IN_IGNORED) {
                directories_.erase(directory);
                continue;
            }
            if (event->len == 0)
                continue;
            fs::path path = directory->second / event->name;
            if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO))) {
                // A tree made or moved in at once: what it holds changed too.
                if (auto added = add_tree(path); !added)
                    return added;
                std::error_code error;
                for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error))
                    if (wanted(it->path()))
                        changed.insert(it->path());
            }
            if (wanted(path))
                changed.insert(path);
        }
    }
}

Result<std::set<fs::path>> FileWatcher::wait(std::chrono::milliseconds quiet, std::chrono::milliseconds limit) {
    std::set<fs::path> changed;
    auto deadline = Clock::now() + limit;
    for (;;) {
        auto now = Clock::now();
        auto left = changed.empty() ? std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) : quiet;
        if (left.count() <= 0)
            return changed;
        pollfd ready{fd_.get(), POLLIN, 0};
        int polled = poll(&ready, 1, static_cast<int>(left.count()));
        if (polled < 0 && errno != EINTR)
            return fail_errno("waiting for file changes");
        if (polled == 0 && !changed.empty())
            return changed; // quiet for `quiet`: the batch is complete
        if (polled > 0)
            if (auto read = drain(changed); !read)
                return std::unexpected(read.error());
    }
}

} // namespace berth::compose::cli
