// The embedded DNS server on the real kernel: a namespace made here, the server's
// sockets bound inside it at 127.0.0.11:53, queries sent from inside it (by this
// test, and by dig when it is installed); names the server does not know go to a
// fake upstream on the host's loopback. No query leaves the machine.
#include "network/dns_message.h"
#include "network/dns_server.h"
#include "network/dns_stream.h"
#include "network/netns.h"

#include "base/ids.h"
#include "base/unique_fd.h"
#include "support/temp_dir.h"

#include <algorithm>
#include <atomic>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <gtest/gtest.h>
#include <poll.h>
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

uint16_t answer_count(const std::vector<uint8_t>& reply) { return reply.size() < 12 ? 0 : static_cast<uint16_t>((reply[6] << 8) | reply[7]); }
bool truncated(const std::vector<uint8_t>& reply) { return reply.size() > 2 && (reply[2] & 0x02); }

std::vector<uint8_t> with_edns(std::vector<uint8_t> query, uint16_t udp_size) {
    query.insert(query.end(), {0, 0, 41, static_cast<uint8_t>(udp_size >> 8), static_cast<uint8_t>(udp_size & 0xff), 0, 0, 0, 0, 0, 0});
    query[11] = 1;
    return query;
}

// A TCP connection to 127.0.0.11:53 made inside the namespace (the socket stays
// in it when the thread that made it leaves).
berth::UniqueFd connect_tcp(const std::string& netns) {
    berth::UniqueFd s;
    auto ran = run_in_network_namespace(netns, [&]() -> berth::Result<> {
        s = berth::UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in server = EmbeddedDns::listen_address();
        if (::connect(s.get(), reinterpret_cast<sockaddr*>(&server), sizeof(server)) < 0)
            return berth::fail_errno("connecting to 127.0.0.11:53");
        timeval timeout{3, 0};
        ::setsockopt(s.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        return {};
    });
    EXPECT_TRUE(ran) << (ran ? "" : ran.error().message());
    return s;
}

void send_bytes(int socket, std::span<const uint8_t> bytes) {
    ASSERT_EQ(::send(socket, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
}

// The next `count` messages of the stream (fewer when it ends or times out).
std::vector<std::vector<uint8_t>> read_messages(int socket, size_t count) {
    DnsStreamReader reader;
    std::vector<std::vector<uint8_t>> messages;
    uint8_t buffer[4096];
    while (messages.size() < count) {
        while (messages.size() < count)
            if (auto message = reader.next()) messages.push_back(*message);
            else break;
        if (messages.size() == count) break;
        ssize_t n = ::recv(socket, buffer, sizeof(buffer), 0);
        if (n <= 0) break;
        reader.append(std::span<const uint8_t>(buffer, static_cast<size_t>(n)));
    }
    return messages;
}

// True when the server closed the connection within `wait`.
bool closed_by_server(int socket, std::chrono::milliseconds wait) {
    pollfd fd{socket, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(wait.count())) <= 0) return false;
    uint8_t byte;
    ssize_t got = ::recv(socket, &byte, 1, MSG_DONTWAIT);
    return got == 0 || (got < 0 && errno == ECONNRESET); // a reset: closed while we sent
}

// A fake upstream on the host's loopback over TCP: answers each query of one
// connection with 10.1.2.3.
struct TcpUpstream {
    berth::UniqueFd listener;
    sockaddr_in address{};
    std::thread thread;
    std::atomic<int> queries = 0;

    TcpUpstream() {
        listener = berth::UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address));
        socklen_t size = sizeof(address);
        ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &size);
        ::listen(listener.get(), 4);
        thread = std::thread([this] {
            pollfd fd{listener.get(), POLLIN, 0};
            if (::poll(&fd, 1, 5000) <= 0) return;
            berth::UniqueFd connection(::accept(listener.get(), nullptr, nullptr));
            timeval timeout{3, 0};
            ::setsockopt(connection.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
            for (auto& query : read_messages(connection.get(), 1)) {
                auto question = parse_dns_query(query);
                if (!question) return;
                ++queries;
                std::vector<Ipv4Address> answer = {*Ipv4Address::parse("10.1.2.3")};
                auto framed = frame_dns_message(dns_answer(query, *question, answer));
                ::send(connection.get(), framed.data(), framed.size(), MSG_NOSIGNAL);
            }
        });
    }
    ~TcpUpstream() { thread.join(); }
};

