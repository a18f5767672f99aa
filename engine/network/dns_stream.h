#pragma once
// DNS over TCP's framing (RFC 1035 4.2.2, RFC 7766 8): every message on the
// stream behind its length in two bytes, big-endian, and a client may send
// several queries on one connection, in as many or as few writes as it likes.
// Pure: the connections that use it are dns_tcp.h.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace berth::network {

inline constexpr size_t kDnsMaxMessageSize = 65535; // what two bytes of length can say

// `message` behind its length. A message longer than 65535 bytes cannot be
// framed: it is cut to that length (no DNS message we make is near it).
std::vector<uint8_t> frame_dns_message(std::span<const uint8_t> message);

// Collects the bytes of a stream as they come and hands out its messages whole,
// however the stream was cut.
class DnsStreamReader {
public:
    void append(std::span<const uint8_t> bytes);
    // The next whole message, or nothing until more bytes come.
    std::optional<std::vector<uint8_t>> next();
    // Bytes received and not yet handed out.
    size_t pending() const { return buffer_.size() - start_; }

private:
    std::vector<uint8_t> buffer_;
    size_t start_ = 0; // where the next message's length begins
};

} // namespace berth::network
