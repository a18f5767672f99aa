#pragma once
// The few DNS messages the embedded resolver reads and writes (RFC 1035): a
// query's header and single question, an answer with A records, and the
// refusals (NXDOMAIN, SERVFAIL). Pure functions over bytes; the server that
// uses them is dns_server.h.

#include "base/error.h"
#include "network/ipv4.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace berth::network {

inline constexpr uint16_t kDnsTypeA = 1;
inline constexpr uint16_t kDnsTypeAAAA = 28;
inline constexpr uint16_t kDnsClassIn = 1;

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
// A reply with no answers and `rcode` (3 NXDOMAIN, 2 SERVFAIL); 0 with no
// answer is Docker's reply to AAAA for a known name.
std::vector<uint8_t> dns_empty_reply(std::span<const uint8_t> query, const DnsQuestion& question, int rcode);

} // namespace berth::network