EmbeddedDns::Resolver forty_behind_many() {
    return [](const std::string& network, const std::string& name) -> std::vector<Ipv4Address> {
        if (network != "net1") return {};
        if (name == "web") return {*Ipv4Address::parse("172.30.0.2")};
        if (name != "many") return {};
        std::vector<Ipv4Address> out;
        for (int i = 0; i < 40; ++i) out.push_back(*Ipv4Address::parse(std::format("172.30.1.{}", i + 1)));
        return out;
    };
}

// `command`'s standard output, run inside the namespace by nsenter.
std::string run_in(const std::string& netns, const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(std::format("nsenter --net={} {} 2>&1", netns, command).c_str(), "r");
    if (!pipe) return output;
    char buffer[512];
    while (size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
    ::pclose(pipe);
    return output;
}

size_t lines_of(const std::string& text) { return static_cast<size_t>(std::ranges::count(text, '\n')); }

using Batch = std::vector<berth::UniqueFd>;

// How many connections of `batch` the server has closed.
size_t closed_in(const Batch& batch) {
    return static_cast<size_t>(std::ranges::count_if(
        batch, [](const berth::UniqueFd& client) { return closed_by_server(client.get(), std::chrono::milliseconds(0)); }));
}

// Polls `done` until it holds, for at most 20 s (a loaded machine accepts late).
template <class Condition> bool eventually(Condition done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return done();
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

// A namespace of the test's own, served by an EmbeddedDns that knows "web" and
// the 40 addresses of "many" on net1.
class EmbeddedDnsServing : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "needs root";
        auto made = NetworkNamespace::create(dir.path(), "dns");
        ASSERT_TRUE(made) << made.error().message();
        netns = std::move(*made);
    }
    void serve(std::vector<sockaddr_in> upstreams = {}) {
        dns = std::make_unique<EmbeddedDns>(forty_behind_many(), std::move(upstreams));
        ASSERT_TRUE(dns->add("c1", netns.path(), "net1"));
    }
    // Container c<n> (n > 1) on net1, in a namespace of its own: its path.
    std::string add_container(size_t n) {
        auto other = NetworkNamespace::create(dir.path(), std::format("dns{}", n));
        EXPECT_TRUE(other) << other.error().message();
        if (!other) return "";
        EXPECT_TRUE(dns->add(std::format("c{}", n), other->path(), "net1"));
        others.push_back(std::move(*other));
        return others.back().path();
    }
    // `count` connections from inside `netns_path`, which wait (a loaded machine
    // accepts late) until `expect_closed` of them are closed by the server and
    // it counts `expect_open` in all.
    Batch open_from(const std::string& netns_path, size_t count, size_t expect_closed, size_t expect_open) {
        Batch batch;
        for (size_t i = 0; i < count; ++i) batch.push_back(connect_tcp(netns_path));
        eventually([&] { return closed_in(batch) >= expect_closed && dns->open_tcp_connections() >= expect_open; });
        std::this_thread::sleep_for(std::chrono::milliseconds(200)); // one more closed would show by now
        EXPECT_EQ(closed_in(batch), expect_closed);
        EXPECT_EQ(dns->open_tcp_connections(), expect_open);
        return batch;
    }
    berth::testing::TempDir dir;
    NetworkNamespace netns;
    std::vector<NetworkNamespace> others;
    std::unique_ptr<EmbeddedDns> dns; // last: goes first
};

TEST_F(EmbeddedDnsServing, CutsLargeUdpAnswersWithTcAsDocker) {
    ASSERT_NO_FATAL_FAILURE(serve());

    auto replies = ask(netns.path(), {a_query("many", 1), with_edns(a_query("many", 2), 1232), a_query("web", 3)});
    ASSERT_EQ(replies.size(), 3u);
    EXPECT_TRUE(truncated(replies[0])); // 40 records do not fit in 512 bytes
    EXPECT_EQ(answer_count(replies[0]), 30);
    EXPECT_LE(replies[0].size(), 512u);
    EXPECT_FALSE(truncated(replies[1])); // they fit in the client's EDNS size
    EXPECT_EQ(answer_count(replies[1]), 40);
    EXPECT_FALSE(truncated(replies[2]));
}

