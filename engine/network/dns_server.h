#pragma once
// Docker's embedded DNS server at 127.0.0.11 for containers on user-defined
// networks. Docker binds a socket inside each container's network namespace and
// NATs 127.0.0.11:53 to it; berthd binds its sockets to 127.0.0.11:53 itself
// (the whole 127/8 is on `lo`), so no rule is needed at all. One thread serves
// every container's UDP socket through epoll and accepts on its TCP listener;
// each TCP connection has a thread of its own (dns_tcp.h).
//
// Words: a `sandbox` is one container's network namespace served here, known
// by the container's id; the `resolver` maps (network id, name) to addresses;
// `upstreams` are the host's resolvers, asked for every other name from the
// host's namespace (so a resolver on the host's loopback works), over the
// transport the client used, as Docker does.
//
// As Docker's, a UDP answer of our own larger than 512 bytes (or the query's
// EDNS size) is cut with TC=1, and the client asks again over TCP; upstream
// replies are passed on as they came (the upstream saw the client's EDNS size).
//
// Lifecycle: add() after a container is connected to a network (and again for
// each running container when berthd restarts, since the sockets went with the
// old process); remove() when it is disconnected; the destructor stops and
// joins the threads. A container on several networks has one pair of sockets,
// answering names of every network it is on (the first network that knows a
// name wins).

#include "base/error.h"
#include "base/unique_fd.h"
#include "network/dns_message.h"
#include "network/dns_tcp.h"
#include "network/ipv4.h"
#include "network/ipv6.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace berth::network {

class EmbeddedDns {
public:
    using Resolver = std::function<std::vector<Ipv4Address>(const std::string& network_id, const std::string& name)>;
    // The IPv6 addresses of a name on a network with IPv6, for AAAA questions.
    using Resolver6 = std::function<std::vector<Ipv6Address>(const std::string& network_id, const std::string& name)>;

    EmbeddedDns(Resolver resolver, std::vector<sockaddr_in> upstreams, Resolver6 resolver6 = {});
    ~EmbeddedDns();
    EmbeddedDns(const EmbeddedDns&) = delete;
    EmbeddedDns& operator=(const EmbeddedDns&) = delete;

    // Serves the namespace at `netns_path` for names of `network_id` too (a
    // sandbox already served in that namespace keeps its socket).
    // `address` is for tests (127.0.0.11:53 otherwise).
    Result<> add(const std::string& sandbox, const std::string& netns_path, const std::string& network_id,
                 sockaddr_in address = listen_address());
    // Names of `network_id` are no longer answered; the sockets go with the last network.
    void remove(const std::string& sandbox, const std::string& network_id);
    void remove(const std::string& sandbox);

    static sockaddr_in listen_address(); // 127.0.0.11:53
    size_t open_tcp_connections() { return tcp_ ? tcp_->open_connections() : 0; } // tests

private:
    struct Sandbox {
        UniqueFd socket;       // UDP
        UniqueFd tcp_listener; // accepted connections go to tcp_
        std::string netns_path;
        std::vector<std::string> network_ids; // in the order they were added
    };
    struct Forwarded {
        int client_socket;
        sockaddr_in client;
        uint16_t client_id;
        std::chrono::steady_clock::time_point sent;
    };
    void serve();
    void answer(int socket, const std::vector<std::string>& network_ids);
    // False when it stopped for want of descriptors (or memory): serve() pauses.
    bool accept_connections(int listener);
    // The reply from the names of `network_ids`, or nothing when the name is for the upstreams.
    std::optional<std::vector<uint8_t>> local_reply(std::span<const uint8_t> query, const DnsQuestion& question,
                                                    const std::vector<std::string>& network_ids);
    // A query of a TCP connection, answered (forwarded over TCP when not ours).
    std::optional<std::vector<uint8_t>> answer_over_tcp(const std::string& sandbox, std::span<const uint8_t> query);
    void relay_upstream_reply();
    void expire_forwarded();

    Resolver resolver_;
    Resolver6 resolver6_;
    std::vector<sockaddr_in> upstreams_;
    UniqueFd epoll_;
    UniqueFd wake_;     // eventfd: stop
    UniqueFd upstream_; // UDP socket in the host's namespace
    std::mutex mutex_;  // guards sandboxes_, by_socket_ and by_listener_
    std::map<std::string, Sandbox> sandboxes_;
    std::map<int, std::string> by_socket_;   // UDP socket fd -> sandbox
    std::map<int, std::string> by_listener_; // TCP listener fd -> sandbox
    std::map<uint16_t, Forwarded> forwarded_; // serve() thread only
    uint16_t next_id_ = 1;      // serve() thread only
    std::atomic<unsigned> rotation_ = 0;
    std::atomic<unsigned> next_tcp_upstream_ = 0;
    // After what its threads use, so it goes (joined) first.
    std::unique_ptr<DnsTcpConnections> tcp_;
    std::thread thread_;
};

// The nameservers of a resolv.conf as socket addresses (port 53).
std::vector<sockaddr_in> resolv_conf_upstreams(std::string_view resolv_conf);

} // namespace berth::network
