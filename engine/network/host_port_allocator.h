#pragma once
// Host ports for published container ports, chosen and *held*: each one is a
// socket berthd binds (and, for tcp, listens on) while the container runs, as
// Docker's port reservation does, so another program binding it gets
// EADDRINUSE and a second container gets Docker's "port is already allocated".
// The socket never sees a packet: the DNAT rules (port_publisher.h) take the
// traffic before any socket lookup.
//
// An explicit port ("8080", or a range "8000-8010": the first free one) is
// bound as asked; a random one (`-p 80`, `-P`) comes from the host's ephemeral
// range (/proc/sys/net/ipv4/ip_local_port_range), starting at a random place.
// IPv6 addresses are bound IPV6_V6ONLY: [::] and 0.0.0.0 are two sockets, and
// a request for both gets the same port on each.
// Thread-safe.

#include "base/error.h"
#include "base/unique_fd.h"
#include "network/port_mapping.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace berth::network {

class HostPortAllocator {
public:
    explicit HostPortAllocator(std::string port_range_file = "/proc/sys/net/ipv4/ip_local_port_range");

    // Binds a host port for every request, all held under `owner` (a container
    // id). All or nothing: on failure nothing stays held. Conflict "Bind for
    // 0.0.0.0:8080 failed: port is already allocated" when one of ours holds
    // it ("Bind for :::8080 ..." for [::], as Docker prints it), Conflict
    // "failed to bind host port 0.0.0.0:8080/tcp: address already in use"
    // when another program does.
    Result<std::vector<PublishedPort>> allocate(const std::string& owner, const std::vector<PortRequest>& requests);

    // Binds exactly these ports again under `owner` (berthd restarted while the
    // container ran). All or nothing, as allocate().
    Result<> hold(const std::string& owner, const std::vector<PublishedPort>& ports);

    // A duplicate of the socket held for `port` (a listening one for tcp): the
    // proxy accepts on it. NotFound when `owner` holds no such port.
    Result<UniqueFd> socket_of(const std::string& owner, const PublishedPort& port) const;

    // Closes every socket of `owner`; nothing held is fine.
    void release(const std::string& owner);

    // How many ports `owner` holds (tests).
    std::size_t held_by(const std::string& owner) const;

private:
    struct Held {
        PublishedPort port;
        UniqueFd socket;
    };
    // Binds one port, or explains why not. Called with mutex_ held.
    Result<UniqueFd> bind_one(const PublishedPort& port) const;
    bool held_locked(const PublishedPort& port) const;
    // Binds every one of these or none.
    Result<std::vector<Held>> bind_all_locked(const std::vector<PublishedPort>& ports) const;
    // The request's binding (two with also_ipv6_any), on its first free port.
    Result<std::vector<Held>> take_locked(const PortRequest& request, const PortRange& ephemeral) const;

    std::string port_range_file_;
    mutable std::mutex mutex_; // guards held_
    std::map<std::string, std::vector<Held>> held_;
};

} // namespace berth::network
