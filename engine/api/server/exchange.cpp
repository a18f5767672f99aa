#include "api/server/exchange.h"

namespace berth::api {

Exchange::Exchange(UnixSocket& socket, beast::flat_buffer& buffer, Request& request, const PeerCredentials& peer)
    : socket_(socket), buffer_(buffer), request_(request), peer_(peer) {
    path_ = std::string(request.target().substr(0, request.target().find('?')));
}

void Exchange::set_route(std::string path, ApiVersion version, Query query, PathParams params) {
    path_ = std::move(path);
    version_ = version;
    query_ = std::move(query);
    params_ = std::move(params);
}

std::string Exchange::param(std::string_view name) const {
    auto it = params_.find(name);
    return it == params_.end() ? std::string{} : it->second;
}

std::string Exchange::header(std::string_view name) const {
    auto it = request_.find(name);
    return it == request_.end() ? std::string{} : std::string(it->value());
}

nlohmann::json Exchange::json_body() const {
    if (request_.body().empty()) return nullptr;
    try {
        return nlohmann::json::parse(request_.body());
    } catch (const nlohmann::json::parse_error& e) {
        throw ApiException{Error(ErrorCategory::Invalid, std::string("invalid JSON in request body: ") + e.what())};
    }
}

void Exchange::finish_header(http::fields& fields) const {
    if (decorate_) decorate_(fields);
    for (const auto& [name, value] : extra_headers_) fields.set(name, value);
}

template <typename Response>
Task Exchange::send(Response& response) {
    response.version(11);
    response.keep_alive(request_.keep_alive());
    finish_header(response.base());
    responded_ = true;
    boost::system::error_code ec;
    co_await http::async_write(socket_, response, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) *gone_ = true;
}

Task Exchange::reply(http::status status, std::string body, std::string_view content_type) {
    if (method() == http::verb::head) {
        // A HEAD answer carries the length the GET body would have, but no body.
        http::response<http::empty_body> response{status, 11};
        response.set(http::field::content_type, content_type);
        response.content_length(body.size());
        co_await send(response);
        co_return;
    }
    http::response<http::string_body> response{status, 11};
    response.set(http::field::content_type, content_type);
    response.body() = std::move(body);
    response.prepare_payload();
    co_await send(response);
}

Task Exchange::reply_json(http::status status, const nlohmann::json& body) {
    // Invalid UTF-8 (a file name in docker diff) becomes U+FFFD, as Go's encoding/json writes it.
    co_await reply(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                   "application/json");
}

Task Exchange::reply_error(const Error& error) {
    co_await reply_json(static_cast<http::status>(error.http_status()), {{"message", error.message()}});
}

Task Exchange::reply_empty(http::status status) {
    http::response<http::empty_body> response{status, 11};
    if (status != http::status::no_content && status != http::status::not_modified) response.content_length(0);
    co_await send(response);
}

Task Exchange::begin_stream(std::string_view content_type) {
    http::response<http::empty_body> response{http::status::ok, 11};
    response.set(http::field::content_type, content_type);
    response.chunked(true);
    response.keep_alive(false);
    co_await send_head_of_long_answer(response);
}

Task Exchange::send_head_of_long_answer(http::response<http::empty_body>& response) {
    finish_header(response.base());
    responded_ = true;
    streamed_ = true;
    http::response_serializer<http::empty_body> serializer{response};
    boost::system::error_code ec;
    co_await http::async_write_header(socket_, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) *gone_ = true;
}

asio::awaitable<bool> Exchange::write_chunk(std::string_view data) {
    if (*gone_) co_return false;
    if (data.empty()) co_return true; // an empty chunk would end the stream
    boost::system::error_code ec;
    co_await asio::async_write(socket_, http::make_chunk(asio::buffer(data.data(), data.size())),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) *gone_ = true;
    co_return !*gone_;
}

Task Exchange::end_stream() {
    if (*gone_) co_return;
    boost::system::error_code ec;
    co_await asio::async_write(socket_, http::make_chunk_last(), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) *gone_ = true;
}

void Exchange::watch_client_close(std::function<void()> on_close) {
    // The read may complete after this exchange is gone (the session closes the
    // socket), so it touches only what it owns.
    auto byte = std::make_shared<char>();
    socket_.async_read_some(asio::buffer(byte.get(), 1),
                            [gone = gone_, byte, on_close = std::move(on_close)](boost::system::error_code, size_t) {
                                *gone = true;
                                on_close();
                            });
}

Task Exchange::upgrade(std::string_view content_type) {
    http::response<http::empty_body> response{http::status::switching_protocols, 11};
    response.set(http::field::content_type, content_type);
    response.set(http::field::connection, "Upgrade");
    response.set(http::field::upgrade, "tcp");
    co_await send_head_of_long_answer(response);
}

} // namespace berth::api
