#include "network/dns_message.h"

#include <type_traits>

#include <algorithm>
#include <cctype>
#include <optional>

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

// Offset just past the (possibly compressed) name at `at`; nothing when it runs
// past the message.
std::optional<size_t> skip_name(std::span<const uint8_t> m, size_t at) {
    while (at < m.size()) {
        uint8_t length = m[at];
        if (length == 0) return at + 1;
        if ((length & 0xc0) == 0xc0) return at + 2 <= m.size() ? std::optional(at + 2) : std::nullopt;
        if (length & 0xc0) return std::nullopt;
        at += 1 + size_t{length};
    }
    return std::nullopt;
}

// Offset just past the question section.
std::optional<size_t> questions_end(std::span<const uint8_t> m) {
    size_t at = kHeaderSize;
    for (uint16_t i = 0, count = read16(m, 4); i < count; ++i) {
        auto name_end = skip_name(m, at);
        if (!name_end || *name_end + 4 > m.size()) return std::nullopt;
        at = *name_end + 4;
    }
    return at;
}

struct RecordSpan {
    size_t begin = 0;
    size_t end = 0;
    uint16_t type = 0;
    uint16_t klass = 0; // of an OPT record: the sender's UDP payload size
    int section = 0;    // 0 answer, 1 authority, 2 additional
};

// The resource records from `at` (just past the questions) to the end of the
// additional section, in order; nothing when one runs past the message.
std::optional<std::vector<RecordSpan>> resource_records(std::span<const uint8_t> m, size_t at) {
    std::vector<RecordSpan> records;
    for (int section = 0; section < 3; ++section) {
        for (uint16_t i = 0, count = read16(m, 6 + 2 * static_cast<size_t>(section)); i < count; ++i) {
            auto name_end = skip_name(m, at);
            if (!name_end || *name_end + 10 > m.size()) return std::nullopt;
            size_t end = *name_end + 10 + read16(m, *name_end + 8);
            if (end > m.size()) return std::nullopt;
            records.push_back({at, end, read16(m, *name_end), read16(m, *name_end + 2), section});
            at = end;
        }
    }
    return records;
}

void set16(std::vector<uint8_t>& m, size_t at, uint16_t value) {
    m[at] = static_cast<uint8_t>(value >> 8);
    m[at + 1] = static_cast<uint8_t>(value & 0xff);
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

namespace {

// One record per address of `type`, its data the address's bytes in network order.
template <typename Address>
std::vector<uint8_t> answer_records(std::span<const uint8_t> query, const DnsQuestion& q, uint16_t type,
                                    std::span<const Address> addresses) {
    std::vector<uint8_t> out = reply_header(q, 0, static_cast<uint16_t>(addresses.size()));
    out.insert(out.end(), query.begin() + kHeaderSize, query.begin() + static_cast<std::ptrdiff_t>(q.question_end));
    for (const Address& address : addresses) {
        put16(out, 0xc000 | kHeaderSize); // the name: a pointer to the question's
        put16(out, type);
        put16(out, kDnsClassIn);
        put16(out, 0);
        put16(out, 600); // TTL
        if constexpr (std::is_same_v<Address, Ipv4Address>) {
            put16(out, 4);
            uint32_t v = address.value;
            for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>((v >> shift) & 0xff));
        } else {
            auto bytes = address.bytes();
            put16(out, static_cast<uint16_t>(bytes.size()));
            out.insert(out.end(), bytes.begin(), bytes.end());
        }
    }
    return out;
}

} // namespace

std::vector<uint8_t> dns_answer(std::span<const uint8_t> query, const DnsQuestion& q,
                                std::span<const Ipv4Address> addresses) {
    return answer_records(query, q, kDnsTypeA, addresses);
}

std::vector<uint8_t> dns_answer(std::span<const uint8_t> query, const DnsQuestion& q,
                                std::span<const Ipv6Address> addresses) {
    return answer_records(query, q, kDnsTypeAAAA, addresses);
}

std::vector<uint8_t> dns_empty_reply(std::span<const uint8_t> query, const DnsQuestion& q, int rcode) {
    std::vector<uint8_t> out = reply_header(q, rcode, 0);
    out.insert(out.end(), query.begin() + kHeaderSize, query.begin() + static_cast<std::ptrdiff_t>(q.question_end));
    return out;
}

size_t dns_udp_reply_limit(std::span<const uint8_t> query, const DnsQuestion& question) {
    size_t limit = kDnsUdpMinimumSize;
    auto records = resource_records(query, question.question_end);
    if (!records) return limit;
    for (const RecordSpan& record : *records)
        if (record.section == 2 && record.type == kDnsTypeOpt) limit = std::max(limit, size_t{record.klass});
    return limit;
}

std::vector<uint8_t> truncate_dns_reply(std::vector<uint8_t> reply, size_t limit) {
    limit = std::max(limit, kDnsUdpMinimumSize);
    if (reply.size() <= limit || reply.size() < kHeaderSize) return reply;
    auto records_begin = questions_end(reply);
    auto records = records_begin ? resource_records(reply, *records_begin) : std::nullopt;
    if (!records) { // not a message we can walk: the header alone says "ask again over TCP"
        reply.resize(kHeaderSize);
        for (size_t count = 4; count < kHeaderSize; count += 2) set16(reply, count, 0);
        reply[2] |= 0x02;
        return reply;
    }
    // The OPT record goes last, whatever else fits (RFC 6891 7: a reply to an
    // EDNS query carries one).
    std::span<const uint8_t> opt;
    for (const RecordSpan& record : *records)
        if (record.section == 2 && record.type == kDnsTypeOpt)
            opt = std::span(reply).subspan(record.begin, record.end - record.begin);
    size_t budget = limit > opt.size() ? limit - opt.size() : 0;

    std::vector<uint8_t> out(reply.begin(), reply.begin() + static_cast<std::ptrdiff_t>(*records_begin));
    uint16_t kept[3] = {0, 0, 0};
    bool cut = false;
    for (const RecordSpan& record : *records) {
        if (record.section == 2 && record.type == kDnsTypeOpt) continue;
        if (out.size() + (record.end - record.begin) > budget) {
            cut = true;
            break;
        }
        out.insert(out.end(), reply.begin() + static_cast<std::ptrdiff_t>(record.begin),
                   reply.begin() + static_cast<std::ptrdiff_t>(record.end));
        ++kept[record.section];
    }
    if (!opt.empty()) {
        out.insert(out.end(), opt.begin(), opt.end());
        ++kept[2];
    }
    for (int section = 0; section < 3; ++section) set16(out, 6 + 2 * static_cast<size_t>(section), kept[section]);
    if (cut) out[2] |= 0x02; // TC
    return out;
}

} // namespace berth::network
