#pragma once
// How a driver lays its records out in a file, as far as the reader needs to know:
// where one record ends, what it says, and where the last N records begin (for
// --tail without reading the whole file).

#include "base/error.h"
#include "logs/log_entry.h"

#include <cstdint>
#include <string_view>

namespace berth::logs {

struct TailStart {
    int64_t offset = 0; // where the first of the found records begins
    int64_t found = 0;  // how many records lie between offset and the end (<= wanted)
};

class LogFormat {
public:
    virtual ~LogFormat() = default;

    // The length of the whole record at the front of `data`; 0 when its end has not
    // been written yet (the writer's record may be half-way through its write()).
    virtual Result<size_t> record_length(std::string_view data) const = 0;
    virtual Result<LogEntry> decode(std::string_view record) const = 0;
    // Walks back from byte `size` of `fd` over at most `wanted` records.
    virtual Result<TailStart> find_tail(int fd, int64_t size, int64_t wanted) const = 0;
};

// The format of driver `type` ("json-file", "local"); nullptr for drivers that
// store nothing berthd can read.
const LogFormat* log_format(std::string_view type);

} // namespace berth::logs
