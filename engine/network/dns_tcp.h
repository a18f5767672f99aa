#pragma once
// The embedded DNS server's TCP side, as Docker's resolver has one: clients ask
// over TCP after a reply with TC=1, or always (`dig +tcp`, `options use-vc`).
// Each accepted connection is served on a thread of its own, which reads
// length-prefixed queries (dns_stream.h), several per connection, and writes
// each reply before it reads the next query; the thread is joined by this
// object, never detached.
//
// Words: a `connection` is one accepted client socket, inside a container's
// network namespace, known by its `sandbox` (as in dns_server.h); the
// `responder` turns one query into its reply (locally or through an upstream,
// over TCP too, see exchange_dns_over_tcp), or nothing to close the connection.
//
// Limits: at most kMaxConnections at once, and kMaxConnectionsPerSandbox of one
// container, so that one cannot take them all (one more is closed at once; the
// client tries again, as with a full listen queue), a connection silent for
// kIdleTimeout is closed (miekg/dns's idle timeout, which Docker's uses; a query
// must arrive whole within it, however its bytes trickle in), and a
// reply the client does not read in kIdleTimeout closes it too.
//
// Lifecycle: serve() for each accepted connection; close_sandbox() when a
// container goes (a connection's socket would otherwise keep its namespace
// alive until the idle timeout); the destructor closes the rest and joins.
// `stop_fd` becomes readable when the owner stops: every wait watches it.

#include "base/error.h"
#include "base/unique_fd.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace berth::network {

class DnsTcpConnections {
public:
    using Responder =
        std::function<std::optional<std::vector<uint8_t>>(const std::string& sandbox, std::span<const uint8_t> query)>;

    static constexpr size_t kMaxConnections = 64;
    static constexpr size_t kMaxConnectionsPerSandbox = 16;
    static constexpr auto kIdleTimeout = std::chrono::seconds(8);

    DnsTcpConnections(Responder responder, int stop_fd);
    ~DnsTcpConnections();
    DnsTcpConnections(const DnsTcpConnections&) = delete;
    DnsTcpConnections& operator=(const DnsTcpConnections&) = delete;

    // Serves `connection` (non-blocking) on its own thread, or closes it when
    // the limits are reached.
    void serve(UniqueFd connection, const std::string& sandbox);
    // Ends the connections of `sandbox` (their threads finish on their own).
    void close_sandbox(const std::string& sandbox);
    size_t open_connections();

private:
    struct Connection {
        UniqueFd socket; // closed by its thread as it ends, under mutex_
        std::string sandbox;
        std::atomic<bool> finished = false; // set with the socket closed, under mutex_
        std::thread thread;
    };
    void run(Connection& connection);
    void join_finished();

    Responder responder_;
    int stop_fd_;
    std::mutex mutex_; // guards connections_
    std::list<Connection> connections_;
};

// Sends `query` to `upstream` over TCP and reads its reply (the same id), within
// `timeout`; also gives up when `stop_fd` becomes readable.
Result<std::vector<uint8_t>> exchange_dns_over_tcp(const sockaddr_in& upstream, std::span<const uint8_t> query,
                                                   std::chrono::milliseconds timeout, int stop_fd);

} // namespace berth::network
