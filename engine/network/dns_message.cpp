#include "network/dns_message.h"

#include <cctype>

namespace berth::network {

namespace {

constexpr size_t kHeaderSize = 12;

uint16_t read16(std::span<const uint8_t> m, size_t at) {
    return static_cast<uint16_t>((m[at] << 8) | m[at + 1]);
}

void put16(std::vector<uint8_t>& out, uint16_t value) {
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value & 0xff));
}

// Header of a reply: the query's id, QR and AA and RA set, RD echoed.
std::vector<uint8_t> reply_header(const DnsQuestion& q, int rcode, uint16_t answers) {
    std::vector<uint8_t> out;
    put16(out, q.id);
    uint16_t flags = static_cast<uint16_t>(0x8000 | 0x0400 | (q.flags & 0x0100) | 0x0080 | (rcode & 0xf));
    put16(out, flags);
    put16(out, 1);
    put16(out, answers);
    put16(out, 0);
    put16(out, 0);
    return out;
}

} // namespace

Result<DnsQuestion> parse_dns_query(std::span<const uint8_t> m) {
    if (m.size() < kHeaderSize) return fail(ErrorCategory::Invalid, "DNS message of {} bytes: too short", m.size());
    DnsQuestion q;
    q.id = read16(m, 0);
    q.flags = read16(m, 2);
    if (q.flags & 0x8000) return fail(ErrorCategory::Invalid, "DNS message is a response");
    if ((q.flags >> 11) & 0xf) return fail(ErrorCategory::Invalid, "DNS opcode {} is not a query", (q.flags >> 11) & 0xf);
    if (read16(m, 4) != 1) return fail(ErrorCategory::Invalid, "DNS query with {} questions", read16(m, 4));
    size_t at = kHeaderSize;
    for (;;) {
        if (at >= m.size()) return fail(ErrorCategory::Invalid, "DNS name runs past the message");
        uint8_t length = m[at++];
        if (length == 0) break;
        if (length & 0xc0) return fail(ErrorCategory::Invalid, "compressed DNS name in a question");
        if (at + length > m.size()) return fail(ErrorCategory::Invalid, "DNS label runs past the message");
        if (!q.name.empty()) q.name += '.';
        for (size_t i = 0; i < length; ++i)
            q.name += static_cast<char>(std::tolower(static_cast<unsigned char>(m[at + i])));
        at += length;
        if (q.name.size() > 253) return fail(ErrorCategory::Invalid, "DNS name too long");
    }
    if (at + 4 > m.size()) return fail(ErrorCategory::Invalid, "DNS question without type and class");
    q.type = read16(m, at);
    q.klass = read16(m, at + 2);
    q.question_end = at + 4;
    return q;
}

std::vector<uint8_t> dns_answer(std::span<const uint8_t> query, const DnsQuestion& q,
                                std::span<const Ipv4Address> addresses) {
    std::vector<uint8_t> out = reply_header(q, 0, static_cast<uint16_t>(addresses.size()));
    out.insert(out.end(), query.begin() + kHeaderSize, query.begin() + static_cast<std::ptrdiff_t>(q.question_end));
    for (const Ipv4Address& address : addresses) {
        put16(out, 0xc000 | kHeaderSize); // the name: a pointer to the question's
        put16(out, kDnsTypeA);
        put16(out, kDnsClassIn);
        put16(out, 0);
        put16(out, 600); // TTL
        put16(out, 4);
        uint32_t v = address.value;
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>((v >> shift) & 0xff));
    }
    return out;
}

std::vector<uint8_t> dns_empty_reply(std::span<const uint8_t> query, const DnsQuestion& q, int rcode) {
    std::vector<uint8_t> out = reply_header(q, rcode, 0);
    out.insert(out.end(), query.begin() + kHeaderSize, query.begin() + static_cast<std::ptrdiff_t>(q.question_end));
    return out;
}

} // namespace berth::network
