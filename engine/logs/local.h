#pragma once
// Docker's "local" driver: a compact binary file, rotated by default (max-size 20m,
// max-file 5). dockerd frames protobuf entries; berthd keeps the framing idea (a
// length before and after each record, so the file can be walked from either end)
// with its own payload, so berthd's files are not readable by dockerd and back:
//
//   record  = u32 N | payload (N bytes) | u32 N                (big-endian)
//   payload = u8 version (1) | u8 flags (bit 0 stderr, bit 1 partial)
//           | i64 time (ns since the epoch) | u32 L | line (L bytes, no '\n')
//           | u16 A | A x (u16 K | key (K bytes) | u32 V | value (V bytes))
//
// compress is accepted and validated like dockerd's, but rotated files stay plain.

#include "logs/log_driver.h"
#include "logs/log_format.h"
#include "logs/rotating_file.h"

#include <map>
#include <string>

namespace berth::logs {

struct LocalOptions {
    int64_t max_size = 20 * 1024 * 1024;
    int max_files = 5;
    bool compress = true;
};
Result<LocalOptions> parse_local_options(const LogOpts& opts);

std::string encode_local_record(const LogMessage& message, const std::map<std::string, std::string>& attrs);

class LocalDriver final : public LogDriver {
public:
    static Result<std::unique_ptr<LogDriver>> open(const LogOpts& opts, const std::string& path,
                                                   const ContainerLogInfo& info);
    std::string_view name() const override { return "local"; }

private:
    LocalDriver(RotatingFile file, std::map<std::string, std::string> attrs)
        : file_(std::move(file)), attrs_(std::move(attrs)) {}
    Result<> store(const LogMessage& message) override;
    Result<> close_file() override;

    RotatingFile file_;
    std::map<std::string, std::string> attrs_;
};

class LocalFormat final : public LogFormat {
public:
    // Larger than any record berthd writes: a length past it means a corrupt file.
    static constexpr uint32_t max_payload = 1024 * 1024;

    Result<size_t> record_length(std::string_view data) const override;
    Result<LogEntry> decode(std::string_view record) const override;
    Result<TailStart> find_tail(int fd, int64_t size, int64_t wanted) const override;

private:
    Result<TailStart> find_tail_forward(int fd, int64_t size, int64_t wanted) const;
};

} // namespace berth::logs
