#include "logs/message_splitter.h"

namespace berth::logs {

void MessageSplitter::feed(std::string_view bytes, const Sink& sink) {
    while (!bytes.empty()) {
        size_t newline = bytes.find('\n');
        size_t room = max_message - pending_.size();
        if (newline != std::string_view::npos && newline < room) {
            // A whole line: emit it without copying when nothing is pending.
            if (pending_.empty()) {
                sink({bytes.substr(0, newline), false});
            } else {
                pending_.append(bytes.substr(0, newline));
                sink({pending_, false});
                pending_.clear();
            }
            bytes.remove_prefix(newline + 1);
            continue;
        }
        // No newline within what fits: fill the buffer; a full buffer goes out as
        // a partial message, as dockerd does when its 16 KiB buffer holds no '\n'.
        size_t take = std::min(room, bytes.size());
        pending_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (pending_.size() == max_message) {
            sink({pending_, true});
            pending_.clear();
        }
    }
}

void MessageSplitter::flush(const Sink& sink) {
    if (pending_.empty()) return;
    sink({pending_, true});
    pending_.clear();
}

} // namespace berth::logs
