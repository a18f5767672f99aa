#pragma once
// One request and its answer, as a handler sees them. An answer is one of:
// a whole reply (reply, reply_json, reply_error); a long-lived chunked stream
// (begin_stream, write_chunk, end_stream) for events, logs and stats; or a
// hijacked connection (upgrade, then raw bytes both ways on socket()) for
// attach and exec, as Docker does with "Upgrade: tcp" and 101.

#include "api/path_pattern.h"
#include "api/server/body_stream.h"
#include "api/server/peer_access.h"
#include "api/server/query.h"
#include "api/version.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <nlohmann/json.hpp>

namespace berth::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using UnixSocket = asio::local::stream_protocol::socket;
using Task = asio::awaitable<void>;
using Request = http::request<http::string_body>;

// Thrown by handlers that find a request wrong midway; the router answers with it.
struct ApiException {
    Error error;
};

class Exchange {
public:
    Exchange(UnixSocket& socket, beast::flat_buffer& buffer, Request& request, const PeerCredentials& peer);

    // The request.
    const Request& request() const { return request_; }
    http::verb method() const { return request_.method(); }
    std::string_view path() const { return path_; } // decoded, without the /v1.xx prefix and query
    ApiVersion version() const { return version_; } // as requested, or the newest we serve
    const Query& query() const { return query_; }
    const PathParams& params() const { return params_; }
    std::string param(std::string_view name) const;
    std::string header(std::string_view name) const;
    const PeerCredentials& peer() const { return peer_; }
    // The body as JSON; an empty body reads as null. Malformed JSON throws ApiException (400).
    nlohmann::json json_body() const;
    // Where an upload route's body was spooled ("" when it is in request().body()).
    const std::string& body_file() const { return body_file_; }
    void set_body_file(std::string path) { body_file_ = std::move(path); }
    // A streamed upload route's body, read as it arrives (nullptr for the others).
    BodyStream* body_stream() const { return body_stream_; }
    void set_body_stream(BodyStream* stream) { body_stream_ = stream; }

    // Set by the router before a handler runs.
    void set_route(std::string path, ApiVersion version, Query query, PathParams params);
    void set_decorator(std::function<void(http::fields&)> decorate) { decorate_ = std::move(decorate); }
    // A header for the answer, beside the ones every answer carries.
    void add_header(std::string name, std::string value) { extra_headers_.emplace_back(std::move(name), std::move(value)); }

    // Whole replies.
    Task reply(http::status status, std::string body, std::string_view content_type = "application/json");
    Task reply_json(http::status status, const nlohmann::json& body);
    Task reply_error(const Error& error);
    Task reply_empty(http::status status);

    // A chunked stream: headers first, then chunks as they come. write_chunk returns
    // false once the client has gone, and the handler should stop.
    Task begin_stream(std::string_view content_type);
    asio::awaitable<bool> write_chunk(std::string_view data);
    Task end_stream();

    // Calls `on_close` on this connection's executor when the client closes its end
    // (or sends anything, which a streaming endpoint does not expect). For handlers
    // that wait for something other than the client.
    void watch_client_close(std::function<void()> on_close);

    // Answers 101 with "Upgrade: tcp" and hands the raw connection over. Bytes the
    // client sent after the request are in buffered().
    Task upgrade(std::string_view content_type = "application/vnd.docker.raw-stream");
    UnixSocket& socket() { return socket_; }
    beast::flat_buffer& buffered() { return buffer_; }

    bool responded() const { return responded_; }
    bool client_gone() const { return *gone_; }
    // Whether the connection can carry another request after this one.
    bool reusable() const {
        return responded_ && !streamed_ && !*gone_ && request_.keep_alive() && (!body_stream_ || body_stream_->finished());
    }

private:
    template <typename Response>
    Task send(Response& response);
    void finish_header(http::fields& fields) const;
    // The head of a stream or an upgrade: after it the connection is the handler's.
    Task send_head_of_long_answer(http::response<http::empty_body>& response);

    UnixSocket& socket_;
    beast::flat_buffer& buffer_;
    Request& request_;
    const PeerCredentials& peer_;
    std::string path_;
    ApiVersion version_ = kMaxApiVersion;
    Query query_;
    PathParams params_;
    std::function<void(http::fields&)> decorate_;
    std::vector<std::pair<std::string, std::string>> extra_headers_;
    bool responded_ = false;
    bool streamed_ = false;
    std::string body_file_;
    BodyStream* body_stream_ = nullptr;
    std::shared_ptr<bool> gone_ = std::make_shared<bool>(false);
};

} // namespace berth::api
