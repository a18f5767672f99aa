#pragma once
// Docker's default "json-file" driver: one JSON object per line, byte for byte as
// dockerd writes it (jsonlog.JSONLogs.MarshalJSONBuf):
//   {"log":"hello\n","stream":"stdout","time":"2024-01-01T00:00:00.123456789Z"}
// "log" is the message with its '\n' (none for partial messages), escaped like Go's
// encoding/json with HTML escaping (<, >, & as \u003c...), invalid UTF-8 as \ufffd;
// "attrs" (labels/env/tag options) comes between "stream" and "time"; "time" is
// RFC 3339 with nanoseconds, trailing zeros dropped.

#include "logs/log_driver.h"
#include "logs/log_format.h"
#include "logs/rotating_file.h"

#include <map>
#include <string>

namespace berth::logs {

// max-size (FromHumanSize: "10m" = 10,000,000 bytes), max-file (default 1: no
// rotation), compress (accepted; rotated files are kept uncompressed).
struct JsonFileOptions {
    int64_t max_size = RotatingFile::unlimited;
    int max_files = 1;
    bool compress = false;
};
Result<JsonFileOptions> parse_json_file_options(const LogOpts& opts);

// One line of the file, '\n' included.
std::string encode_json_log_line(const LogMessage& message, std::string_view attrs_json = {});
// `attrs` as dockerd's json.Marshal of a map writes it: keys sorted, {"k":"v",...}.
std::string encode_json_attrs(const std::map<std::string, std::string>& attrs);

class JsonFileDriver final : public LogDriver {
public:
    static Result<std::unique_ptr<LogDriver>> open(const LogOpts& opts, const std::string& path,
                                                   const ContainerLogInfo& info);
    std::string_view name() const override { return "json-file"; }

private:
    JsonFileDriver(RotatingFile file, std::string attrs_json)
        : file_(std::move(file)), attrs_json_(std::move(attrs_json)) {}
    Result<> store(const LogMessage& message) override;
    Result<> close_file() override;

    RotatingFile file_;
    std::string attrs_json_;
};

class JsonFileFormat final : public LogFormat {
public:
    Result<size_t> record_length(std::string_view data) const override;
    Result<LogEntry> decode(std::string_view record) const override;
    Result<TailStart> find_tail(int fd, int64_t size, int64_t wanted) const override;
};

} // namespace berth::logs
