#include "logs/local.h"

#include "base/units.h"
#include "logs/log_options.h"

#include <algorithm>
#include <deque>
#include <unistd.h>

namespace berth::logs {

namespace {

constexpr uint8_t format_version = 1;
constexpr uint8_t flag_stderr = 1;
constexpr uint8_t flag_partial = 2;

void put_be(std::string& out, uint64_t value, int bytes) {
    for (int k = bytes - 1; k >= 0; --k) out += static_cast<char>((value >> (8 * k)) & 0xFF);
}

// Reads big-endian integers off the front of a payload, failing on a short one.
class PayloadReader {
public:
    explicit PayloadReader(std::string_view data) : data_(data) {}
    bool read(uint64_t& value, int bytes) {
        if (data_.size() < static_cast<size_t>(bytes)) return false;
        value = 0;
        for (int k = 0; k < bytes; ++k) value = (value << 8) | static_cast<unsigned char>(data_[k]);
        data_.remove_prefix(static_cast<size_t>(bytes));
        return true;
    }
    bool read_bytes(std::string& out, int length_bytes) {
        uint64_t length = 0;
        if (!read(length, length_bytes) || data_.size() < length) return false;
        out.assign(data_.substr(0, length));
        data_.remove_prefix(length);
        return true;
    }
    bool done() const { return data_.empty(); }

private:
    std::string_view data_;
};

uint32_t get_be32(const char* p) {
    uint32_t value = 0;
    for (int k = 0; k < 4; ++k) value = (value << 8) | static_cast<unsigned char>(p[k]);
    return value;
}

} // namespace

Result<LocalOptions> parse_local_options(const LogOpts& opts) {
    for (const auto& [key, value] : opts) {
        static constexpr std::string_view known[] = {"max-file", "max-size", "compress", "labels", "labels-regex",
                                                     "env",      "env-regex", "tag",     "mode",   "max-buffer-size"};
        if (std::ranges::find(known, key) == std::end(known))
            return fail(ErrorCategory::Invalid, "unknown log opt '{}' for log driver local", key);
    }
    LocalOptions options;
    if (auto it = opts.find("max-size"); it != opts.end()) {
        auto size = parse_human_size(it->second);
        if (!size) return fail(ErrorCategory::Invalid, "invalid value for max-size: {}: {}", it->second,
                               size.error().message());
        options.max_size = *size;
    }
    if (auto it = opts.find("max-file"); it != opts.end()) {
        auto files = parse_go_int(it->second);
        if (!files) return fail(ErrorCategory::Invalid, "invalid value for max-file: {}: {}", it->second,
                                files.error().message());
        options.max_files = *files;
    }
    if (auto it = opts.find("compress"); it != opts.end()) {
        auto compress = parse_go_bool(it->second);
        if (!compress)
            return fail(ErrorCategory::Invalid, "invalid boolean value for compress: {}", compress.error().message());
        options.compress = *compress;
    }
    if (options.max_size < 0) return fail(ErrorCategory::Invalid, "max-size must not be negative");
    if (options.max_files < 0) return fail(ErrorCategory::Invalid, "max-file must not be negative");
    // dockerd's rule, kept although berthd does not compress: compress defaults to true.
    if (options.compress && options.max_files <= 1)
        return fail(ErrorCategory::Invalid, "compression cannot be enabled when max file count is 1");
    return options;
}

std::string encode_local_record(const LogMessage& message, const std::map<std::string, std::string>& attrs) {
    std::string payload;
    payload.reserve(16 + message.line.size());
    payload += static_cast<char>(format_version);
    uint8_t flags = (message.stream == LogStream::Stderr ? flag_stderr : 0) | (message.partial ? flag_partial : 0);
    payload += static_cast<char>(flags);
    put_be(payload, static_cast<uint64_t>(message.time_ns), 8);
    put_be(payload, message.line.size(), 4);
    payload += message.line;
    put_be(payload, attrs.size(), 2);
    for (const auto& [key, value] : attrs) {
        put_be(payload, key.size(), 2);
        payload += key;
        put_be(payload, value.size(), 4);
        payload += value;
    }
    std::string record;
    record.reserve(payload.size() + 8);
    put_be(record, payload.size(), 4);
    record += payload;
    put_be(record, payload.size(), 4);
    return record;
}

Result<std::unique_ptr<LogDriver>> LocalDriver::open(const LogOpts& opts, const std::string& path,
                                                     const ContainerLogInfo& info) {
    auto options = parse_local_options(opts);
    if (!options) return std::unexpected(options.error());
    auto attrs = log_attributes(opts, info);
    if (!attrs) return std::unexpected(attrs.error());
    // max-size 0 would rotate before every record; read it as "no limit".
    int64_t max_size = options->max_size > 0 ? options->max_size : RotatingFile::unlimited;
    auto file = RotatingFile::open(path, max_size, options->max_files);
    if (!file) return std::unexpected(file.error());
    return std::unique_ptr<LogDriver>(new LocalDriver(std::move(*file), std::move(*attrs)));
}

Result<> LocalDriver::store(const LogMessage& message) {
    // Lines are at most 16 KiB (MessageSplitter), far below LocalFormat::max_payload.
    return file_.append(encode_local_record(message, attrs_));
}

Result<> LocalDriver::close_file() {
    file_.close();
    return {};
}

Result<size_t> LocalFormat::record_length(std::string_view data) const {
    if (data.size() < 4) return 0;
    uint32_t length = get_be32(data.data());
    if (length > max_payload) return fail(ErrorCategory::System, "corrupt local log record: length {}", length);
    if (data.size() < length + 8u) return 0;
    if (get_be32(data.data() + 4 + length) != length)
        return fail(ErrorCategory::System, "corrupt local log record: lengths differ");
    return length + 8u;
}

Result<LogEntry> LocalFormat::decode(std::string_view record) const {
    PayloadReader in(record.substr(4, record.size() - 8));
    uint64_t version = 0, flags = 0, time = 0, attr_count = 0;
    LogEntry entry;
    auto corrupt = [] { return fail(ErrorCategory::System, "corrupt local log record"); };
    if (!in.read(version, 1) || version != format_version || !in.read(flags, 1) || !in.read(time, 8) ||
        !in.read_bytes(entry.line, 4) || !in.read(attr_count, 2))
        return corrupt();
    for (uint64_t k = 0; k < attr_count; ++k) {
        std::string key, value;
        if (!in.read_bytes(key, 2) || !in.read_bytes(value, 4)) return corrupt();
        entry.attrs.emplace_back(std::move(key), std::move(value));
    }
    entry.stream = (flags & flag_stderr) ? LogStream::Stderr : LogStream::Stdout;
    entry.partial = (flags & flag_partial) != 0;
    if (!entry.partial) entry.line += '\n';
    entry.time_ns = static_cast<int64_t>(time);
    return entry;
}

Result<TailStart> LocalFormat::find_tail(int fd, int64_t size, int64_t wanted) const {
    // Walks the trailing lengths back from the end. A record still being written
    // at the end would make the walk land on garbage, so a bad length ends it and
    // the tail starts after the last record that checked out.
    TailStart tail{size, 0};
    int64_t end = size;
    while (tail.found < wanted && end >= 8) {
        char trailer[4];
        if (::pread(fd, trailer, 4, end - 4) != 4) return fail_errno("reading local log file");
        uint32_t length = get_be32(trailer);
        int64_t begin = end - 8 - static_cast<int64_t>(length);
        if (length > max_payload || begin < 0) break;
        char header[4];
        if (::pread(fd, header, 4, begin) != 4) return fail_errno("reading local log file");
        if (get_be32(header) != length) break;
        end = begin;
        tail.offset = begin;
        ++tail.found;
    }
    if (tail.found > 0 || size == 0 || wanted <= 0) return tail;
    return find_tail_forward(fd, size, wanted);
}

Result<TailStart> LocalFormat::find_tail_forward(int fd, int64_t size, int64_t wanted) const {
    // The slow way, for a file whose end is mid-record: hop over the leading
    // lengths from the start, remembering where the last `wanted` records began.
    std::deque<int64_t> starts;
    int64_t at = 0;
    while (at + 8 <= size) {
        char header[4];
        if (::pread(fd, header, 4, at) != 4) return fail_errno("reading local log file");
        uint32_t length = get_be32(header);
        if (length > max_payload || at + 8 + static_cast<int64_t>(length) > size) break;
        starts.push_back(at);
        if (static_cast<int64_t>(starts.size()) > wanted) starts.pop_front();
        at += 8 + static_cast<int64_t>(length);
    }
    if (starts.empty()) return TailStart{at, 0};
    return TailStart{starts.front(), static_cast<int64_t>(starts.size())};
}

} // namespace berth::logs
