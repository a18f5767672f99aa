#include "network/dns_tcp.h"

#include "base/log.h"
#include "network/dns_stream.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <climits>
#include <poll.h>
#include <sys/socket.h>

namespace berth::network {

namespace {

using Clock = std::chrono::steady_clock;

enum class Wait { Ready, TimedOut, Stopped };

// Until `socket` has `events` (or an error or hang-up, which its next call
// reports), the deadline passes, or `stop_fd` becomes readable.
Wait wait_for(int socket, short events, Clock::time_point deadline, int stop_fd) {
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return Wait::TimedOut;
        pollfd fds[2] = {{socket, events, 0}, {stop_fd, POLLIN, 0}};
        int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, INT_MAX)));
        if (ready < 0 && errno != EINTR) return Wait::Stopped;
        if (ready <= 0) continue;
        if (fds[1].revents) return Wait::Stopped;
        if (fds[0].revents) return Wait::Ready;
    }
}

// Writes all of `bytes` to a non-blocking socket before the deadline.
bool send_all(int socket, std::span<const uint8_t> bytes, Clock::time_point deadline, int stop_fd) {
    while (!bytes.empty()) {
        ssize_t sent = ::send(socket, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            bytes = bytes.subspan(static_cast<size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
            wait_for(socket, POLLOUT, deadline, stop_fd) == Wait::Ready)
            continue;
        return false;
    }
    return true;
}

std::string address_text(const sockaddr_in& address) {
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &address.sin_addr, text, sizeof(text));
    return std::format("{}:{}", text, ntohs(address.sin_port));
}

} // namespace

DnsTcpConnections::DnsTcpConnections(Responder responder, int stop_fd)
    : responder_(std::move(responder)), stop_fd_(stop_fd) {}

DnsTcpConnections::~DnsTcpConnections() {
    {
        std::lock_guard lock(mutex_);
        for (Connection& connection : connections_)
            if (!connection.finished) ::shutdown(connection.socket.get(), SHUT_RDWR);
    }
    for (Connection& connection : connections_) connection.thread.join();
}

void DnsTcpConnections::serve(UniqueFd socket, const std::string& sandbox) {
    join_finished();
    std::lock_guard lock(mutex_);
    OpenCounts open;
    for (const Connection& counted : connections_)
        if (!counted.finished && !counted.evicted) ++open[counted.sandbox];
    size_t in_all = 0;
    for (const auto& entry : open) in_all += entry.second;
    size_t own = open.contains(sandbox) ? open.at(sandbox) : 0;
    if (own >= kMaxConnectionsPerSandbox || (in_all >= kMaxConnections && !make_room(own, open))) {
        log::debug("DNS over TCP: {} connections open, {} of {}: one more closed", in_all, own, sandbox);
        return;
    }
    Connection& connection = connections_.emplace_back();
    connection.socket = std::move(socket);
    connection.sandbox = sandbox;
    try {
        connection.thread = std::thread([this, &connection] { run(connection); });
    } catch (const std::system_error& error) {
        log::warn("DNS over TCP: no thread for a connection from {}: {}", sandbox, error.what());
        connections_.pop_back();
    }
}

bool DnsTcpConnections::make_room(size_t own, const OpenCounts& open) {
    // The busiest container's connection idle the longest; a container with no
    // more connections than the newcomer keeps its own (taking one would leave
    // it with fewer than the newcomer).
    Connection* victim = nullptr;
    for (Connection& candidate : connections_) {
        if (candidate.finished || candidate.evicted || !candidate.idle) continue;
        size_t busy = open.at(candidate.sandbox);
        if (busy <= own) continue;
        if (!victim) {
            victim = &candidate;
            continue;
        }
        size_t victim_busy = open.at(victim->sandbox);
        if (busy > victim_busy || (busy == victim_busy && candidate.idle_since < victim->idle_since))
            victim = &candidate;
    }
    if (!victim) return false;
    log::debug("DNS over TCP: every place taken; a connection of {} ({} open) closed to make room", victim->sandbox,
               open.at(victim->sandbox));
    victim->evicted = true;
    ::shutdown(victim->socket.get(), SHUT_RDWR); // its thread sees the end and finishes
    return true;
}

bool DnsTcpConnections::start_answering(Connection& connection) {
    std::lock_guard lock(mutex_);
    if (connection.evicted) return false;
    connection.idle = false;
    return true;
}

void DnsTcpConnections::finish_answering(Connection& connection) {
    std::lock_guard lock(mutex_);
    connection.idle = true;
    connection.idle_since = Clock::now();
}

