#include "logs/log_driver.h"

#include "base/units.h"
#include "logs/json_file.h"
#include "logs/local.h"

#include <algorithm>

namespace berth::logs {

const char* stream_name(LogStream stream) { return stream == LogStream::Stderr ? "stderr" : "stdout"; }

Result<> LogDriver::emit(MessageSplitter& splitter, LogStream stream, std::string_view bytes, int64_t time_ns,
                         bool flush) {
    // The splitter reports through a callback; the first storage error stops the
    // chunk (the rest would most likely fail the same way: disk full).
    std::optional<Error> failure;
    auto sink = [&](const SplitMessage& split) {
        if (failure) return;
        LogMessage message;
        message.stream = stream;
        message.line = split.line;
        message.time_ns = time_ns;
        message.partial = split.partial;
        if (auto stored = store(message); !stored) failure = stored.error();
    };
    if (flush)
        splitter.flush(sink);
    else
        splitter.feed(bytes, sink);
    if (failure) return std::unexpected(*failure);
    return {};
}

Result<> LogDriver::write(LogStream stream, std::string_view bytes, int64_t time_ns) {
    if (closed_) return fail(ErrorCategory::System, "cannot write to the {} log driver: it is closed", name());
    return emit(stream == LogStream::Stderr ? stderr_ : stdout_, stream, bytes, time_ns, false);
}

Result<> LogDriver::flush(int64_t time_ns) {
    if (closed_) return {};
    auto out = emit(stdout_, LogStream::Stdout, {}, time_ns, true);
    auto err = emit(stderr_, LogStream::Stderr, {}, time_ns, true);
    return out ? err : out;
}

Result<> LogDriver::close(int64_t time_ns) {
    if (closed_) return {};
    auto flushed = flush(time_ns);
    closed_ = true;
    auto closed = close_file();
    return flushed ? closed : flushed;
}

namespace {

// --log-driver none: output is dropped (and `docker logs` says it cannot read).
class NoneDriver final : public LogDriver {
public:
    std::string_view name() const override { return "none"; }

private:
    Result<> store(const LogMessage&) override { return {}; }
    Result<> close_file() override { return {}; }
};

// Drivers dockerd has built in that berthd does not have yet.
constexpr std::string_view known_elsewhere[] = {"syslog",  "journald", "gelf",     "fluentd", "awslogs",
                                                "splunk",  "etwlogs",  "gcplogs",  "logentries"};

// dockerd's checks that come before the driver's own: the delivery mode.
Result<> validate_common_opts(const LogOpts& opts) {
    auto mode = opts.find("mode");
    std::string_view value = mode == opts.end() ? std::string_view() : std::string_view(mode->second);
    if (!value.empty() && value != "blocking" && value != "non-blocking")
        return fail(ErrorCategory::Invalid, "logger: logging mode not supported: {}", value);
    if (auto size = opts.find("max-buffer-size"); size != opts.end()) {
        if (value != "non-blocking")
            return fail(ErrorCategory::Invalid,
                        "logger: max-buffer-size option is only supported with 'mode=non-blocking'");
        if (auto parsed = parse_ram_size(size->second); !parsed)
            return std::unexpected(std::move(parsed.error()).wrap("error parsing option max-buffer-size"));
    }
    return {};
}

} // namespace

Result<> validate_log_config(std::string_view type, const LogOpts& opts) {
    if (type == "none") return {};
    if (type == "json-file" || type == "local") {
        if (auto common = validate_common_opts(opts); !common) return common;
        if (type == "json-file") {
            if (auto parsed = parse_json_file_options(opts); !parsed) return std::unexpected(parsed.error());
        } else if (auto parsed = parse_local_options(opts); !parsed) {
            return std::unexpected(parsed.error());
        }
        return {};
    }
    if (std::ranges::find(known_elsewhere, type) != std::end(known_elsewhere))
        return fail(ErrorCategory::NotImplemented,
                    "logging driver \"{}\" is not supported by berthd yet (supported: json-file, local, none)", type);
    return fail(ErrorCategory::Invalid, "logger: no log driver named '{}' is registered", type);
}

std::string log_file_path(std::string_view type, const std::string& container_dir, const std::string& id) {
    if (type == "json-file") return container_dir + "/" + id + "-json.log";
    if (type == "local") return container_dir + "/local-logs/container.log";
    return {};
}

Result<std::unique_ptr<LogDriver>> make_log_driver(std::string_view type, const LogOpts& opts,
                                                   const std::string& log_path, const ContainerLogInfo& info) {
    if (auto valid = validate_log_config(type, opts); !valid) return std::unexpected(valid.error());
    if (type == "none") return std::unique_ptr<LogDriver>(new NoneDriver());
    auto driver = type == "json-file" ? JsonFileDriver::open(opts, log_path, info)
                                      : LocalDriver::open(opts, log_path, info);
    if (!driver) return std::unexpected(std::move(driver.error()).wrap("starting the {} log driver", type));
    return driver;
}

const LogFormat* log_format(std::string_view type) {
    static const JsonFileFormat json_file;
    static const LocalFormat local;
    if (type == "json-file") return &json_file;
    if (type == "local") return &local;
    return nullptr;
}

} // namespace berth::logs
