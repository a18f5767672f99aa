#pragma once
// Docker's embedded DNS server at 127.0.0.11 for containers on user-defined
// networks. Docker binds a socket inside each container's network namespace and
// NATs 127.0.0.11:53 to it; berthd binds its socket to 127.0.0.11:53 itself
// (the whole 127/8 is on `lo`), so no rule is needed at all. One thread serves
// every container's socket through epoll.
//
// Words: a `sandbox` is one container's network namespace served here, known
// by the container's id; the `resolver` maps (network id, name) to addresses;
// `upstreams` are the host's resolvers, asked for every other name from the
// host's namespace (so a resolver on the host's loopback works).
//
// Lifecycle: add() after a container is connected to a network (and again for
// each running container when berthd restarts, since the sockets went with the
// old process); remove() when it is disconnected; the destructor stops and
// joins the thread. A container on several networks has one socket, answering
// names of every network it is on (the first network that knows a name wins).

#include "base/error.h"
#include "base/unique_fd.h"
#include "network/ipv4.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <string>
#include <thread>
#include <vector>

namespace berth::network {

class EmbeddedDns {
public:
    using Resolver = std::function<std::vector<Ipv4Address>(const std::string& network_id, const std::string& name)>;

    EmbeddedDns(Resolver resolver, std::vector<sockaddr_in> upstreams);
    ~EmbeddedDns();
    EmbeddedDns(const EmbeddedDns&) = delete;
    EmbeddedDns& operator=(const EmbeddedDns&) = delete;

    // Serves the namespace at `netns_path` for names of `network_id` too (a
    // sandbox already served in that namespace keeps its socket).
    // `address` is for tests (127.0.0.11:53 otherwise).
    Result<> add(const std::string& sandbox, const std::string& netns_path, const std::string& network_id,
                 sockaddr_in address = listen_address());
    // Names of `network_id` are no longer answered; the socket goes with the last network.
    void remove(const std::string& sandbox, const std::string& network_id);
    void remove(const std::string& sandbox);

    static sockaddr_in listen_address(); // 127.0.0.11:53

private:
    struct Sandbox {
        UniqueFd socket;
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
    void relay_upstream_reply();
    void expire_forwarded();

    Resolver resolver_;
    std::vector<sockaddr_in> upstreams_;
    UniqueFd epoll_;
    UniqueFd wake_;     // eventfd: stop
    UniqueFd upstream_; // UDP socket in the host's namespace
    std::mutex mutex_;  // guards sandboxes_ and by_socket_
    std::map<std::string, Sandbox> sandboxes_;
    std::map<int, std::string> by_socket_; // socket fd -> sandbox
    std::map<uint16_t, Forwarded> forwarded_; // serve() thread only
    uint16_t next_id_ = 1;      // serve() thread only
    unsigned rotation_ = 0;     // serve() thread only
    std::thread thread_;
};

// The nameservers of a resolv.conf as socket addresses (port 53).
std::vector<sockaddr_in> resolv_conf_upstreams(std::string_view resolv_conf);

} // namespace berth::network
