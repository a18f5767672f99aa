#pragma once
// A container's log as GET /containers/{id}/logs sends it, turned into lines:
// Docker's multiplexed frames (8-byte header: stream, 0,0,0, big-endian size)
// when the container has no TTY, raw bytes when it has one; lines split at '\n'
// across chunks, a last line without '\n' handed on when the stream ends.
// Used by `logs` and attached `up`; the decoders are pure, so tested alone.

#include "api/client/client.h"

#include <functional>
#include <string>
#include <string_view>

namespace berth::compose::converge {

// Multiplexed frames (or raw bytes) → payload pieces, whatever the chunking.
class FrameDecoder {
public:
    explicit FrameDecoder(bool raw) : raw_(raw) {}
    void feed(std::string_view chunk, const std::function<void(std::string_view)>& on_payload);

private:
    bool raw_;
    std::string pending_;
};

// Payload pieces → whole lines (without '\n'; a trailing '\r' kept as sent).
class LineSplitter {
public:
    void feed(std::string_view piece, const std::function<void(std::string_view)>& on_line);
    void flush(const std::function<void(std::string_view)>& on_line);

private:
    std::string partial_;
};

struct LogRequest {
    bool follow = false;
    std::string tail = "all";
    bool timestamps = false;
    std::string since; // Unix seconds ("1733500000.5"): only lines from then on; "" for all
    std::string until; // Unix seconds: only lines before then; "" for all
};

std::string logs_target(const std::string& id, const LogRequest& request);

// Streams one container's log, a line at a time, until it ends (the container
// stopped, or the end without follow) or client.cancel().
Result<> stream_container_logs(api::EngineClient& client, const std::string& id, bool tty, const LogRequest& request,
                               const std::function<void(std::string_view)>& on_line);

} // namespace berth::compose::converge
