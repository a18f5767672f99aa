#include "logs/stream_framing.h"

#include "base/clock.h"

#include <algorithm>
#include <ctime>
#include <format>

namespace berth::logs {

std::array<char, frame_header_size> frame_header(StdStream stream, uint32_t length) {
    return {static_cast<char>(stream),
            0,
            0,
            0,
            static_cast<char>((length >> 24) & 0xFF),
            static_cast<char>((length >> 16) & 0xFF),
            static_cast<char>((length >> 8) & 0xFF),
            static_cast<char>(length & 0xFF)};
}

void append_frame(std::string& out, StdStream stream, std::string_view payload) {
    do {
        size_t length = std::min<size_t>(payload.size(), UINT32_MAX);
        auto header = frame_header(stream, static_cast<uint32_t>(length));
        out.append(header.data(), header.size());
        out.append(payload.substr(0, length));
        payload.remove_prefix(length);
    } while (!payload.empty());
}

StdStream std_stream(LogStream stream) {
    return stream == LogStream::Stderr ? StdStream::Stderr : StdStream::Stdout;
}

Result<std::optional<FrameDecoder::Frame>> FrameDecoder::next() {
    if (buffer_.size() < frame_header_size) return std::optional<Frame>();
    auto type = static_cast<unsigned char>(buffer_[0]);
    if (type > static_cast<unsigned char>(StdStream::Systemerr))
        return fail(ErrorCategory::Invalid, "Unrecognized input header: {}", type);
    uint32_t length = 0;
    for (size_t k = 4; k < 8; ++k) length = (length << 8) | static_cast<unsigned char>(buffer_[k]);
    if (buffer_.size() < frame_header_size + length) return std::optional<Frame>();
    Frame frame{static_cast<StdStream>(type), buffer_.substr(frame_header_size, length)};
    buffer_.erase(0, frame_header_size + length);
    return std::optional<Frame>(std::move(frame));
}

namespace {

// Go's url.QueryEscape: unreserved bytes stay, ' ' becomes '+', the rest %XX.
std::string query_escape(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
        auto b = static_cast<unsigned char>(c);
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_' ||
            b == '.' || b == '~') {
            out += c;
        } else if (b == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 0xF];
        }
    }
    return out;
}

} // namespace

std::string format_log_line(const LogEntry& entry, bool timestamps, bool details) {
    std::string out;
    if (timestamps) out = format_rfc3339_nano_fixed(entry.time_ns) + " ";
    if (details) {
        auto attrs = entry.attrs;
        std::ranges::stable_sort(attrs, {}, &std::pair<std::string, std::string>::first);
        for (size_t i = 0; i < attrs.size(); ++i) {
            if (i > 0) out += ',';
            out += query_escape(attrs[i].first) + "=" + query_escape(attrs[i].second);
        }
        out += ' ';
    }
    out += entry.line;
    return out;
}

} // namespace berth::logs
