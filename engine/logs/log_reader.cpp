#include "logs/log_reader.h"

#include "base/clock.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace berth::logs {

int64_t parse_tail(std::string_view text) {
    int64_t value = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) return -1;
    return value;
}

namespace {

// The numbers N of the rotated files "<name>.N" beside `path`, highest (oldest) first.
std::vector<int> rotated_numbers(const std::string& path) {
    std::filesystem::path file(path);
    std::string prefix = file.filename().string() + ".";
    std::vector<int> numbers;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(file.parent_path(), ec)) {
        std::string name = entry.path().filename().string();
        if (!name.starts_with(prefix)) continue;
        int n = 0;
        std::string_view digits = std::string_view(name).substr(prefix.size());
        auto [end, err] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (err == std::errc() && end == digits.data() + digits.size() && n > 0) numbers.push_back(n);
    }
    std::ranges::sort(numbers, std::greater<>());
    return numbers;
}

bool readable(int fd) {
    if (fd < 0) return false;
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

} // namespace

Result<std::unique_ptr<LogReader>> LogReader::open(std::string_view driver, std::string log_path,
                                                   LogReadOptions options, FollowControl control) {
    const LogFormat* format = log_format(driver);
    if (format == nullptr)
        return fail(ErrorCategory::NotImplemented, "configured logging driver does not support reading");
    std::unique_ptr<LogReader> reader(new LogReader(*format, std::move(log_path), options, std::move(control)));
    if (auto started = reader->start(); !started) return std::unexpected(started.error());
    return reader;
}

Result<std::deque<LogReader::Source>> LogReader::open_files(int64_t& current_size) {
    std::deque<Source> files;
    Source current;
    current.fd.reset(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!current.fd && errno != ENOENT) return fail_errno("opening log file {}", path_);
    current_size = 0;
    if (current.fd) {
        struct stat st {};
        if (::fstat(current.fd.get(), &st) != 0) return fail_errno("reading log file {}", path_);
        current.dev = st.st_dev;
        current.ino = st.st_ino;
        current_size = st.st_size;
    }
    // The live file first, then the rotated ones: a rotation in between shows up
    // as a rotated file that is the live one we hold, and is not read twice.
    for (int n : rotated_numbers(path_)) {
        std::string name = path_ + "." + std::to_string(n);
        Source rotated;
        rotated.fd.reset(::open(name.c_str(), O_RDONLY | O_CLOEXEC));
        if (!rotated.fd) {
            if (errno == ENOENT) continue;
            return fail_errno("opening rotated log file {}", name);
        }
        struct stat st {};
        if (::fstat(rotated.fd.get(), &st) != 0) return fail_errno("reading log file {}", name);
        if (current.fd && st.st_dev == current.dev && st.st_ino == current.ino) continue;
        rotated.dev = st.st_dev;
        rotated.ino = st.st_ino;
        files.push_back(std::move(rotated));
    }
    files.push_back(std::move(current));
    return files;
}

Result<> LogReader::start() {
    if (options_.follow) {
        // Watch before reading, so nothing written after our last read goes unnoticed.
        inotify_.reset(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
        std::string dir = std::filesystem::path(path_).parent_path().string();
        if (inotify_ && ::inotify_add_watch(inotify_.get(), dir.c_str(),
                                            IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
                                                IN_CLOSE_WRITE) < 0)
            inotify_.reset(); // e.g. the directory is not there yet: poll instead
    }
    int64_t current_size = 0;
    auto files = open_files(current_size);
    if (!files) return std::unexpected(files.error());

    if (options_.tail == 0) {
        // No history: only what comes after now.
        Source live = std::move(files->back());
        live.offset = current_size;
        sources_.push_back(std::move(live));
    } else if (options_.tail < 0) {
        sources_ = std::move(*files);
    } else {
        // Walk back from the newest file until `tail` records are found.
        int64_t wanted = options_.tail;
        size_t first = files->size();
        int64_t first_offset = 0;
        for (size_t i = files->size(); i-- > 0 && wanted > 0;) {
            Source& file = (*files)[i];
            if (!file.fd) continue;
            int64_t size = current_size;
            if (i + 1 != files->size()) {
                struct stat st {};
                if (::fstat(file.fd.get(), &st) != 0) return fail_errno("reading rotated log file");
                size = st.st_size;
            }
            auto tail = format_.find_tail(file.fd.get(), size, wanted);
            if (!tail) return std::unexpected(std::move(tail.error()).wrap("reading the tail of {}", path_));
            wanted -= tail->found;
            first = i;
            first_offset = tail->offset;
        }
        if (first == files->size()) {
            first = files->size() - 1;
            first_offset = current_size;
        }
        for (size_t i = first; i < files->size(); ++i) sources_.push_back(std::move((*files)[i]));
        sources_.front().offset = first_offset;
    }
    return {};
}

Result<bool> LogReader::read_more() {
    Source& source = sources_.front();
    if (!source.fd) return false;
    if (consumed_ > 0 && consumed_ * 2 >= buffer_.size()) {
        buffer_.erase(0, consumed_);
        consumed_ = 0;
    }
    size_t old_size = buffer_.size();
    buffer_.resize(old_size + 64 * 1024);
    for (;;) {
        ssize_t n = ::pread(source.fd.get(), buffer_.data() + old_size, 64 * 1024, source.offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            buffer_.resize(old_size);
            return fail_errno("reading log file {}", path_);
        }
        buffer_.resize(old_size + static_cast<size_t>(n));
        source.offset += n;
        return n > 0;
    }
}

Result<bool> LogReader::replace_live_if_rotated() {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        if (errno == ENOENT) return false; // between removal and re-creation: wait
        return fail_errno("checking log file {}", path_);
    }
    const Source& live = sources_.back();
    if (live.fd && st.st_dev == live.dev && st.st_ino == live.ino) {
        // Same file; a truncation (by hand) would leave us past its end.
        if (st.st_size < live.offset && sources_.size() == 1) {
            sources_.back().offset = 0;
            buffer_.clear();
            consumed_ = 0;
            return true;
        }
        return false;
    }
    // Rotated. If we lag behind by several rotations, our file is now <path>.k and
    // the ones written after it are <path>.k-1 ... <path>.1: queue them all, then
    // the new live file, so nothing still on disk is skipped.
    std::vector<std::string> successors;
    if (live.fd) {
        auto numbers = rotated_numbers(path_);
        for (auto n = numbers.rbegin(); n != numbers.rend(); ++n) {
            std::string name = path_ + "." + std::to_string(*n);
            if (::stat(name.c_str(), &st) == 0 && st.st_dev == live.dev && st.st_ino == live.ino) {
                for (int k = *n - 1; k >= 1; --k) successors.push_back(path_ + "." + std::to_string(k));
                break;
            }
        }
    }
    successors.push_back(path_);
    bool added = false;
    for (const auto& name : successors) {
        Source next;
        next.fd.reset(::open(name.c_str(), O_RDONLY | O_CLOEXEC));
        if (!next.fd) {
            if (errno == ENOENT) continue;
            return fail_errno("opening log file {}", name);
        }
        if (::fstat(next.fd.get(), &st) != 0) return fail_errno("reading log file {}", name);
        // Names shift under us while the writer rotates: never queue a file twice.
        bool queued = std::ranges::any_of(
            sources_, [&](const Source& s) { return s.fd && s.dev == st.st_dev && s.ino == st.st_ino; });
        if (queued) continue;
        next.dev = st.st_dev;
        next.ino = st.st_ino;
        if (!sources_.back().fd) sources_.pop_back(); // the file did not exist before
        sources_.push_back(std::move(next));
        added = true;
    }
    return added;
}

