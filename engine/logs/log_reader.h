#pragma once
// Reads a container's log back for `GET /containers/{id}/logs` (docker logs),
// across the rotated files, in the order the messages were written.
//
// The files are written by the container's monitor process while berthd reads
// them: the reader never trusts a size for long. It reads whole records only
// (the writer's record may be half-way through its write()), notices rotation by
// <path> naming a new inode (then finishes the old file through its open fd before
// moving on), and while following sleeps on inotify, with a short poll as a
// fallback and to ask whether the container is still running.
//
// Filters are applied as dockerd applies them: `tail` counts the last N records of
// both streams before since/until and the stream filter; entries before `since`
// are skipped; the first entry after `until` ends the read (and a follow ends once
// the clock passes `until`).

#include "base/error.h"
#include "base/unique_fd.h"
#include "logs/log_entry.h"
#include "logs/log_format.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace berth::logs {

struct LogReadOptions {
    bool show_stdout = true;
    bool show_stderr = true;
    std::optional<int64_t> since_ns; // entries at or after (the API's since)
    std::optional<int64_t> until_ns; // entries at or before (the API's until)
    int64_t tail = -1;               // the last N records; -1 all, 0 none
    bool follow = false;
};

// The API's `tail`: "all" or a number; like dockerd, anything unreadable is "all".
int64_t parse_tail(std::string_view text);

// What ends a follow, besides `until`. Either way the reader first hands out what
// was written up to then.
struct FollowControl {
    // Readable (an eventfd, a pipe) when the client went away: next() ends at once.
    int cancel_fd = -1;
    // Readable when the container stopped (a pidfd of its monitor, an eventfd):
    // next() drains what is left, then ends.
    int stopped_fd = -1;
    // Asked at each wake-up; true when the container stopped. Same effect as stopped_fd.
    std::function<bool()> stopped;
    // How long to sleep between checks when inotify stays quiet.
    int poll_interval_ms = 250;
};

class LogReader {
public:
    // `driver` as configured for the container ("json-file", "local"); "none" and
    // others -> NotImplemented "configured logging driver does not support reading".
    // A log file that does not exist yet reads as empty (and is waited for when
    // following).
    static Result<std::unique_ptr<LogReader>> open(std::string_view driver, std::string log_path,
                                                   LogReadOptions options, FollowControl control = {});

    // The next entry, blocking while following; nullopt at the end.
    Result<std::optional<LogEntry>> next();

private:
    struct Source {
        UniqueFd fd; // invalid while <path> does not exist
        int64_t offset = 0;
        dev_t dev = 0;
        ino_t ino = 0;
    };

    LogReader(const LogFormat& format, std::string path, LogReadOptions options, FollowControl control)
        : format_(format), path_(std::move(path)), options_(options), control_(std::move(control)) {}
    Result<> start();
    Result<std::deque<Source>> open_files(int64_t& current_size);
    Result<bool> read_more();
    Result<bool> replace_live_if_rotated();
    bool producer_stopped();
    Result<> wait();

    const LogFormat& format_;
    std::string path_;
    LogReadOptions options_;
    FollowControl control_;
    UniqueFd inotify_;
    std::deque<Source> sources_; // oldest first; the last one is the live <path>
    std::string buffer_;         // bytes read from sources_.front() not yet decoded
    size_t consumed_ = 0;
    bool draining_ = false; // the container stopped: one last pass to the end
    bool done_ = false;
};

// Convenience: every entry to `sink` until the end, or until `sink` returns false.
Result<> read_logs(std::string_view driver, const std::string& log_path, const LogReadOptions& options,
                   const FollowControl& control, const std::function<bool(const LogEntry&)>& sink);

} // namespace berth::logs
