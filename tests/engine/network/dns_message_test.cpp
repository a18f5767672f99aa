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
