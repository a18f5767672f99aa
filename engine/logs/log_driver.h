#pragma once
// Where a container's stdout and stderr go: Docker's --log-driver and --log-opt.
//
// Words: a *chunk* is whatever one read() of the container's pipe or pty returned;
// a *message* is one line of output (Docker's logger.Message), cut from the chunks
// by MessageSplitter; a *log file* is the driver's file on disk, rotated into
// <file>.1, <file>.2, ... by size.
//
// Lifecycle (driven by the container's monitor process):
//   1. make_log_driver() when the container starts (options were checked at create
//      time with validate_log_config()).
//   2. write() for every chunk read, with the time it was read. The driver keeps one
//      splitter per stream, so stdout and stderr chunks may interleave freely.
//   3. close() once both streams reached EOF: the unterminated rest of each stream
//      is written as a partial message, then the file is closed. After close()
//      nothing more may be written; destroying the driver without close() loses
//      only the unterminated rest.
// A driver is not thread-safe: the monitor calls it from one thread.
// Reading back is not the driver's job: see log_reader.h (berthd reads the files
// while the monitor writes them).

#include "base/error.h"
#include "logs/log_entry.h"
#include "logs/message_splitter.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace berth::logs {

using LogOpts = std::map<std::string, std::string>;

// A message on its way to a file: the line without its '\n'.
struct LogMessage {
    LogStream stream = LogStream::Stdout;
    std::string_view line;
    int64_t time_ns = 0;
    bool partial = false;
};

class LogDriver {
public:
    virtual ~LogDriver() = default;

    virtual std::string_view name() const = 0;

    // Splits `bytes` into messages and stores the complete ones. On error the
    // messages before the failing one are stored; the rest of the chunk is lost.
    Result<> write(LogStream stream, std::string_view bytes, int64_t time_ns);
    // Stores the unterminated rest of both streams as partial messages.
    Result<> flush(int64_t time_ns);
    // flush(), then releases the file. Idempotent.
    Result<> close(int64_t time_ns);

protected:
    // Stores one message (whole lines only, so readers never see half a record).
    virtual Result<> store(const LogMessage& message) = 0;
    virtual Result<> close_file() = 0;

private:
    Result<> emit(MessageSplitter& splitter, LogStream stream, std::string_view bytes, int64_t time_ns,
                  bool flush);

    MessageSplitter stdout_;
    MessageSplitter stderr_;
    bool closed_ = false;
};

// What the log options may refer to (Docker's logger.Info): --log-opt labels=,
// env=, labels-regex=, env-regex= pick attributes from these, and tag= is a
// template over the names.
struct ContainerLogInfo {
    std::string id;         // full 64-hex id
    std::string name;       // with or without the leading '/'
    std::string image_id;   // "sha256:..."
    std::string image_name; // as the user gave it
    std::map<std::string, std::string> labels;
    std::vector<std::string> env; // "KEY=value"
};

// Checks --log-driver and --log-opt as dockerd does at create time, with its
// wording: unknown driver -> Invalid "logger: no log driver named 'x' is registered";
// drivers Docker has but berthd lacks (syslog, journald, ...) -> NotImplemented;
// unknown option -> "unknown log opt 'foo' for json-file log driver"; bad values.
Result<> validate_log_config(std::string_view type, const LogOpts& opts);

// Where the driver of `type` keeps its file for a container whose state lives in
// `container_dir`, named as dockerd names it: json-file "<dir>/<id>-json.log",
// local "<dir>/local-logs/container.log", none "".
std::string log_file_path(std::string_view type, const std::string& container_dir, const std::string& id);

// Opens (appending to) the driver's file at `log_path`, creating its directory.
// Validates like validate_log_config(). "none" gives a driver that drops everything.
Result<std::unique_ptr<LogDriver>> make_log_driver(std::string_view type, const LogOpts& opts,
                                                   const std::string& log_path,
                                                   const ContainerLogInfo& info = {});

} // namespace berth::logs
