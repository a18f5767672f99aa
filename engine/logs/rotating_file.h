#pragma once
// The file a log driver appends records to, rotated like dockerd's loggerutils.LogFile:
// before a record is written, a file that has reached max_size is renamed to
// <path>.1 (older ones shift to .2, .3, ...; the one past max_files - 1 is removed)
// and a new empty <path> is opened. With max_files 1 the full file is removed and
// started afresh. A file may exceed max_size by one record: records are never split.
//
// Readers (another process) keep reading a rotated file through their open fd, and
// notice rotation by <path> naming a new inode (see log_reader.h).

#include "base/error.h"
#include "base/unique_fd.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace berth::logs {

class RotatingFile {
public:
    static constexpr int64_t unlimited = -1;

    // Opens `path` for appending, creating it (and its directory) if needed.
    static Result<RotatingFile> open(std::string path, int64_t max_size, int max_files, unsigned mode = 0640);

    // Writes one whole record, rotating first if the file is full.
    Result<> append(std::string_view record);
    void close() { fd_.reset(); }

    const std::string& path() const { return path_; }
    int64_t size() const { return size_; }

private:
    RotatingFile(std::string path, UniqueFd fd, int64_t size, int64_t max_size, int max_files, unsigned mode)
        : path_(std::move(path)), fd_(std::move(fd)), size_(size), max_size_(max_size), max_files_(max_files),
          mode_(mode) {}
    Result<> rotate();

    std::string path_;
    UniqueFd fd_;
    int64_t size_ = 0;
    int64_t max_size_ = unlimited;
    int max_files_ = 1;
    unsigned mode_ = 0640;
};

} // namespace berth::logs
