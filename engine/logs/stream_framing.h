#pragma once
// What the logs (and attach) endpoints put on the wire.
//
// Without a TTY, Docker multiplexes stdout and stderr on one connection with
// pkg/stdcopy's header before each frame:
//   byte 0: stream (0 stdin, 1 stdout, 2 stderr, 3 systemerr: a daemon error)
//   bytes 1-3: zero
//   bytes 4-7: payload length, big-endian
// With a TTY the bytes go out raw.

#include "base/error.h"
#include "logs/log_entry.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::logs {

enum class StdStream : uint8_t { Stdin = 0, Stdout = 1, Stderr = 2, Systemerr = 3 };

constexpr size_t frame_header_size = 8;

std::array<char, frame_header_size> frame_header(StdStream stream, uint32_t length);
// Appends header + payload to `out`; a payload over 4 GiB is cut into several frames.
void append_frame(std::string& out, StdStream stream, std::string_view payload);

StdStream std_stream(LogStream stream);

// Splits a multiplexed byte stream back into frames, fed in chunks of any size
// (the client side: tests, `berth logs`).
class FrameDecoder {
public:
    struct Frame {
        StdStream stream;
        std::string payload;
    };

    void feed(std::string_view bytes) { buffer_.append(bytes); }
    // The next whole frame, nullopt until one is complete; an unknown stream byte
    // is an error ("Unrecognized input header: 7", stdcopy's words).
    Result<std::optional<Frame>> next();
    // Bytes of an unfinished frame (non-zero at the end of the stream means it was cut).
    size_t pending() const { return buffer_.size(); }

private:
    std::string buffer_;
};

// One entry as `docker logs` prints it: with `details`, the attrs as
// url-query-escaped "k=v" pairs sorted by key, joined by ',' and followed by a
// space (just the space when there are none); with `timestamps`, the fixed
// RFC 3339 time and a space before everything.
std::string format_log_line(const LogEntry& entry, bool timestamps, bool details);

} // namespace berth::logs
