#include "api/server/server.h"
#include "base/go_errno.h"
#include "api/server/spool_body.h"

#include "base/ids.h"
#include "base/log.h"

#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::api {
namespace {

namespace fs = std::filesystem;

// A socket file left behind by a crash answers no connect: replace it. One that
// answers belongs to a running daemon: refuse.
Result<> clear_stale_socket(const std::string& path) {
    if (auto free = check_socket_free(path); !free) return free;
    std::error_code ec;
    if (!fs::is_socket(fs::symlink_status(path, ec))) return {};
    log::info("removing stale socket {}", path);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) return fail_errno("removing stale socket {}", path);
    return {};
}

} // namespace

Result<> check_socket_free(const std::string& path) {
    std::error_code ec;
    auto status = fs::symlink_status(path, ec);
    if (ec || !fs::exists(status)) return {};
    if (!fs::is_socket(status))
        return fail(ErrorCategory::Conflict, "{} exists and is not a socket; not replacing it", path);
    asio::io_context probe_io;
    UnixSocket probe(probe_io);
    boost::system::error_code connect_error;
    probe.connect(asio::local::stream_protocol::endpoint(path), connect_error);
    if (!connect_error)
        return fail(ErrorCategory::Conflict, "another daemon is already listening on {}", path);
    return {};
}

ApiServer::ApiServer(asio::io_context& io, const Router& router, AccessPolicy policy, std::string server_name)
    : io_(io), router_(router), policy_(policy), server_name_(std::move(server_name)) {}

Result<> ApiServer::listen(const std::string& socket_path) {
    std::error_code fs_error;
    fs::create_directories(fs::path(socket_path).parent_path(), fs_error);
    if (fs_error) return fail(ErrorCategory::System, "creating the directory of {}: {}", socket_path, go_error_text(fs_error));
    if (auto cleared = clear_stale_socket(socket_path); !cleared) return cleared;

    acceptor_.emplace(io_);
    boost::system::error_code ec;
    asio::local::stream_protocol::endpoint endpoint(socket_path);
    // The socket is made with no permissions at all and opened up once owned right,
    // so nobody can slip in between bind and chmod.
    mode_t old_mask = ::umask(0777);
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    ::umask(old_mask);
    if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail(ErrorCategory::System, "listening on {}: {}", socket_path, go_error_text(ec));
    if (::chown(socket_path.c_str(), 0, policy_.socket_group()) != 0)
        return fail_errno("setting the owner of {} to root:{}", socket_path, policy_.socket_group());
    if (::chmod(socket_path.c_str(), 0660) != 0) return fail_errno("setting the mode of {}", socket_path);
    socket_path_ = socket_path;
    return {};
}

void ApiServer::start() {
    asio::co_spawn(io_, accept_loop(), asio::detached);
}

void ApiServer::stop() {
    std::lock_guard lock(connections_mutex_);
    stopping_ = true;
    if (acceptor_) {
        asio::post(acceptor_->get_executor(), [this] {
            boost::system::error_code ignored;
            acceptor_->close(ignored);
        });
    }
    for (const auto& socket : connections_) {
        asio::post(socket->get_executor(), [socket] {
            boost::system::error_code ignored;
            socket->shutdown(asio::socket_base::shutdown_both, ignored);
            socket->close(ignored);
        });
    }
}

size_t ApiServer::open_connections() const {
    std::lock_guard lock(connections_mutex_);
    return connections_.size();
}

void ApiServer::decorate(http::fields& fields) const {
    // Docker sends these on every answer; clients read API-Version to negotiate.
    fields.set(http::field::server, server_name_);
    fields.set("Api-Version", kMaxApiVersion.str());
    fields.set("Docker-Experimental", "false");
    fields.set("Ostype", "linux");
}

Task ApiServer::accept_loop() {
    for (;;) {
        auto strand = asio::make_strand(io_);
        auto socket = std::make_shared<UnixSocket>(strand);
        boost::system::error_code ec;
        co_await acceptor_->async_accept(*socket, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::operation_aborted || !acceptor_->is_open()) co_return;
        if (ec) {
            log::warn("accepting a connection on {}: {}", socket_path_, go_error_text(ec));
            continue;
        }
        {
            std::lock_guard lock(connections_mutex_);
            if (stopping_) co_return;
            connections_.insert(socket);
        }
        asio::co_spawn(strand, serve(socket), asio::detached);
    }
}

