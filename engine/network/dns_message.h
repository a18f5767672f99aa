#pragma once
// The few DNS messages the embedded resolver reads and writes (RFC 1035): a
// query's header and single question, an answer with A or AAAA records, and the
// refusals (NXDOMAIN, SERVFAIL); the size a UDP reply may have and the cut of
// one that is larger. Pure functions over bytes; the server that uses them is
// dns_server.h.

#include "base/error.h"
#include "network/ipv4.h"
#include "network/ipv6.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace berth::network {

inline constexpr uint16_t kDnsTypeA = 1;
inline constexpr uint16_t kDnsTypeAAAA = 28;
inline constexpr uint16_t kDnsClassIn = 1;
inline constexpr uint16_t kDnsTypeOpt = 41;          // EDNS(0), RFC 6891
inline constexpr size_t kDnsUdpMinimumSize = 512;    // RFC 1035 4.2.1: UDP without EDNS

struct DnsQuestion {
    uint16_t id = 0;
    uint16_t flags = 0;  // the query's, of which RD is echoed
    std::string name;    // lower case, without the final dot: "web", "db.example.com"
    uint16_t type = 0;
    uint16_t klass = 0;
    size_t question_end = 0; // offset just past the question in the message
};

// A standard query (QR=0, OPCODE=0) with exactly one question; compression
// pointers are refused in a question (no resolver sends them there).
Result<DnsQuestion> parse_dns_query(std::span<const uint8_t> message);

// The reply to `query` (the message parse_dns_query read): its question echoed,
// one A record per address (TTL 600 as Docker's), AA and RA set.
std::vector<uint8_t> dns_answer(std::span<const uint8_t> query, const DnsQuestion& question,
                                std::span<const Ipv4Address> addresses);
// The same with one AAAA record per address.
std::vector<uint8_t> dns_answer(std::span<const uint8_t> query, const DnsQuestion& question,
                                std::span<const Ipv6Address> addresses);
// A reply with no answers and `rcode` (3 NXDOMAIN, 2 SERVFAIL); 0 with no
// answer is Docker's reply to AAAA for a known name.
std::vector<uint8_t> dns_empty_reply(std::span<const uint8_t> query, const DnsQuestion& question, int rcode);

// The largest UDP reply the sender of `query` takes: 512 bytes, or the payload
// size of its EDNS(0) OPT record when larger, as Docker's resolver reads it.
size_t dns_udp_reply_limit(std::span<const uint8_t> query, const DnsQuestion& question);

// `reply` made to fit in `limit` bytes (never under 512) as Docker's resolver
// does (miekg/dns's Msg.Truncate): whole records kept in order while they fit,
// an EDNS OPT record kept, and TC set when a record was left out, so the client
// asks again over TCP. A reply that fits comes back unchanged. Unlike miekg,
// the records kept are always a prefix of the reply's (no smaller record of a
// later section slips in after a cut), so compression pointers stay valid.
std::vector<uint8_t> truncate_dns_reply(std::vector<uint8_t> reply, size_t limit);

} // namespace berth::network
