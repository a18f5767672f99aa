#pragma once
// The Engine API server: HTTP/1.1 (Boost.Beast) on a unix socket, many clients at
// once, each connection a coroutine on its own strand. Each connection is checked
// against the AccessPolicy before any request is served.
//
// Lifecycle: listen() binds the socket (replacing a stale one from a crash, refusing
// a live one), start() accepts on the io_context the caller runs, stop() stops
// accepting and closes every open connection, ending streams.

#include "api/server/peer_access.h"
#include "api/server/router.h"
#include "api/server/streamed_body.h"

#include <memory>
#include <mutex>
#include <set>

namespace berth::api {

// Conflict when a daemon answers on `socket_path`; a stale socket or none is fine.
// A daemon checks this before it touches the host, listen() checks it again.
Result<> check_socket_free(const std::string& socket_path);

class ApiServer {
public:
    ApiServer(asio::io_context& io, const Router& router, AccessPolicy policy, std::string server_name);

    // Binds `socket_path` as 0660 root:<policy group>.
    Result<> listen(const std::string& socket_path);
    void start();
    void stop();

    // Where upload routes' bodies are spooled (Router::add_upload); without it
    // they are read into memory like any other body.
    void set_upload_dir(std::string dir) { upload_dir_ = std::move(dir); }

    const std::string& socket_path() const { return socket_path_; }
    size_t open_connections() const;

private:
    Task accept_loop();
    Task serve(std::shared_ptr<UnixSocket> socket);
    // Reads the next request: the head, then the body into memory or, for an
    // upload route when `may_spool`, into a file under upload_dir_ (its path in
    // `body_file`; `spool_errno` is why it could not be stored, the body read through).
    // A streamed upload route's body is left on the socket, for `streamed`.
    asio::awaitable<boost::system::error_code> read_request(UnixSocket& socket, beast::flat_buffer& buffer,
                                                            Request& request, std::string& body_file,
                                                            int& spool_errno, bool may_spool,
                                                            std::unique_ptr<StreamedBody>& streamed);
    void decorate(http::fields& fields) const;

    asio::io_context& io_;
    const Router& router_;
    AccessPolicy policy_;
    std::string server_name_;
    std::string socket_path_;
    std::string upload_dir_;
    std::optional<asio::local::stream_protocol::acceptor> acceptor_;
    mutable std::mutex connections_mutex_;
    std::set<std::shared_ptr<UnixSocket>> connections_;
    bool stopping_ = false;
};

// The largest request body read whole (JSON configs); upload routes spool theirs.
inline constexpr size_t kMaxRequestBody = 64 * 1024 * 1024;

} // namespace berth::api
