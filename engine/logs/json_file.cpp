#include "logs/json_file.h"

#include "base/clock.h"
#include "base/units.h"
#include "logs/log_options.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unistd.h>

namespace berth::logs {

namespace {

// Go's utf8.DecodeRune: the code point and its length, or length 1 and -1 for a
// byte that does not start a valid (shortest-form, non-surrogate) sequence.
std::pair<int32_t, size_t> decode_rune(std::string_view s, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b0 = byte(i);
    size_t length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
    if (length == 1 || b0 > 0xF4 || i + length > s.size()) return {-1, 1};
    int32_t rune = b0 & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
        unsigned char b = byte(i + k);
        if ((b & 0xC0) != 0x80) return {-1, 1};
        rune = (rune << 6) | (b & 0x3F);
    }
    static constexpr int32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (rune < minimum[length] || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) return {-1, 1};
    return {rune, length};
}

// dockerd's ffjsonWriteJSONBytesAsString.
void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    size_t start = 0;
    for (size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            if (b >= 0x20 && b != '\\' && b != '"' && b != '<' && b != '>' && b != '&') {
                ++i;
                continue;
            }
            out.append(s.substr(start, i - start));
            if (b == '\\' || b == '"') {
                out += '\\';
                out += static_cast<char>(b);
            } else if (b == '\n') {
                out += "\\n";
            } else if (b == '\r') {
                out += "\\r";
            } else {
                out += "\\u00";
                out += hex[b >> 4];
                out += hex[b & 0xF];
            }
            start = ++i;
            continue;
        }
        auto [rune, size] = decode_rune(s, i);
        if (rune < 0 || rune == 0x2028 || rune == 0x2029) {
            out.append(s.substr(start, i - start));
            if (rune < 0) {
                out += "\\ufffd";
            } else {
                out += "\\u202";
                out += hex[rune & 0xF];
            }
            i += size;
            start = i;
            continue;
        }
        i += size;
    }
    out.append(s.substr(start));
    out += '"';
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// The "time" field as dockerd writes it ("2024-01-01T00:00:00.123456789Z") without
// strptime; anything else (a numeric zone) goes through the general parser.
Result<int64_t> parse_log_time(std::string_view text) {
    auto digits = [&](size_t at, size_t count, int64_t& out) {
        if (at + count > text.size()) return false;
        out = 0;
        for (size_t k = at; k < at + count; ++k) {
            if (text[k] < '0' || text[k] > '9') return false;
            out = out * 10 + (text[k] - '0');
        }
        return true;
    };
    int64_t year, month, day, hour, minute, second;
    if (text.size() >= 20 && text.back() == 'Z' && digits(0, 4, year) && text[4] == '-' && digits(5, 2, month) &&
        text[7] == '-' && digits(8, 2, day) && text[10] == 'T' && digits(11, 2, hour) && text[13] == ':' &&
        digits(14, 2, minute) && text[16] == ':' && digits(17, 2, second) && month >= 1 && month <= 12) {
        int64_t nanos = 0;
        size_t fraction = text.size() - 20; // ".123Z" -> 4 incl. the dot
        bool ok = fraction == 0;
        if (fraction >= 2 && fraction <= 10 && text[19] == '.' && digits(20, fraction - 1, nanos)) {
            for (size_t k = fraction - 1; k < 9; ++k) nanos *= 10;
            ok = true;
        }
        if (ok) {
            int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
            return ((days * 24 + hour) * 60 + minute) * 60 * 1'000'000'000 + second * 1'000'000'000 + nanos;
        }
    }
    return parse_api_timestamp(text);
}

} // namespace

Result<JsonFileOptions> parse_json_file_options(const LogOpts& opts) {
    for (const auto& [key, value] : opts) {
        static constexpr std::string_view known[] = {"max-file", "max-size", "compress", "labels", "labels-regex",
                                                     "env",      "env-regex", "tag",     "mode",   "max-buffer-size"};
        if (std::ranges::find(known, key) == std::end(known))
            return fail(ErrorCategory::Invalid, "unknown log opt '{}' for json-file log driver", key);
    }
    JsonFileOptions options;
    if (auto it = opts.find("max-size"); it != opts.end()) {
        // dockerd reads json-file's max-size with FromHumanSize (decimal units).
        auto size = parse_human_size(it->second);
        if (!size) return std::unexpected(size.error());
        if (*size <= 0) return fail(ErrorCategory::Invalid, "max-size must be a positive number");
        options.max_size = *size;
    }
    if (auto it = opts.find("max-file"); it != opts.end()) {
        auto files = parse_go_int(it->second);
        if (!files) return std::unexpected(files.error());
        if (*files < 1) return fail(ErrorCategory::Invalid, "max-file cannot be less than 1");
        options.max_files = *files;
    }
    if (auto it = opts.find("compress"); it != opts.end()) {
        auto compress = parse_go_bool(it->second);
        if (!compress) return std::unexpected(compress.error());
        if (*compress && (options.max_files == 1 || options.max_size == RotatingFile::unlimited))
            return fail(ErrorCategory::Invalid,
                        "compress cannot be true when max-file is less than 2 or max-size is not set");
        options.compress = *compress;
    }
    return options;
}

