// The embedded DNS server on the real kernel: a namespace made here, the server's
// socket bound inside it at 127.0.0.11:53, queries sent from inside it; names the
// server does not know go to a fake upstream on the host's loopback. No query
// leaves the machine.
#include "network/dns_message.h"
#include "network/dns_server.h"
#include "network/netns.h"

#include "base/ids.h"
#include "base/unique_fd.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

using namespace berth::network;

namespace {

std::vector<uint8_t> a_query(const std::string& name, uint16_t id) {
    std::vector<uint8_t> m = {static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id & 0xff), 1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    m.push_back(static_cast<uint8_t>(name.size()));
    m.insert(m.end(), name.begin(), name.end());
    m.insert(m.end(), {0, 0, 1, 0, 1});
    return m;
}

// The first A record's address of a reply, "" for none.
std::string first_address(const std::vector<uint8_t>& reply, size_t question_end) {
    if (reply.size() < question_end + 16 || reply[7] == 0) return "";
    const uint8_t* a = &reply[question_end + 12];
    return std::format("{}.{}.{}.{}", a[0], a[1], a[2], a[3]);
}

// Sends each query from inside the namespace and collects the replies (empty on timeout).
std::vector<std::vector<uint8_t>> ask(const std::string& netns, const std::vector<std::vector<uint8_t>>& queries,
                                      std::vector<double>* micros = nullptr) {
    std::vector<std::vector<uint8_t>> replies;
    auto ran = run_in_network_namespace(netns, [&]() -> berth::Result<> {
        berth::UniqueFd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        timeval timeout{2, 0};
        ::setsockopt(s.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        sockaddr_in server = EmbeddedDns::listen_address();
        for (const auto& q : queries) {
            auto start = std::chrono::steady_clock::now();
            ::sendto(s.get(), q.data(), q.size(), 0, reinterpret_cast<sockaddr*>(&server), sizeof(server));
            std::vector<uint8_t> buffer(1500);
            ssize_t n = ::recv(s.get(), buffer.data(), buffer.size(), 0);
            buffer.resize(n > 0 ? static_cast<size_t>(n) : 0);
            if (micros)
                micros->push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
            replies.push_back(std::move(buffer));
        }
        return {};
    });
    EXPECT_TRUE(ran);
    return replies;
}

} // namespace

TEST(EmbeddedDns, AnswersNamesOfItsNetworkFastAndForwardsTheRest) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    berth::testing::TempDir dir;
    auto netns = NetworkNamespace::create(dir.path(), "dns");
    ASSERT_TRUE(netns) << netns.error().message();

    // A fake upstream on the host's loopback that answers every query with 10.1.2.3.
    berth::UniqueFd upstream(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in upstream_address{};
    upstream_address.sin_family = AF_INET;
    upstream_address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(upstream.get(), reinterpret_cast<sockaddr*>(&upstream_address), sizeof(upstream_address)), 0);
    socklen_t size = sizeof(upstream_address);
    ::getsockname(upstream.get(), reinterpret_cast<sockaddr*>(&upstream_address), &size);
    timeval timeout{3, 0};
    ::setsockopt(upstream.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    std::thread fake([&] {
        uint8_t buffer[1500];
        sockaddr_in from{};
        socklen_t from_size = sizeof(from);
        ssize_t n = ::recvfrom(upstream.get(), buffer, sizeof(buffer), 0, reinterpret_cast<sockaddr*>(&from), &from_size);
        if (n <= 0) return;
        std::span<const uint8_t> q(buffer, static_cast<size_t>(n));
        auto question = parse_dns_query(q);
        if (!question) return;
        std::vector<Ipv4Address> answer = {*Ipv4Address::parse("10.1.2.3")};
        auto reply = dns_answer(q, *question, answer);
        ::sendto(upstream.get(), reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), from_size);
    });

    EmbeddedDns dns(
        [](const std::string& network, const std::string& name) -> std::vector<Ipv4Address> {
            if (network == "net1" && name == "web") return {*Ipv4Address::parse("172.30.0.2")};
            if (network == "net2" && name == "db") return {*Ipv4Address::parse("172.31.0.3")};
            return {};
        },
        {upstream_address});
    ASSERT_TRUE(dns.add("c1", netns->path(), "net1"));

    size_t question_end = a_query("web", 1).size();
    std::vector<std::vector<uint8_t>> queries;
    for (uint16_t i = 0; i < 1000; ++i) queries.push_back(a_query("web", i));
    std::vector<double> micros;
    auto replies = ask(netns->path(), queries, &micros);
    ASSERT_EQ(replies.size(), 1000u);
    for (const auto& reply : replies) ASSERT_EQ(first_address(reply, question_end), "172.30.0.2");
    std::ranges::sort(micros);
    double median = micros[micros.size() / 2];
    std::printf("embedded DNS: median lookup %.1f us over 1000\n", median);
    EXPECT_LT(median, 1000.0);

    auto forwarded = ask(netns->path(), {a_query("other", 77)});
    fake.join();
    ASSERT_EQ(forwarded.size(), 1u);
    ASSERT_FALSE(forwarded[0].empty()) << "no reply through the upstream";
    EXPECT_EQ(forwarded[0][0], 0);
    EXPECT_EQ(forwarded[0][1], 77); // the client's id again
    EXPECT_EQ(first_address(forwarded[0], a_query("other", 77).size()), "10.1.2.3");

    // On a second network too: its names are answered by the same socket,
    // until that network is removed again.
    ASSERT_TRUE(dns.add("c1", netns->path(), "net2"));
    auto both = ask(netns->path(), {a_query("db", 6)});
    EXPECT_EQ(first_address(both[0], a_query("db", 6).size()), "172.31.0.3");
    dns.remove("c1", "net2");
    auto web_only = ask(netns->path(), {a_query("web", 7)});
    EXPECT_EQ(first_address(web_only[0], a_query("web", 7).size()), "172.30.0.2");

    dns.remove("c1", "net1"); // the last network: the socket goes
    auto gone = ask(netns->path(), {a_query("web", 5)});
    EXPECT_TRUE(gone[0].empty()); // nothing listens any more
}
