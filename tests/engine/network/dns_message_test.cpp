#include "network/dns_message.h"

#include <gtest/gtest.h>

using namespace berth::network;

namespace {

// A query as resolvers send it: id, RD, one question.
std::vector<uint8_t> query(const std::string& name, uint16_t type = kDnsTypeA, uint16_t id = 0x1234) {
    std::vector<uint8_t> m = {static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id & 0xff), 0x01, 0x00, 0, 1, 0, 0, 0,
                              0, 0, 0};
    size_t start = 0;
    while (start <= name.size()) {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        m.push_back(static_cast<uint8_t>(dot - start));
        for (size_t i = start; i < dot; ++i) m.push_back(static_cast<uint8_t>(name[i]));
        start = dot + 1;
    }
    m.push_back(0);
    m.insert(m.end(), {0, static_cast<uint8_t>(type), 0, 1});
    return m;
}

// An EDNS(0) OPT record (RFC 6891): root name, type 41, the UDP size as its class.
std::vector<uint8_t> opt_record(uint16_t udp_size) {
    return {0, 0, 41, static_cast<uint8_t>(udp_size >> 8), static_cast<uint8_t>(udp_size & 0xff), 0, 0, 0, 0, 0, 0};
}

std::vector<uint8_t> with_opt(std::vector<uint8_t> message, uint16_t udp_size) {
    auto opt = opt_record(udp_size);
    message.insert(message.end(), opt.begin(), opt.end());
    message[11] = static_cast<uint8_t>(message[11] + 1); // ARCOUNT
    return message;
}

std::vector<Ipv4Address> addresses(int count) {
    std::vector<Ipv4Address> out;
    for (int i = 0; i < count; ++i) out.push_back(*Ipv4Address::parse(std::format("172.18.{}.{}", i / 200, 2 + i % 200)));
    return out;
}

uint16_t count_at(const std::vector<uint8_t>& m, size_t at) { return static_cast<uint16_t>((m[at] << 8) | m[at + 1]); }

} // namespace

TEST(DnsQuery, ReadsTheQuestionInLowerCase) {
    auto m = query("Web.Example.com");
    auto q = parse_dns_query(m);
    ASSERT_TRUE(q) << q.error().message();
    EXPECT_EQ(q->id, 0x1234);
    EXPECT_EQ(q->name, "web.example.com");
    EXPECT_EQ(q->type, kDnsTypeA);
    EXPECT_EQ(q->klass, kDnsClassIn);
    EXPECT_EQ(q->question_end, m.size());
}

TEST(DnsQuery, RefusesWhatIsNotOneStandardQuery) {
    auto m = query("web");
    EXPECT_FALSE(parse_dns_query(std::span(m).first(11)));   // short header
    EXPECT_FALSE(parse_dns_query(std::span(m).first(15)));   // name cut
    EXPECT_FALSE(parse_dns_query(std::span(m).first(m.size() - 1))); // class cut
    auto response = m;
    response[2] |= 0x80;
    EXPECT_FALSE(parse_dns_query(response));
    auto two = m;
    two[5] = 2;
    EXPECT_FALSE(parse_dns_query(two));
    auto compressed = m;
    compressed[12] = 0xc0;
    EXPECT_FALSE(parse_dns_query(compressed));
}

TEST(DnsAnswer, CarriesOneARecordPerAddress) {
    auto m = query("web");
    auto q = *parse_dns_query(m);
    std::vector<Ipv4Address> addresses = {*Ipv4Address::parse("172.18.0.2"), *Ipv4Address::parse("172.18.0.3")};
    auto reply = dns_answer(m, q, addresses);
    ASSERT_EQ(reply.size(), m.size() + 2 * 16);
    EXPECT_EQ(reply[0], 0x12);
    EXPECT_EQ(reply[1], 0x34);
    EXPECT_EQ(reply[2], 0x85); // QR, AA, RD
    EXPECT_EQ(reply[3], 0x80); // RA, NOERROR
    EXPECT_EQ(reply[7], 2);    // ANCOUNT
    size_t first = m.size();
    EXPECT_EQ(reply[first], 0xc0); // name: pointer to the question
    EXPECT_EQ(reply[first + 1], 12);
    EXPECT_EQ(reply[first + 3], kDnsTypeA);
    EXPECT_EQ(std::vector<uint8_t>(reply.begin() + static_cast<long>(first) + 12, reply.begin() + static_cast<long>(first) + 16),
              (std::vector<uint8_t>{172, 18, 0, 2}));
    EXPECT_EQ(reply.back(), 3);
}