std::string encode_json_log_line(const LogMessage& message, std::string_view attrs_json) {
    std::string out;
    out.reserve(message.line.size() + 96 + attrs_json.size());
    out += '{';
    // dockerd omits an empty "log" (omitempty); a message always has its '\n' unless partial.
    if (!message.line.empty() || !message.partial) {
        std::string line(message.line);
        if (!message.partial) line += '\n';
        out += "\"log\":";
        append_json_string(out, line);
        out += ',';
    }
    out += "\"stream\":";
    append_json_string(out, stream_name(message.stream));
    if (!attrs_json.empty()) {
        out += ",\"attrs\":";
        out += attrs_json;
    }
    out += ",\"time\":\"";
    out += format_rfc3339_nano(message.time_ns);
    out += "\"}\n";
    return out;
}

std::string encode_json_attrs(const std::map<std::string, std::string>& attrs) {
    if (attrs.empty()) return {};
    std::string out = "{";
    for (const auto& [key, value] : attrs) {
        if (out.size() > 1) out += ',';
        append_json_string(out, key);
        out += ':';
        append_json_string(out, value);
    }
    return out + "}";
}

Result<std::unique_ptr<LogDriver>> JsonFileDriver::open(const LogOpts& opts, const std::string& path,
                                                        const ContainerLogInfo& info) {
    auto options = parse_json_file_options(opts);
    if (!options) return std::unexpected(options.error());
    auto attrs = log_attributes(opts, info);
    if (!attrs) return std::unexpected(attrs.error());
    auto file = RotatingFile::open(path, options->max_size, options->max_files);
    if (!file) return std::unexpected(file.error());
    return std::unique_ptr<LogDriver>(new JsonFileDriver(std::move(*file), encode_json_attrs(*attrs)));
}

Result<> JsonFileDriver::store(const LogMessage& message) {
    return file_.append(encode_json_log_line(message, attrs_json_));
}

Result<> JsonFileDriver::close_file() {
    file_.close();
    return {};
}

Result<size_t> JsonFileFormat::record_length(std::string_view data) const {
    size_t newline = data.find('\n');
    return newline == std::string_view::npos ? 0 : newline + 1;
}

Result<LogEntry> JsonFileFormat::decode(std::string_view record) const {
    auto json = nlohmann::json::parse(record, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return fail(ErrorCategory::System, "corrupt json-file log line: {}", record.substr(0, 200));
    LogEntry entry;
    if (auto log = json.find("log"); log != json.end() && log->is_string()) entry.line = log->get<std::string>();
    entry.partial = entry.line.empty() || entry.line.back() != '\n';
    if (auto stream = json.find("stream"); stream != json.end() && *stream == "stderr")
        entry.stream = LogStream::Stderr;
    auto time = json.find("time");
    if (time == json.end() || !time->is_string())
        return fail(ErrorCategory::System, "json-file log line without a time: {}", record.substr(0, 200));
    auto ns = parse_log_time(time->get_ref<const std::string&>());
    if (!ns) return std::unexpected(ns.error());
    entry.time_ns = *ns;
    if (auto attrs = json.find("attrs"); attrs != json.end() && attrs->is_object())
        for (const auto& [key, value] : attrs->items())
            if (value.is_string()) entry.attrs.emplace_back(key, value.get<std::string>());
    return entry;
}

Result<TailStart> JsonFileFormat::find_tail(int fd, int64_t size, int64_t wanted) const {
    if (wanted <= 0) return TailStart{size, 0};
    char block[64 * 1024];
    int64_t end = size;
    int64_t records = 0;
    bool seen_last = false; // passed the '\n' that ends the last whole record
    while (end > 0) {
        int64_t begin = std::max<int64_t>(0, end - static_cast<int64_t>(sizeof block));
        ssize_t n = ::pread(fd, block, static_cast<size_t>(end - begin), begin);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail_errno("reading log file");
        }
        if (n != end - begin) return fail(ErrorCategory::System, "log file shrank while reading it");
        for (int64_t k = n - 1; k >= 0; --k) {
            if (block[k] != '\n') continue;
            if (!seen_last) {
                seen_last = true;
                records = 1;
                continue;
            }
            if (records == wanted) return TailStart{begin + k + 1, wanted};
            ++records;
        }
        end = begin;
    }
    return TailStart{0, records};
}

} // namespace berth::logs
