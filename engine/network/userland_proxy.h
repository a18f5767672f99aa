#pragma once
// berthd's userland proxy for the TCP connections of a published port that the
// DNAT rules cannot carry, as docker-proxy carries them for dockerd: IPv6
// connections to ::1 (IPv6 has no route_localnet: a packet from ::1 never
// leaves lo), and every IPv6 connection to a container without an IPv6
// address (no NAT turns IPv6 into IPv4). Those reach the socket the
// allocator holds on [::] or [::1]; the proxy accepts on it and relays each
// connection to the container's address (its IPv6 one, or its IPv4 one).
// Every other connection is DNATed before any socket sees it.
//
// Words: the `listener` is a duplicate of the held socket; the `upstream` is
// the container's address and port. One thread accepts, one thread per
// connection relays both ways; all are joined by this object, never detached.
// Thread-safe to destroy from any thread but its own.

#include "base/error.h"
#include "base/unique_fd.h"

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <thread>

namespace berth::network {

// A running proxy of one published port (TcpProxy, UdpProxy): destroying it
// stops the relaying and joins its threads.
class PortProxy {
  public:
    virtual ~PortProxy() = default;
};

class TcpProxy final : public PortProxy {
  public:
    // Starts accepting on `listener` (bound and listening).
    static Result<std::unique_ptr<TcpProxy>> start(UniqueFd listener, const sockaddr_storage& upstream);

    // Stops accepting, ends every connection, joins every thread.
    ~TcpProxy() override;
    TcpProxy(const TcpProxy&) = delete;
    TcpProxy& operator=(const TcpProxy&) = delete;

  private:
    struct Connection {
        UniqueFd client;
        UniqueFd upstream;
        std::thread relay;
        std::atomic<bool> done = false;
    };

    TcpProxy(UniqueFd listener, UniqueFd stop, const sockaddr_storage& upstream);
    void accept_loop();
    // Connects to the upstream and relays until both sides are done or the proxy stops.
    void relay(Connection& connection);
    // Joins the relays that ended; called by the accepting thread only.
    void reap_finished();

    UniqueFd listener_;
    UniqueFd stop_; // an eventfd: readable once the proxy stops
    sockaddr_storage upstream_;
    std::mutex mutex_; // guards connections_
    std::list<Connection> connections_;
    std::thread acceptor_;
};

} // namespace berth::network
