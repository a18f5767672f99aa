#include "network/userland_proxy.h"

#include "base/log.h"
#include "network/proxy_socket.h"

#include <array>
#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <vector>

namespace berth::network {

namespace {

// How long a connection to the container may take before the client's is closed.
constexpr int kConnectTimeoutMs = 10'000;

// One direction of a relayed connection: bytes read from `from` wait in
// `buffer` until `to` takes them; the end of `from` is passed on as a
// shutdown of `to`'s sending side, so half-closed connections work.
struct Direction {
    int from;
    int to;
    std::vector<char> buffer = std::vector<char>(64 * 1024);
    std::size_t offset = 0;
    std::size_t pending = 0;
    bool ended = false;

    bool finished() const { return ended && pending == 0; }
    short read_events() const { return pending == 0 && !ended ? POLLIN : 0; }
    short write_events() const { return pending > 0 ? POLLOUT : 0; }

    // One step after poll(): false when the connection is broken.
    bool step(short from_revents, short to_revents) {
        if (pending == 0 && !ended && (from_revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = ::read(from, buffer.data(), buffer.size());
            if (n > 0) {
                offset = 0;
                pending = static_cast<std::size_t>(n);
            } else if (n == 0) {
                ended = true;
                ::shutdown(to, SHUT_WR);
            } else if (errno != EAGAIN && errno != EINTR) {
                return false;
            }
        }
        if (pending > 0 && (to_revents & (POLLOUT | POLLHUP | POLLERR))) {
            ssize_t n = ::send(to, buffer.data() + offset, pending, MSG_NOSIGNAL);
            if (n > 0) {
                offset += static_cast<std::size_t>(n);
                pending -= static_cast<std::size_t>(n);
            } else if (errno != EAGAIN && errno != EINTR) {
                return false;
            }
        }
        return true;
    }
};

bool stopped(int stop_fd) {
    pollfd fd{stop_fd, POLLIN, 0};
    return ::poll(&fd, 1, 0) > 0;
}

// A non-blocking connect that gives up when the proxy stops or after the timeout.
Result<UniqueFd> connect_upstream(const sockaddr_storage& upstream, int stop_fd) {
    UniqueFd fd(::socket(upstream.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) return fail_errno("making a socket for the container");
    socklen_t length = upstream.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&upstream), length) == 0) return fd;
    if (errno != EINPROGRESS) return fail_errno("connecting to the container");
    std::array<pollfd, 2> fds{{{fd.get(), POLLOUT, 0}, {stop_fd, POLLIN, 0}}};
    int ready = ::poll(fds.data(), fds.size(), kConnectTimeoutMs);
    if (ready <= 0 || fds[1].revents)
        return fail(ErrorCategory::System, "connecting to the container: no answer");
    int error = 0;
    socklen_t size = sizeof(error);
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0) {
        errno = error;
        return fail_errno("connecting to the container");
    }
    return fd;
}

} // namespace

TcpProxy::TcpProxy(UniqueFd listener, UniqueFd stop, const sockaddr_storage& upstream)
    : listener_(std::move(listener))
    , stop_(std::move(stop))
    , upstream_(upstream) {}

Result<std::unique_ptr<TcpProxy>> TcpProxy::start(UniqueFd listener, const sockaddr_storage& upstream) {
    auto stop = prepare_proxy_socket(listener);
    if (!stop) return std::unexpected(stop.error());
    std::unique_ptr<TcpProxy> proxy(new TcpProxy(std::move(listener), std::move(*stop), upstream));
    proxy->acceptor_ = std::thread([raw = proxy.get()] { raw->accept_loop(); });
    return proxy;
}

TcpProxy::~TcpProxy() {
    signal_proxy_stop(stop_);
    if (acceptor_.joinable()) acceptor_.join();
    // No new connection can start now: every relay sees the stop and ends.
    std::lock_guard lock(mutex_);
    for (Connection& connection : connections_)
        if (connection.relay.joinable()) connection.relay.join();
}

void TcpProxy::accept_loop() {
    while (true) {
        std::array<pollfd, 2> fds{{{listener_.get(), POLLIN, 0}, {stop_.get(), POLLIN, 0}}};
        if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return;
        if (fds[1].revents) return;
        reap_finished();
        UniqueFd client(::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!client) {
            if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) continue;
            log::warn("a port proxy's accept: {}", fail_errno("accept").error().message());
            // Out of descriptors, say: wait a little rather than spin.
            pollfd stop{stop_.get(), POLLIN, 0};
            ::poll(&stop, 1, 100);
            continue;
        }
        std::lock_guard lock(mutex_);
        Connection& connection = connections_.emplace_back();
        connection.client = std::move(client);
        connection.relay = std::thread([this, &connection] {
            relay(connection);
            connection.done = true;
        });
    }
}

void TcpProxy::relay(Connection& connection) {
    auto upstream = connect_upstream(upstream_, stop_.get());
    if (!upstream) {
        if (!stopped(stop_.get())) log::info("a port proxy's connection: {}", upstream.error().message());
        connection.client.reset(); // the client sees its connection closed, as docker-proxy closes it
        return;
    }
    connection.upstream = std::move(*upstream);
    int client = connection.client.get();
    int server = connection.upstream.get();
    Direction to_container{client, server};
    Direction to_client{server, client};
    while (!to_container.finished() || !to_client.finished()) {
        std::array<pollfd, 3> fds{{
            {client, static_cast<short>(to_container.read_events() | to_client.write_events()), 0},
            {server, static_cast<short>(to_client.read_events() | to_container.write_events()), 0},
            {stop_.get(), POLLIN, 0},
        }};
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        // The stop, or a reset: an error on a socket ends both directions.
        if (fds[2].revents || ((fds[0].revents | fds[1].revents) & POLLERR)) break;
        if (!to_container.step(fds[0].revents, fds[1].revents) ||
            !to_client.step(fds[1].revents, fds[0].revents))
            break;
    }
    connection.client.reset();
    connection.upstream.reset();
}

void TcpProxy::reap_finished() {
    std::lock_guard lock(mutex_);
    for (auto it = connections_.begin(); it != connections_.end();) {
        if (!it->done) {
            ++it;
            continue;
        }
        it->relay.join();
        it = connections_.erase(it);
    }
}

} // namespace berth::network
