#pragma once
// BodyStream: a request body read as the handler asks for it, for the routes
// that consume a large upload as it arrives (Router::add_streamed_upload,
// `POST /build`'s context): nothing is spooled to disk or held whole in memory;
// the client's socket is the buffer. A body the handler did not read to its end
// leaves the connection unusable for another request (Exchange::reusable).

#include "base/error.h"

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <span>

namespace berth::api {

class BodyStream {
public:
    virtual ~BodyStream() = default;
    // Reads the next piece of the body into `into`: its size, 0 at the end of the
    // body. An error when the client went away or sent a malformed body.
    virtual boost::asio::awaitable<Result<size_t>> read_some(std::span<char> into) = 0;
    // Whether the whole body has been read.
    virtual bool finished() const = 0;
};

} // namespace berth::api
