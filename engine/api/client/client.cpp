#include "api/client/client.h"

#include "base/go_errno.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fcntl.h>

namespace berth::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Stream = beast::basic_stream<asio::local::stream_protocol>;

struct EngineClient::Connection {
    asio::io_context io;
    Stream stream{io};
    beast::flat_buffer buffer;
};

struct EngineClient::Outgoing {
    std::string_view method;
    std::string_view target;
    std::string_view whole; // a body held in memory, or empty
    std::string_view content_type;
    const BodySource* streamed = nullptr; // a body read as it is sent, instead of `whole`
};

namespace {

// Runs one asynchronous operation to completion on the connection's own io_context;
// the stream's deadline turns a hang into beast::error::timeout.
template <typename Start>
boost::system::error_code run_operation(asio::io_context& io, Start&& start) {
    boost::system::error_code result = asio::error::would_block;
    io.restart();
    start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
    io.run();
    return result;
}

http::verb parse_method(std::string_view method) {
    http::verb verb = http::string_to_verb(method);
    return verb == http::verb::unknown ? http::verb::get : verb;
}

template <typename Body>
void set_common_headers(http::request<Body>& request, const std::map<std::string, std::string>& extra_headers) {
    request.set(http::field::host, "berthd");
    request.set(http::field::user_agent, "berth-client");
    for (const auto& [name, value] : extra_headers) request.set(name, value);
}

ClientResponse to_client_response(const http::response_header<>& header) {
    ClientResponse out;
    out.status = static_cast<int>(header.result_int());
    for (const auto& field : header) {
        std::string name(field.name_string());
        std::ranges::transform(name, name.begin(), [](unsigned char c) { return std::tolower(c); });
        out.headers[name] = std::string(field.value());
    }
    return out;
}

} // namespace

std::string ClientResponse::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string{} : it->second;
}

Error error_from_response(const ClientResponse& response) {
    std::string message;
    try {
        auto json = nlohmann::json::parse(response.body);
        if (json.is_object() && json.contains("message") && json["message"].is_string())
            message = json["message"].get<std::string>();
    } catch (const nlohmann::json::exception&) {
    }
    if (message.empty()) message = response.body.empty() ? "no message" : response.body;
    ErrorCategory category = ErrorCategory::System;
    switch (response.status) {
    case 400: category = ErrorCategory::Invalid; break;
    case 401: category = ErrorCategory::Unauthorized; break;
    case 403: category = ErrorCategory::Forbidden; break;
    case 404: category = ErrorCategory::NotFound; break;
    case 409: category = ErrorCategory::Conflict; break;
    case 501: category = ErrorCategory::NotImplemented; break;
    case 503: category = ErrorCategory::Unavailable; break;
    default: break;
    }
    return Error(category, std::format("Error response from daemon ({}): {}", response.status, message));
}

EngineClient::EngineClient(std::string host) : host_(std::move(host)) {
    constexpr std::string_view scheme = "unix://";
    socket_path_ = host_.starts_with(scheme) ? host_.substr(scheme.size()) : host_;
}

EngineClient::~EngineClient() = default;

Result<std::unique_ptr<EngineClient::Connection>> EngineClient::connect() {
    auto connection = std::make_unique<Connection>();
    connection->stream.expires_after(timeout_);
    auto ec = run_operation(connection->io, [&](auto handler) {
        connection->stream.async_connect(asio::local::stream_protocol::endpoint(socket_path_), handler);
    });
    if (ec == asio::error::access_denied || ec == asio::error::no_permission)
        return fail(ErrorCategory::Forbidden, "permission denied while trying to connect to berthd at {}", host_);
    if (ec)
        return fail(ErrorCategory::Unavailable, "cannot connect to berthd at {}: {}. Is the daemon running?", host_,
                    go_error_text(ec));
    return connection;
}