TEST_F(EmbeddedDnsServing, AnswersOverTcpSeveralQueriesPerConnectionAndForwardsOverTcp) {
    TcpUpstream upstream;
    ASSERT_NO_FATAL_FAILURE(serve({upstream.address}));

    auto s = connect_tcp(netns.path());
    ASSERT_TRUE(s);
    // Two queries in one write, a third cut in the middle of its length.
    std::vector<uint8_t> stream = frame_dns_message(a_query("web", 11));
    auto many = frame_dns_message(a_query("many", 12));
    stream.insert(stream.end(), many.begin(), many.end());
    send_bytes(s.get(), stream);
    auto third = frame_dns_message(a_query("web", 13));
    send_bytes(s.get(), std::span(third).first(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    send_bytes(s.get(), std::span(third).subspan(1));
    auto replies = read_messages(s.get(), 3);
    ASSERT_EQ(replies.size(), 3u);
    EXPECT_EQ(replies[0][1], 11);
    EXPECT_EQ(first_address(replies[0], a_query("web", 11).size()), "172.30.0.2");
    EXPECT_EQ(replies[1][1], 12);
    EXPECT_EQ(answer_count(replies[1]), 40); // whole over TCP
    EXPECT_FALSE(truncated(replies[1]));
    EXPECT_EQ(replies[2][1], 13);

    // A name of nobody's here: to the upstream over TCP, on the same connection.
    send_bytes(s.get(), frame_dns_message(a_query("other", 14)));
    auto forwarded = read_messages(s.get(), 1);
    ASSERT_EQ(forwarded.size(), 1u);
    EXPECT_EQ(forwarded[0][1], 14);
    EXPECT_EQ(first_address(forwarded[0], a_query("other", 14).size()), "10.1.2.3");
    EXPECT_EQ(upstream.queries, 1);
    EXPECT_EQ(dns->open_tcp_connections(), 1u);

    // The container goes: its open connection is closed at once.
    dns->remove("c1");
    EXPECT_TRUE(closed_by_server(s.get(), std::chrono::seconds(2)));
    for (int i = 0; i < 100 && dns->open_tcp_connections() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(dns->open_tcp_connections(), 0u);
}

TEST_F(EmbeddedDnsServing, BoundsTcpConnectionsAndClosesIdleOnes) {
    ASSERT_NO_FATAL_FAILURE(serve());

    // One container gets kMaxConnectionsPerSandbox, even with places left...
    std::vector<Batch> batches;
    batches.push_back(open_from(netns.path(), DnsTcpConnections::kMaxConnectionsPerSandbox + 2, 2,
                                DnsTcpConnections::kMaxConnectionsPerSandbox));
    // ...and several of them together kMaxConnections.
    size_t containers = DnsTcpConnections::kMaxConnections / DnsTcpConnections::kMaxConnectionsPerSandbox;
    for (size_t n = 2; n <= containers; ++n)
        batches.push_back(open_from(add_container(n), DnsTcpConnections::kMaxConnectionsPerSandbox, 0,
                                    n * DnsTcpConnections::kMaxConnectionsPerSandbox));
    EXPECT_EQ(dns->open_tcp_connections(), DnsTcpConnections::kMaxConnections);
    batches.clear(); // the clients close: so do their threads
    EXPECT_TRUE(eventually([&] { return dns->open_tcp_connections() == 0; }));

    // A connection that asks once and then says nothing is closed after the idle timeout.
    auto idle = connect_tcp(netns.path());
    send_bytes(idle.get(), frame_dns_message(a_query("web", 1)));
    EXPECT_EQ(read_messages(idle.get(), 1).size(), 1u);
    EXPECT_FALSE(closed_by_server(idle.get(), DnsTcpConnections::kIdleTimeout - std::chrono::seconds(2)));
    EXPECT_TRUE(closed_by_server(idle.get(), std::chrono::seconds(4)));

    // One that trickles a query a byte at a time never finishing it is closed
    // after the idle timeout too: its bytes do not extend it.
    auto trickle = connect_tcp(netns.path());
    auto start = std::chrono::steady_clock::now();
    auto framed = frame_dns_message(a_query("web", 2));
    bool closed = false;
    for (size_t i = 0; i + 1 < framed.size() && !closed; ++i) {
        send_bytes(trickle.get(), std::vector<uint8_t>{framed[i]});
        closed = closed_by_server(trickle.get(), std::chrono::seconds(1));
    }
    if (!closed) closed = closed_by_server(trickle.get(), DnsTcpConnections::kIdleTimeout + std::chrono::seconds(4));
    EXPECT_TRUE(closed);
    EXPECT_LT(std::chrono::steady_clock::now() - start, DnsTcpConnections::kIdleTimeout + std::chrono::seconds(6));
}

// Containers that hold every place with idle connections do not shut another
// out: a newcomer takes the place of the busiest one's connection idle the
// longest, until the places are shared about evenly.
TEST_F(EmbeddedDnsServing, AFullTcpTableMakesRoomForAContainerWithFewerConnections) {
    ASSERT_NO_FATAL_FAILURE(serve());
    // The connections here are idle: all of this must happen within kIdleTimeout
    // of the first, or the idle timeout closes some too (said on failure).
    auto start = std::chrono::steady_clock::now();
    auto after = [&] {
        return std::format(" ({} ms after the first connection; idle ones close after {} s)",
                           std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count(),
                           DnsTcpConnections::kIdleTimeout.count());
    };
    constexpr size_t kPerSandbox = DnsTcpConnections::kMaxConnectionsPerSandbox;
    constexpr size_t kMax = DnsTcpConnections::kMaxConnections;
    constexpr size_t kFull = kMax / kPerSandbox; // containers that fill every place
    std::vector<Batch> batches;
    batches.push_back(open_from(netns.path(), kPerSandbox, 0, kPerSandbox));
    for (size_t n = 2; n <= kFull; ++n) batches.push_back(open_from(add_container(n), kPerSandbox, 0, n * kPerSandbox));
    ASSERT_EQ(dns->open_tcp_connections(), kMax);
    auto closed_of_the_full = [&] {
        size_t closed = 0;
        for (const Batch& batch : batches) closed += closed_in(batch);
        return closed;
    };

    // One more container asks over TCP, and is answered.
    std::string newcomer = add_container(kFull + 1);
    Batch own;
    own.push_back(connect_tcp(newcomer));
    ASSERT_TRUE(own[0]);
    send_bytes(own[0].get(), frame_dns_message(a_query("web", 21)));
    auto replies = read_messages(own[0].get(), 1);
    ASSERT_EQ(replies.size(), 1u) << "the newcomer's connection was closed: every place is held by the others";
    EXPECT_EQ(replies[0][1], 21);
    EXPECT_EQ(first_address(replies[0], a_query("web", 21).size()), "172.30.0.2");
    // Its place was the oldest idle connection's of one of the busiest: c1's first.
    EXPECT_TRUE(eventually([&] { return closed_of_the_full() == 1; })) << closed_of_the_full() << after();
    EXPECT_TRUE(closed_by_server(batches[0][0].get(), std::chrono::milliseconds(0)));
    EXPECT_EQ(dns->open_tcp_connections(), kMax);

    // It opens as many as it may: it takes places while it has fewer than the
    // busiest, so it ends with kMax / (kFull + 1) rounded up, and each of the
    // others gives up about as many.
    size_t share = (kMax + kFull) / (kFull + 1);
    for (size_t i = 1; i < kPerSandbox; ++i) own.push_back(connect_tcp(newcomer));
    EXPECT_TRUE(eventually([&] { return closed_in(own) == kPerSandbox - share && closed_of_the_full() == share; }))
        << closed_in(own) << " of the newcomer's closed, " << closed_of_the_full() << " of the others'" << after();
    EXPECT_EQ(dns->open_tcp_connections(), kMax);
    for (const Batch& batch : batches) {
        EXPECT_GE(closed_in(batch), share / kFull);
        EXPECT_LE(closed_in(batch), share / kFull + 1);
    }
    // The newcomer's first connection, idle since its answer, was never taken:
    // a container with as many as the newcomer keeps its own.
    send_bytes(own[0].get(), frame_dns_message(a_query("web", 22)));
    EXPECT_EQ(read_messages(own[0].get(), 1).size(), 1u);
}

// What a user runs: dig, over TCP on request, and over TCP again by itself after a cut UDP answer.
TEST_F(EmbeddedDnsServing, DigOverTcpAndAfterTc) {
    if (std::system("command -v dig >/dev/null 2>&1 && command -v nsenter >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "dig (bind9-dnsutils) or nsenter is not installed";
    ASSERT_NO_FATAL_FAILURE(serve());

    EXPECT_EQ(run_in(netns.path(), "dig +tcp +short +tries=1 +time=3 @127.0.0.11 web"), "172.30.0.2\n");
    // Without EDNS the UDP answer is cut: dig says so when told to keep it...
    std::string cut = run_in(netns.path(), "dig +ignore +noedns +tries=1 +time=3 @127.0.0.11 many");
    EXPECT_NE(cut.find("flags: qr aa tc rd ra"), std::string::npos) << cut;
    EXPECT_NE(cut.find("ANSWER: 30,"), std::string::npos) << cut;
    // ...and otherwise asks again over TCP and gets all 40.
    std::string whole = run_in(netns.path(), "dig +noedns +tries=1 +time=3 @127.0.0.11 many");
    EXPECT_NE(whole.find("ANSWER: 40,"), std::string::npos) << whole;
    EXPECT_NE(whole.find("Truncated, retrying in TCP mode"), std::string::npos) << whole;
    EXPECT_EQ(lines_of(run_in(netns.path(), "dig +noedns +short +tries=1 +time=3 @127.0.0.11 many")), 40u);
}
