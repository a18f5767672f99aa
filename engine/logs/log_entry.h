#pragma once
// One log message as the drivers store it and the reader gives it back.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace berth::logs {

// Which of the container's output streams a message came from. Docker writes the
// names "stdout" and "stderr" into json-file lines and into the API's multiplexing.
enum class LogStream { Stdout, Stderr };

const char* stream_name(LogStream stream);

// A message read back from a log file. `line` is what `docker logs` prints: the
// bytes the container wrote, ending in '\n' unless the message is partial (a line
// longer than 16 KiB cut into pieces, or unterminated output at exit).
struct LogEntry {
    LogStream stream = LogStream::Stdout;
    int64_t time_ns = 0;
    std::string line;
    bool partial = false;
    // Docker's "attrs" (labels, env, tag chosen by --log-opt), sorted by key.
    std::vector<std::pair<std::string, std::string>> attrs;
};

} // namespace berth::logs
