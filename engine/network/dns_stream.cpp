#include "network/dns_stream.h"

#include <algorithm>

namespace berth::network {

std::vector<uint8_t> frame_dns_message(std::span<const uint8_t> message) {
    size_t size = std::min(message.size(), kDnsMaxMessageSize);
    std::vector<uint8_t> framed;
    framed.reserve(size + 2);
    framed.push_back(static_cast<uint8_t>(size >> 8));
    framed.push_back(static_cast<uint8_t>(size & 0xff));
    framed.insert(framed.end(), message.begin(), message.begin() + static_cast<std::ptrdiff_t>(size));
    return framed;
}

void DnsStreamReader::append(std::span<const uint8_t> bytes) {
    // Drop what was handed out before growing, so a long connection's buffer
    // holds at most one message and the latest bytes.
    if (start_ > 0) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
        start_ = 0;
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<std::vector<uint8_t>> DnsStreamReader::next() {
    if (pending() < 2) return std::nullopt;
    size_t size = (size_t{buffer_[start_]} << 8) | buffer_[start_ + 1];
    if (pending() < 2 + size) return std::nullopt;
    auto begin = buffer_.begin() + static_cast<std::ptrdiff_t>(start_ + 2);
    std::vector<uint8_t> message(begin, begin + static_cast<std::ptrdiff_t>(size));
    start_ += 2 + size;
    return message;
}

} // namespace berth::network
