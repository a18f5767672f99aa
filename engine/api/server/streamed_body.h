#pragma once
// The server's BodyStream: Beast's parser over the connection, its body read
// piece by piece into the handler's buffer (chunked or with a length, framing
// removed). Lives for one request, on the connection's strand.

#include "api/server/body_stream.h"
#include "api/server/exchange.h"

namespace berth::api {

class StreamedBody final : public BodyStream {
public:
    // `head` has read the head of the request (and nothing of its body).
    StreamedBody(UnixSocket& socket, beast::flat_buffer& buffer, http::request_parser<http::string_body>&& head);

    asio::awaitable<Result<size_t>> read_some(std::span<char> into) override;
    bool finished() const override { return parser_.is_done(); }
    const http::request_parser<http::buffer_body>& parser() const { return parser_; }

private:
    UnixSocket& socket_;
    beast::flat_buffer& buffer_;
    http::request_parser<http::buffer_body> parser_;
};

} // namespace berth::api
