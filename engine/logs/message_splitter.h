#pragma once
// Cuts a container's output, which arrives in chunks of any size, into messages
// the way dockerd's log copier does: one message per '\n' (the newline itself is
// not part of the message); bytes without a newline wait for the rest of their
// line until 16 KiB have piled up, then go out as a partial message. flush() hands
// out whatever is left (partial) when the stream ends.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace berth::logs {

struct SplitMessage {
    std::string_view line; // without the '\n'
    bool partial = false;  // true when the line did not end in '\n' here
};

class MessageSplitter {
public:
    // dockerd's copier buffer: a line longer than this is logged in pieces.
    static constexpr size_t max_message = 16 * 1024;

    using Sink = std::function<void(const SplitMessage&)>;

    // Feeds one chunk; calls `sink` for every message it completes.
    void feed(std::string_view bytes, const Sink& sink);
    // Emits the pending bytes, if any, as a partial message.
    void flush(const Sink& sink);

    size_t pending() const { return pending_.size(); }

private:
    std::string pending_;
};

} // namespace berth::logs