Result<> EngineClient::send(Connection& c, const Outgoing& out, bool& socket_failed) {
    socket_failed = false;
    const http::verb verb = parse_method(out.method);
    auto socket_failure = [&](boost::system::error_code ec) -> Result<> {
        socket_failed = true;
        return fail(ErrorCategory::Unavailable, "sending {} {} to {}: {}", out.method, out.target, host_, go_error_text(ec));
    };
    if (!out.streamed) {
        http::request<http::string_body> request{verb, out.target, 11};
        set_common_headers(request, extra_headers_);
        if (!out.whole.empty()) {
            request.set(http::field::content_type, out.content_type);
            request.body() = std::string(out.whole);
        }
        request.prepare_payload();
        c.stream.expires_after(timeout_);
        auto ec = run_operation(c.io, [&](auto handler) { http::async_write(c.stream, request, handler); });
        return ec ? socket_failure(ec) : Result<>{};
    }
    http::request<http::buffer_body> request{verb, out.target, 11};
    set_common_headers(request, extra_headers_);
    request.set(http::field::content_type, out.streamed->content_type);
    request.chunked(true);
    request.body().data = nullptr;
    request.body().more = true;
    http::request_serializer<http::buffer_body> serializer{request};
    c.stream.expires_after(timeout_);
    auto ec = run_operation(c.io, [&](auto handler) { http::async_write_header(c.stream, serializer, handler); });
    if (ec) return socket_failure(ec);
    // The one piece buffer: what is sent never sits in memory beyond it.
    std::vector<char> piece(kBodyPieceSize);
    for (bool more = true; more;) {
        auto got = out.streamed->read(std::span<char>(piece));
        if (!got) return std::unexpected(got.error().wrap("sending the body of {} {}", out.method, out.target));
        more = *got > 0;
        request.body().data = more ? piece.data() : nullptr;
        request.body().size = std::min(*got, piece.size());
        request.body().more = more;
        c.stream.expires_after(timeout_);
        ec = run_operation(c.io, [&](auto handler) { http::async_write(c.stream, serializer, handler); });
        if (ec == http::error::need_buffer) ec = {};
        if (ec) return socket_failure(ec);
    }
    return {};
}

Result<ClientResponse> EngineClient::request(std::string_view method, std::string_view target,
                                             std::string_view body, std::string_view content_type) {
    return request(Outgoing{method, target, body, content_type});
}

Result<ClientResponse> EngineClient::request(std::string_view method, std::string_view target,
                                             const BodySource& body) {
    return request(Outgoing{method, target, {}, {}, &body});
}

Result<ClientResponse> EngineClient::request(const Outgoing& out) {
    auto connection = connect();
    if (!connection) return std::unexpected(connection.error());
    auto& c = **connection;
    if (!begin_active(c)) return fail(ErrorCategory::Unavailable, "{} {} cancelled", out.method, out.target);
    struct EndActive {
        EngineClient* client;
        ~EndActive() { client->end_active(); }
    } end_active_on_return{this};

    bool socket_failed = false;
    auto sent = send(c, out, socket_failed);
    // A daemon may answer (and hang up) before it has read the whole body: its answer says more than our EPIPE.
    if (!sent && !socket_failed) return std::unexpected(sent.error());
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    parser.skip(parse_method(out.method) == http::verb::head);
    c.stream.expires_after(timeout_);
    auto ec = run_operation(c.io, [&](auto handler) { http::async_read(c.stream, c.buffer, parser, handler); });
    if (ec && !sent) return std::unexpected(sent.error());
    if (ec)
        return fail(ErrorCategory::Unavailable, "reading the answer to {} {}: {}", out.method, out.target, go_error_text(ec));
    ClientResponse response = to_client_response(parser.get().base());
    response.body = std::move(parser.get().body());
    return response;
}

Result<nlohmann::json> EngineClient::get_json(std::string_view target) {
    auto response = request("GET", target);
    if (!response) return std::unexpected(response.error());
    if (response->status < 200 || response->status > 299) return std::unexpected(error_from_response(*response));
    try {
        return nlohmann::json::parse(response->body);
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCategory::System, "the answer to GET {} is not JSON: {}", target, e.what());
    }
}

Result<> EngineClient::stream(std::string_view method, std::string_view target,
                              const std::function<bool(std::string_view)>& on_data, std::string_view request_body,
                              std::string_view content_type) {
    return stream(Outgoing{method, target, request_body, content_type}, on_data);
}

Result<> EngineClient::stream(std::string_view method, std::string_view target,
                              const std::function<bool(std::string_view)>& on_data, const BodySource& body) {
    return stream(Outgoing{method, target, {}, {}, &body}, on_data);
}

