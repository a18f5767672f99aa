#pragma once
// SpoolBody: a Beast body that writes an upload to a file as it arrives and,
// when a write fails (the data root full), keeps reading the rest of the body
// without storing it. The request then ends whole, so the server can answer
// with the cause on a connection the client is still reading; a parser that
// stopped mid-body instead (Beast's file_body) dropped the connection and the
// client saw only "broken pipe".

#include "base/unique_fd.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <cerrno>
#include <cstdint>
#include <unistd.h>

namespace berth::api {

struct SpoolBody {
    struct value_type {
        UniqueFd fd;
        int write_errno = 0; // the first failed write's errno; 0 while all went to the file
    };

    class reader {
    public:
        template <bool isRequest, class Fields>
        reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

        void init(const boost::optional<std::uint64_t>&, boost::system::error_code& ec) { ec = {}; }

        template <class ConstBufferSequence>
        std::size_t put(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
            ec = {};
            std::size_t total = 0;
            for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers);
                 ++it) {
                boost::asio::const_buffer buffer = *it;
                total += buffer.size();
                if (body_.write_errno == 0) write_all(static_cast<const char*>(buffer.data()), buffer.size());
            }
            return total;
        }

        void finish(boost::system::error_code& ec) { ec = {}; }

    private:
        void write_all(const char* data, std::size_t size) {
            while (size > 0) {
                ssize_t n = ::write(body_.fd.get(), data, size);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) {
                    body_.write_errno = n < 0 ? errno : EIO;
                    // What was written is useless now: its space goes back at once.
                    (void)::ftruncate(body_.fd.get(), 0);
                    return;
                }
                data += n;
                size -= static_cast<std::size_t>(n);
            }
        }

        value_type& body_;
    };
};

} // namespace berth::api