TEST(DnsEmptyReply, EchoesTheQuestionWithTheCode) {
    auto m = query("nothing.here");
    auto q = *parse_dns_query(m);
    auto reply = dns_empty_reply(m, q, 3);
    ASSERT_EQ(reply.size(), m.size());
    EXPECT_EQ(reply[3] & 0x0f, 3);
    EXPECT_EQ(reply[7], 0);
    EXPECT_TRUE(std::equal(m.begin() + 12, m.end(), reply.begin() + 12));
}

TEST(DnsUdpReplyLimit, Is512OrTheQuerysLargerEdnsSize) {
    auto plain = query("web");
    EXPECT_EQ(dns_udp_reply_limit(plain, *parse_dns_query(plain)), 512u);
    auto edns = with_opt(query("web"), 1232);
    auto q = parse_dns_query(edns);
    ASSERT_TRUE(q) << q.error().message();
    EXPECT_EQ(dns_udp_reply_limit(edns, *q), 1232u);
    auto small = with_opt(query("web"), 256); // never under 512 (RFC 6891 6.2.5)
    EXPECT_EQ(dns_udp_reply_limit(small, *parse_dns_query(small)), 512u);
    auto cut = edns;
    cut.pop_back(); // an OPT record that runs past the message: as if none
    EXPECT_EQ(dns_udp_reply_limit(cut, *parse_dns_query(cut)), 512u);
}

TEST(DnsTruncate, KeepsWholeRecordsThatFitAndSetsTc) {
    auto m = query("many");
    auto q = *parse_dns_query(m);
    auto reply = dns_answer(m, q, addresses(40)); // 22 + 40 * 16 = 662 bytes
    ASSERT_EQ(reply.size(), 662u);
    auto cut = truncate_dns_reply(reply, 512);
    EXPECT_EQ(cut.size(), 22u + 30 * 16); // 30 whole records fit in 512
    EXPECT_EQ(count_at(cut, 6), 30);
    EXPECT_EQ(cut[2] & 0x02, 0x02); // TC
    EXPECT_EQ(cut[2] & ~0x02, reply[2]); // the other flags as they were
    EXPECT_TRUE(std::equal(cut.begin() + 12, cut.end(), reply.begin() + 12)); // a prefix, pointers intact
    // The limit is never under 512.
    EXPECT_EQ(truncate_dns_reply(reply, 100), cut);
}

TEST(DnsTruncate, LeavesAReplyThatFitsAlone) {
    auto m = query("many");
    auto q = *parse_dns_query(m);
    auto reply = dns_answer(m, q, addresses(40));
    EXPECT_EQ(truncate_dns_reply(reply, 1232), reply);
    auto small = dns_answer(m, q, addresses(3));
    EXPECT_EQ(truncate_dns_reply(small, 512), small);
    EXPECT_EQ(small[2] & 0x02, 0);
}

TEST(DnsTruncate, KeepsTheOptRecordLast) {
    auto m = query("many");
    auto q = *parse_dns_query(m);
    auto reply = with_opt(dns_answer(m, q, addresses(40)), 4096);
    auto cut = truncate_dns_reply(reply, 512);
    EXPECT_EQ(count_at(cut, 6), 29); // 22 + 29 * 16 + 11 = 497; a 30th would pass 512
    EXPECT_EQ(count_at(cut, 10), 1);
    EXPECT_EQ(cut.size(), 22u + 29 * 16 + 11);
    EXPECT_EQ(std::vector<uint8_t>(cut.end() - 11, cut.end()), opt_record(4096));
    EXPECT_EQ(cut[2] & 0x02, 0x02);
}

TEST(DnsTruncate, AReplyItCannotWalkBecomesItsHeaderWithTc) {
    auto m = query("many");
    auto q = *parse_dns_query(m);
    auto reply = dns_answer(m, q, addresses(40));
    reply[7] = 200; // more answers than there are
    auto cut = truncate_dns_reply(reply, 512);
    ASSERT_EQ(cut.size(), 12u);
    EXPECT_EQ(cut[0], 0x12);
    EXPECT_EQ(cut[2] & 0x02, 0x02);
    EXPECT_EQ(count_at(cut, 4), 0);
    EXPECT_EQ(count_at(cut, 6), 0);
}