bool LogReader::producer_stopped() {
    if (readable(control_.stopped_fd)) return true;
    return control_.stopped && control_.stopped();
}

Result<> LogReader::wait() {
    pollfd fds[3];
    nfds_t count = 0;
    for (int fd : {inotify_.get(), control_.cancel_fd, control_.stopped_fd})
        if (fd >= 0) fds[count++] = pollfd{fd, POLLIN, 0};
    int timeout = std::max(1, control_.poll_interval_ms);
    if (::poll(fds, count, timeout) < 0 && errno != EINTR) return fail_errno("waiting for log output");
    if (inotify_) {
        // The events only say "something changed"; what changed is read from the files.
        char events[4096];
        while (::read(inotify_.get(), events, sizeof events) > 0) {
        }
    }
    return {};
}

Result<std::optional<LogEntry>> LogReader::next() {
    while (!done_) {
        if (readable(control_.cancel_fd)) break;
        std::string_view pending = std::string_view(buffer_).substr(consumed_);
        auto length = format_.record_length(pending);
        if (!length) return std::unexpected(std::move(length.error()).wrap("reading log file {}", path_));
        if (*length > 0) {
            auto entry = format_.decode(pending.substr(0, *length));
            consumed_ += *length;
            if (!entry) return std::unexpected(std::move(entry.error()).wrap("reading log file {}", path_));
            if (options_.since_ns && entry->time_ns < *options_.since_ns) continue;
            if (options_.until_ns && entry->time_ns > *options_.until_ns) break;
            if (entry->stream == LogStream::Stdout ? !options_.show_stdout : !options_.show_stderr) continue;
            return std::optional<LogEntry>(std::move(*entry));
        }
        auto more = read_more();
        if (!more) return std::unexpected(more.error());
        if (*more) continue;

        // The end of this file. A rotated file is finished: on to the next one
        // (a torn record left at its end cannot be completed any more).
        if (sources_.size() > 1) {
            sources_.pop_front();
            buffer_.clear();
            consumed_ = 0;
            continue;
        }
        if (!options_.follow) break;
        auto rotated = replace_live_if_rotated();
        if (!rotated) return std::unexpected(rotated.error());
        if (*rotated) continue;
        if (draining_) break; // read to the end after the container stopped
        if (options_.until_ns && now_ns() > *options_.until_ns) break;
        if (producer_stopped()) {
            // Everything it wrote is on disk now: one more pass, then stop.
            draining_ = true;
            continue;
        }
        if (auto waited = wait(); !waited) return std::unexpected(waited.error());
    }
    done_ = true;
    return std::optional<LogEntry>();
}

Result<> read_logs(std::string_view driver, const std::string& log_path, const LogReadOptions& options,
                   const FollowControl& control, const std::function<bool(const LogEntry&)>& sink) {
    auto reader = LogReader::open(driver, log_path, options, control);
    if (!reader) return std::unexpected(reader.error());
    for (;;) {
        auto entry = (*reader)->next();
        if (!entry) return std::unexpected(entry.error());
        if (!*entry || !sink(**entry)) return {};
    }
}

} // namespace berth::logs
