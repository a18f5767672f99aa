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
// container (one more of that container is closed at once; the client tries
// again, as with a full listen queue). A connection silent for kIdleTimeout is
// closed (miekg/dns's idle timeout, which Docker's uses; a query must arrive
// whole within it, however its bytes trickle in), and a reply the client does
// not read in kIdleTimeout closes it too.
//
// Fairness: the per-container bound alone lets four containers with 16 idle
// connections each take all 64 places and refuse every other container for as
// long as they keep them. So when every place is taken, a connection of a
// container with fewer connections than the busiest one takes a place of the
// busiest: that container's connection idle the longest is closed (RFC 7766
// lets a server close an idle connection, sooner under load, and a client must
// be ready for it and ask again). Only a connection waiting for
// its client is `idle`; one being answered keeps its place, and when no
// connection of a busier container is idle the new one is closed, as before.
// Places thus tend to an even share between the containers that want them, and
// a container never finds them all held by others.
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
#include <map>
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

    // Serves `connection` (non-blocking) on its own thread, making room for it
    // as above when every place is taken, or closes it when the limits are reached.
    void serve(UniqueFd connection, const std::string& sandbox);
    // Ends the connections of `sandbox` (their threads finish on their own).
    void close_sandbox(const std::string& sandbox);
    // Connections that count against the limits (not those closed to make room,
    // whose threads are ending).
    size_t open_connections();

private:
    using Clock = std::chrono::steady_clock;
    struct Connection {
        UniqueFd socket; // closed by its thread as it ends, under mutex_
        std::string sandbox;
        std::atomic<bool> finished = false; // set with the socket closed, under mutex_
        bool idle = true;                   // waiting for its client, not answering; under mutex_
        Clock::time_point idle_since = Clock::now(); // under mutex_
        bool evicted = false; // shut down to make room; counts no more; under mutex_
        std::thread thread;
    };
    void run(Connection& connection);
    // Marks `connection` answering a query, false when it was closed to make room.
    bool start_answering(Connection& connection);
    void finish_answering(Connection& connection);
    // Connections counted against the limits, by sandbox.
    using OpenCounts = std::map<std::string, size_t, std::less<>>;
    // Under mutex_, with every place taken: closes the connection idle the longest
    // of the busiest container with more than `own` connections (its thread ends
    // at once, so threads outnumber kMaxConnections only for that moment); false
    // when none is idle.
    bool make_room(size_t own, const OpenCounts& open);
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