asio::awaitable<boost::system::error_code> ApiServer::read_request(UnixSocket& socket, beast::flat_buffer& buffer,
                                                                    Request& request, std::string& body_file,
                                                                    int& spool_errno, bool may_spool,
                                                                    std::unique_ptr<StreamedBody>& streamed) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(boost::none); // the route decides, once the head is here
    boost::system::error_code ec;
    co_await http::async_read_header(socket, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return ec;
    if (may_spool && router_.streams_body(parser.get().method(), parser.get().target())) {
        request.base() = parser.get().base();
        streamed = std::make_unique<StreamedBody>(socket, buffer, std::move(parser));
        co_return ec;
    }
    if (!may_spool || upload_dir_.empty() || !router_.spools_body(parser.get().method(), parser.get().target())) {
        if (parser.content_length().value_or(0) > kMaxRequestBody) co_return http::error::body_limit;
        parser.body_limit(kMaxRequestBody); // a chunked body counts as it comes
        co_await http::async_read(socket, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) request = parser.release();
        co_return ec;
    }
    // Written on this connection's strand as it arrives: sequential writes to a
    // fresh file, which the page cache absorbs. A failed write is not the end of
    // the request: the rest is read and dropped, and `spool_errno` says why.
    http::request_parser<SpoolBody> spooled(std::move(parser));
    spooled.body_limit(boost::none);
    body_file = std::format("{}/upload-{}", upload_dir_, random_hex(16)); // unique across every socket's server
    UniqueFd fd(::open(body_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd) {
        spool_errno = errno;
        log::error("spooling an upload to {}: {}", body_file, go_strerror(spool_errno));
        body_file.clear();
    }
    spooled.get().body().fd = std::move(fd);
    co_await http::async_read(socket, buffer, spooled, asio::redirect_error(asio::use_awaitable, ec));
    if (spool_errno == 0) spool_errno = spooled.get().body().write_errno;
    spooled.get().body().fd.reset();
    request.base() = spooled.get().base();
    co_return ec;
}

Task ApiServer::serve(std::shared_ptr<UnixSocket> socket) {
    auto credentials = read_peer_credentials(socket->native_handle());
    Result<> admitted = credentials ? policy_.admit(*credentials) : Result<>(std::unexpected(credentials.error()));
    PeerCredentials peer = credentials.value_or(PeerCredentials{});
    if (!admitted)
        log::warn("refused connection from pid {} uid {} gid {}: {}", peer.pid, peer.uid, peer.gid,
                  admitted.error().message());

    beast::flat_buffer buffer;
    for (;;) {
        Request request;
        std::string body_file;
        // A refused peer's upload is not spooled: it is refused with at most 64 MiB read.
        int spool_errno = 0;
        std::unique_ptr<StreamedBody> streamed; // read by the handler, after `request`'s head
        auto ec = co_await read_request(*socket, buffer, request, body_file, spool_errno, admitted.has_value(), streamed);
        // The spooled body goes when this request is done, however it ends.
        std::unique_ptr<const std::string, void (*)(const std::string*)> remove_spool(
            body_file.empty() ? nullptr : &body_file, [](const std::string* path) { ::unlink(path->c_str()); });
        if (ec) {
            if (ec != http::error::end_of_stream && ec != asio::error::operation_aborted &&
                ec != asio::error::connection_reset && ec != asio::error::eof && ec != asio::error::bad_descriptor) {
                // A malformed request gets an answer before the connection goes.
                Request bad;
                Exchange exchange(*socket, buffer, bad, peer);
                exchange.set_decorator([this](http::fields& fields) { decorate(fields); });
                co_await exchange.reply_error(Error(ErrorCategory::Invalid, "bad request: " + go_error_text(ec)));
            }
            break;
        }
        Exchange exchange(*socket, buffer, request, peer);
        exchange.set_decorator([this](http::fields& fields) { decorate(fields); });
        exchange.set_body_file(body_file);
        exchange.set_body_stream(streamed.get());
        if (!admitted) {
            co_await exchange.reply_error(admitted.error());
            break;
        }
        if (spool_errno != 0) { // the whole body was read: the client hears why, as Docker's 500
            co_await exchange.reply_error(Error(ErrorCategory::System, std::format("storing the upload: {}", go_strerror(spool_errno)), spool_errno));
            if (!exchange.reusable()) break;
            continue;
        }
        co_await router_.dispatch(exchange);
        if (!exchange.responded()) {
            log::error("no answer for {} {}", std::string(request.method_string()), std::string(request.target()));
            co_await exchange.reply_error(Error(ErrorCategory::System, "the handler gave no answer"));
        }
        if (!exchange.reusable()) break;
    }
    boost::system::error_code ignored;
    socket->shutdown(asio::socket_base::shutdown_send, ignored);
    socket->close(ignored);
    std::lock_guard lock(connections_mutex_);
    connections_.erase(socket);
}

} // namespace berth::api