void DnsTcpConnections::close_sandbox(const std::string& sandbox) {
    std::lock_guard lock(mutex_);
    for (Connection& connection : connections_)
        if (connection.sandbox == sandbox && !connection.finished) ::shutdown(connection.socket.get(), SHUT_RDWR);
}

size_t DnsTcpConnections::open_connections() {
    join_finished();
    std::lock_guard lock(mutex_);
    return static_cast<size_t>(
        std::ranges::count_if(connections_, [](const Connection& open) { return !open.finished && !open.evicted; }));
}

void DnsTcpConnections::join_finished() {
    std::list<Connection> finished;
    {
        std::lock_guard lock(mutex_);
        for (auto it = connections_.begin(); it != connections_.end();) {
            auto next = std::next(it);
            if (it->finished) finished.splice(finished.end(), connections_, it);
            it = next;
        }
    }
    for (Connection& connection : finished) connection.thread.join();
}

void DnsTcpConnections::run(Connection& connection) {
    int socket = connection.socket.get();
    DnsStreamReader reader;
    uint8_t buffer[4096];
    // The next whole query is due by then: bytes of a query do not move it, so
    // a client trickling one byte at a time cannot hold its place for ever.
    auto due = Clock::now() + kIdleTimeout;
    for (;;) {
        // Every whole query received is answered before the next read, in order.
        bool answered = true;
        while (auto query = reader.next()) {
            // Answering, it keeps its place when another container needs one.
            answered = start_answering(connection);
            if (!answered) break;
            auto reply = responder_(connection.sandbox, *query);
            answered = reply && send_all(socket, frame_dns_message(*reply), Clock::now() + kIdleTimeout, stop_fd_);
            if (!answered) break;
            due = Clock::now() + kIdleTimeout;
            finish_answering(connection);
        }
        if (!answered || wait_for(socket, POLLIN, due, stop_fd_) != Wait::Ready) break;
        ssize_t size = ::recv(socket, buffer, sizeof(buffer), 0);
        if (size < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (size <= 0) break; // the client closed, or the sandbox went (shutdown)
        reader.append(std::span<const uint8_t>(buffer, static_cast<size_t>(size)));
    }
    // Closed now, not when joined: the client sees its end at once, and the
    // socket no longer holds the container's namespace.
    std::lock_guard lock(mutex_);
    connection.socket.reset();
    connection.finished = true;
}

Result<std::vector<uint8_t>> exchange_dns_over_tcp(const sockaddr_in& upstream, std::span<const uint8_t> query,
                                                   std::chrono::milliseconds timeout, int stop_fd) {
    auto deadline = Clock::now() + timeout;
    std::string where = address_text(upstream);
    if (query.size() < 2) return fail(ErrorCategory::Invalid, "DNS query of {} bytes", query.size());
    UniqueFd socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!socket) return fail_errno("creating a TCP socket for the DNS server {}", where);
    if (::connect(socket.get(), reinterpret_cast<const sockaddr*>(&upstream), sizeof(upstream)) < 0 &&
        errno != EINPROGRESS)
        return fail_errno("connecting to the DNS server {} over TCP", where);
    if (wait_for(socket.get(), POLLOUT, deadline, stop_fd) != Wait::Ready)
        return fail(ErrorCategory::Unavailable, "connecting to the DNS server {} over TCP: timed out", where);
    int error = 0;
    socklen_t error_size = sizeof(error);
    ::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, &error, &error_size);
    if (error != 0) {
        errno = error;
        return fail_errno("connecting to the DNS server {} over TCP", where);
    }
    if (!send_all(socket.get(), frame_dns_message(query), deadline, stop_fd))
        return fail(ErrorCategory::Unavailable, "sending a query to the DNS server {} over TCP", where);

    DnsStreamReader reader;
    uint8_t buffer[4096];
    for (;;) {
        while (auto reply = reader.next())
            if (reply->size() >= 2 && (*reply)[0] == query[0] && (*reply)[1] == query[1]) return std::move(*reply);
        if (wait_for(socket.get(), POLLIN, deadline, stop_fd) != Wait::Ready)
            return fail(ErrorCategory::Unavailable, "waiting for the DNS server {} over TCP: timed out", where);
        ssize_t size = ::recv(socket.get(), buffer, sizeof(buffer), 0);
        if (size < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (size < 0) return fail_errno("reading from the DNS server {} over TCP", where);
        if (size == 0)
            return fail(ErrorCategory::Unavailable, "the DNS server {} closed the TCP connection without a reply", where);
        reader.append(std::span<const uint8_t>(buffer, static_cast<size_t>(size)));
    }
}

} // namespace berth::network