Result<> EngineClient::stream(const Outgoing& out, const std::function<bool(std::string_view)>& on_data) {
    const std::string_view method = out.method, target = out.target;
    auto connection = connect();
    if (!connection) return std::unexpected(connection.error());
    auto& c = **connection;
    if (!begin_active(c)) return {};
    auto finish = [this] { end_active(); };

    bool socket_failed = false;
    auto sent = send(c, out, socket_failed);
    if (!sent && !socket_failed) {
        finish();
        return std::unexpected(sent.error());
    }
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    c.stream.expires_after(timeout_);
    auto ec = run_operation(c.io, [&](auto handler) { http::async_read_header(c.stream, c.buffer, parser, handler); });
    if (ec) {
        finish();
        if (!sent) return std::unexpected(sent.error());
        return fail(ErrorCategory::Unavailable, "starting {} {} on {}: {}", method, target, host_, go_error_text(ec));
    }
    ClientResponse head = to_client_response(parser.get().base());
    if (head.status < 200 || head.status > 299) {
        // An error answer is small: read it whole for its message.
        std::string body;
        char piece[4096];
        while (!parser.is_done()) {
            parser.get().body().data = piece;
            parser.get().body().size = sizeof piece;
            ec = run_operation(c.io, [&](auto handler) { http::async_read_some(c.stream, c.buffer, parser, handler); });
            body.append(piece, sizeof piece - parser.get().body().size);
            if (ec && ec != http::error::need_buffer) break;
        }
        head.body = std::move(body);
        finish();
        return std::unexpected(error_from_response(head));
    }
    c.stream.expires_never();
    char piece[16384];
    while (!parser.is_done()) {
        parser.get().body().data = piece;
        parser.get().body().size = sizeof piece;
        ec = run_operation(c.io, [&](auto handler) { http::async_read_some(c.stream, c.buffer, parser, handler); });
        size_t got = sizeof piece - parser.get().body().size;
        if (got > 0 && !on_data(std::string_view(piece, got))) break;
        if (ec == http::error::need_buffer) continue;
        if (ec) {
            bool cancelled = ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor;
            finish();
            if (cancelled) return {};
            return fail(ErrorCategory::Unavailable, "reading the stream of {} {}: {}", method, target, go_error_text(ec));
        }
    }
    finish();
    return {};
}

Result<HijackedStream> EngineClient::hijack(std::string_view method, std::string_view target,
                                           std::string_view json_body) {
    auto connection = connect();
    if (!connection) return std::unexpected(connection.error());
    auto& c = **connection;
    http::request<http::string_body> request{parse_method(method), target, 11};
    set_common_headers(request, extra_headers_);
    request.set(http::field::connection, "Upgrade");
    request.set(http::field::upgrade, "tcp");
    if (!json_body.empty()) {
        request.set(http::field::content_type, "application/json");
        request.body() = std::string(json_body);
    }
    request.prepare_payload();
    c.stream.expires_after(timeout_);
    auto ec = run_operation(c.io, [&](auto handler) { http::async_write(c.stream, request, handler); });
    // A 101 has no body, so the read ends with the head; an error's JSON body is read whole.
    http::response_parser<http::string_body> parser;
    if (!ec) ec = run_operation(c.io, [&](auto handler) { http::async_read(c.stream, c.buffer, parser, handler); });
    if (ec) return fail(ErrorCategory::Unavailable, "hijacking {} {} on {}: {}", method, target, host_, go_error_text(ec));
    ClientResponse response = to_client_response(parser.get().base());
    if (response.status != 101) {
        response.body = std::move(parser.get().body());
        return std::unexpected(error_from_response(response));
    }
    HijackedStream hijacked;
    const auto pending = c.buffer.data();
    hijacked.early.assign(static_cast<const char*>(pending.data()), pending.size());
    c.stream.expires_never();
    hijacked.fd = UniqueFd(c.stream.release_socket().release());
    // asio left the socket non-blocking for its own use; the new owner expects a plain, blocking one.
    ::fcntl(hijacked.fd.get(), F_SETFL, ::fcntl(hijacked.fd.get(), F_GETFL) & ~O_NONBLOCK);
    return hijacked;
}

bool EngineClient::begin_active(Connection& connection) {
    std::lock_guard lock(active_mutex_);
    if (std::exchange(cancelled_, false)) return false;
    active_ = &connection;
    return true;
}

void EngineClient::end_active() {
    std::lock_guard lock(active_mutex_);
    active_ = nullptr;
    cancelled_ = false;
}

void EngineClient::cancel() {
    std::lock_guard lock(active_mutex_);
    if (!active_) {
        cancelled_ = true;
        return;
    }
    Connection* connection = active_;
    asio::post(connection->io, [connection] {
        boost::system::error_code ignored;
        connection->stream.socket().close(ignored);
    });
}

} // namespace berth::api
