#include "compose/converge/log_stream.h"

#include "compose/converge/labels.h"

#include <cstdint>

namespace berth::compose::converge {

void FrameDecoder::feed(std::string_view chunk, const std::function<void(std::string_view)>& on_payload) {
    if (raw_) {
        on_payload(chunk);
        return;
    }
    pending_.append(chunk);
    size_t at = 0;
    while (pending_.size() - at >= 8) {
        auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(pending_[at + i])); };
        uint32_t size = byte(4) << 24 | byte(5) << 16 | byte(6) << 8 | byte(7);
        if (pending_.size() - at - 8 < size)
            break;
        on_payload(std::string_view(pending_).substr(at + 8, size));
        at += 8 + size;
    }
    pending_.erase(0, at);
}

void LineSplitter::feed(std::string_view piece, const std::function<void(std::string_view)>& on_line) {
    for (size_t newline; (newline = piece.find('\n')) != std::string_view::npos; piece.remove_prefix(newline + 1)) {
        if (partial_.empty()) {
            on_line(piece.substr(0, newline));
        } else {
            partial_.append(piece.substr(0, newline));
            on_line(partial_);
            partial_.clear();
        }
    }
    partial_.append(piece);
}

void LineSplitter::flush(const std::function<void(std::string_view)>& on_line) {
    if (!partial_.empty())
        on_line(partial_);
    partial_.clear();
}

std::string logs_target(const std::string& id, const LogRequest& request) {
    return "/containers/" + id + "/logs?stdout=1&stderr=1" + (request.follow ? "&follow=1" : "") +
           (request.timestamps ? "&timestamps=1" : "") + "&tail=" + url_escape(request.tail) +
           (request.since.empty() ? "" : "&since=" + url_escape(request.since)) +
           (request.until.empty() ? "" : "&until=" + url_escape(request.until));
}

Result<> stream_container_logs(api::EngineClient& client, const std::string& id, bool tty, const LogRequest& request,
                               const std::function<void(std::string_view)>& on_line) {
    FrameDecoder frames(tty);
    LineSplitter lines;
    auto streamed = client.stream("GET", logs_target(id, request), [&](std::string_view chunk) {
        frames.feed(chunk, [&](std::string_view payload) { lines.feed(payload, on_line); });
        return true;
    });
    lines.flush(on_line);
    return streamed;
}

} // namespace berth::compose::converge
