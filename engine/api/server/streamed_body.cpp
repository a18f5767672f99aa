#include "api/server/streamed_body.h"

#include "base/go_errno.h"

namespace berth::api {

StreamedBody::StreamedBody(UnixSocket& socket, beast::flat_buffer& buffer, http::request_parser<http::string_body>&& head)
    : socket_(socket), buffer_(buffer), parser_(std::move(head)) {
    parser_.body_limit(boost::none); // a context has no size limit; it is never held whole
}

asio::awaitable<Result<size_t>> StreamedBody::read_some(std::span<char> into) {
    // A read may parse only framing (a chunk's header): go on until data or the end.
    while (!parser_.is_done()) {
        auto& body = parser_.get().body();
        body.data = into.data();
        body.size = into.size();
        boost::system::error_code ec;
        co_await http::async_read_some(socket_, buffer_, parser_, asio::redirect_error(asio::use_awaitable, ec));
        if (ec == http::error::need_buffer) ec = {}; // `into` is full
        if (ec) co_return fail(ErrorCategory::Invalid, "reading the request body: {}", go_error_text(ec));
        size_t got = into.size() - body.size;
        body.data = nullptr;
        if (got > 0) co_return got;
    }
    co_return size_t{0};
}

} // namespace berth::api
