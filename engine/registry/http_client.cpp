#include "registry/http_client.h"

#include "base/go_errno.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <charconv>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <optional>
#include <span>
#include <vector>

namespace berth::registry {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

uint16_t default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

std::string Url::authority() const {
    return port == default_port(scheme) ? host : host + ":" + std::to_string(port);
}

std::string Url::str() const { return scheme + "://" + authority() + target; }

Result<Url> parse_url(std::string_view text) {
    auto invalid = [&] { return fail(ErrorCategory::Invalid, "invalid URL \"{}\"", text); };
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return invalid();
    Url url;
    url.scheme = lower(text.substr(0, scheme_end));
    if (url.scheme != "http" && url.scheme != "https") return invalid();
    std::string_view rest = text.substr(scheme_end + 3);
    auto path_start = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_start);
    url.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
    if (url.target.starts_with('?')) url.target = "/" + url.target;
    if (authority.empty() || authority.find('@') != std::string_view::npos) return invalid();
    std::string_view port_text;
    if (authority.starts_with('[')) {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return invalid();
        url.host = std::string(authority.substr(0, close + 1));
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') return invalid();
            port_text = authority.substr(close + 2);
        }
    } else {
        auto colon = authority.rfind(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (url.host.empty()) return invalid();
    url.port = default_port(url.scheme);
    if (!port_text.empty()) {
        auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), url.port);
        if (error != std::errc() || end != port_text.data() + port_text.size() || url.port == 0) return invalid();
    }
    return url;
}

Result<Url> resolve_url(const Url& base, std::string_view location) {
    if (location.find("://") != std::string_view::npos) return parse_url(location);
    if (!location.starts_with('/')) return fail(ErrorCategory::Invalid, "unsupported redirect to \"{}\"", location);
    Url url = base;
    url.target = std::string(location);
    return url;
}

std::string HttpResponse::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
}

struct HttpStream::State {
    asio::io_context io;
    std::shared_ptr<TlsContext> tls_context; // outlives `tls`
    // One of the two: http, or https over TLS.
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    std::chrono::seconds timeout{30};
    HttpResponse head;
    std::string url; // for messages
    std::optional<Error> broken; // the connection failed mid-body
    bool certificate_requested = false; // the TLS server asked for a client certificate we do not have

    beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

    // Runs one asynchronous step to its end, under the timeout.
    template <typename Start>
    boost::system::error_code run(Start start) {
        boost::system::error_code result = asio::error::would_block;
        tcp().expires_after(timeout);
        start([&result](boost::system::error_code ec, auto&&...) { result = ec; });
        io.restart();
        io.run();
        return result;
    }
    // The same for a step on the stream HTTP goes through (the TLS one for https).
    template <typename Step>
    boost::system::error_code run_on_stream(Step step) {
        return run([&](auto handler) {
            if (tls) step(*tls, handler);
            else step(*plain, handler);
        });
    }
};

HttpStream::HttpStream(std::unique_ptr<State> state) : state_(std::move(state)) {}
HttpStream::~HttpStream() = default;

const HttpResponse& HttpStream::head() const { return state_->head; }

Result<size_t> HttpStream::read(char* buffer, size_t size) {
    auto& s = *state_;
    if (s.broken) return std::unexpected(*s.broken);
    if (s.parser.is_done() || size == 0) return 0;
    s.parser.get().body().data = buffer;
    s.parser.get().body().size = size;
    s.parser.get().body().more = true;
    auto ec = s.run_on_stream(
        [&](auto& stream, auto handler) { http::async_read(stream, s.buffer, s.parser, handler); });
    if (ec == http::error::need_buffer) ec = {};
    if (ec == asio::ssl::error::stream_truncated) {
        // The server closed without a TLS close_notify: the end of a body that
        // runs to the close, a break for one with a length (put_eof tells which).
        ec = {};
        s.parser.put_eof(ec);
    }
    size_t filled = size - s.parser.get().body().size;
    if (ec) {
        s.broken = Error(ErrorCategory::Unavailable,
                         std::format("reading {}: {}", s.url, ec == beast::error::timeout ? "timed out" : go_error_text(ec)));
        // What came before the break goes out first; the next read reports it.
        if (filled == 0) return std::unexpected(*s.broken);
    }
    return filled;
}

Result<std::string> HttpStream::read_all(size_t limit) {
    std::string out;
    char buffer[16384];
    while (true) {
        auto n = read(buffer, sizeof buffer);
        if (!n) return std::unexpected(n.error());
        if (*n == 0) return out;
        if (out.size() + *n > limit)
            return fail(ErrorCategory::Invalid, "the answer from {} is larger than {} bytes", state_->url, limit);
        out.append(buffer, *n);
    }
}

namespace {

// Sets up the checks of the server's certificate before the handshake: its
// name (a DNS name, or an IP address SAN for an address) and SNI for names.
Result<> expect_server_name(SSL* ssl, const std::string& host) {
    boost::system::error_code not_ip;
    (void)asio::ip::make_address(host, not_ip);
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    // SSL_set_tlsext_host_name, without the macro's C cast.
    bool set = not_ip ? SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                                 const_cast<char*>(host.c_str())) == 1 &&
                            X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1
                      : X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
    if (!set) return fail(ErrorCategory::Invalid, "cannot check a TLS certificate for the name \"{}\"", host);
    return {};
}

template <typename Body>
void set_request_head(http::request<Body>& message, const Url& url, const HttpRequest& request) {
    message.method(http::string_to_verb(request.method));
    message.target(url.target);
    message.version(11);
    message.set(http::field::host, url.authority());
    message.set(http::field::user_agent, "berthd");
    message.set(http::field::connection, "close");
    for (const auto& [name, value] : request.headers) message.insert(name, value);
}

// What send_streamed answers when the body's source failed (the error is in `broken`).
const boost::system::error_code source_failed = asio::error::operation_aborted;

// A request whose body is in memory (small: manifests, tokens, checks). The
// body is viewed, not copied.
// (Templates over the stream's state, which is private to open().)
template <typename State>
boost::system::error_code send_whole(State& s, const Url& url, const HttpRequest& request) {
    http::request<http::span_body<const char>> message;
    set_request_head(message, url, request);
    message.body() = std::span<const char>(request.body.data(), request.body.size());
    if (!request.body.empty() || request.method == "PUT" || request.method == "POST" || request.method == "PATCH")
        message.prepare_payload();
    return s.run_on_stream([&](auto& stream, auto handler) { http::async_write(stream, message, handler); });
}

// A request whose body is pulled from its source through one 64 KiB buffer, so
// that sending a layer of any size holds no more than that.
template <typename State>
boost::system::error_code send_streamed(State& s, const Url& url, const HttpRequest& request) {
    http::request<http::buffer_body> message;
    set_request_head(message, url, request);
    message.content_length(request.body_length);
    message.body().data = nullptr;
    message.body().more = true;
    http::request_serializer<http::buffer_body> serializer{message};
    auto ec = s.run_on_stream(
        [&](auto& stream, auto handler) { http::async_write_header(stream, serializer, handler); });
    if (ec) return ec;
    std::vector<char> buffer(64 * 1024);
    for (uint64_t left = request.body_length; left > 0;) {
        auto got = request.body_source(buffer.data(), static_cast<size_t>(std::min<uint64_t>(buffer.size(), left)));
        if (!got || *got == 0) {
            s.broken = got ? Error(ErrorCategory::System, std::format("the body ended {} bytes short", left))
                           : got.error();
            return source_failed;
        }
        message.body().data = buffer.data();
        message.body().size = *got;
        message.body().more = true;
        ec = s.run_on_stream([&](auto& stream, auto handler) { http::async_write(stream, serializer, handler); });
        if (ec == http::error::need_buffer) ec = {};
        if (ec) return ec;
        left -= *got;
    }
    message.body().data = nullptr;
    message.body().more = false;
    return s.run_on_stream([&](auto& stream, auto handler) { http::async_write(stream, serializer, handler); });
}

} // namespace

Result<std::unique_ptr<HttpStream>> open(const Url& url, const HttpRequest& request, std::chrono::seconds timeout,
                                         std::shared_ptr<TlsContext> tls) {
    if (url.scheme != "http" && url.scheme != "https")
        return fail(ErrorCategory::Invalid, "{}: unsupported URL scheme", url.str());
    auto state = std::make_unique<HttpStream::State>();
    auto& s = *state;
    s.timeout = timeout;
    s.url = url.str();
    auto unreachable = [&](std::string_view step, const boost::system::error_code& ec) {
        if (s.certificate_requested)
            return fail(ErrorCategory::System,
                        "{} {}: tls: the registry asks for a client certificate, and its certs.d directory has "
                        "none (NAME.cert with NAME.key): {}",
                        step, s.url, ec == beast::error::timeout ? "timed out" : go_error_text(ec));
        // A TLS failure (a refused client certificate, no common protocol) is
        // not a broken connection: it would fail the same way again.
        if (ec.category() == asio::error::get_ssl_category())
            return fail(ErrorCategory::System, "{} {}: tls: {}", step, s.url, go_error_text(ec));
        return fail(ErrorCategory::Unavailable, "{} {}: {}", step, s.url,
                    ec == beast::error::timeout ? "timed out" : go_error_text(ec));
    };

    std::string host = url.host;
    if (host.starts_with('[')) host = host.substr(1, host.size() - 2);
    if (url.scheme == "https") {
        if (!tls) {
            auto system = TlsContext::system_default();
            if (!system) return std::unexpected(system.error());
            tls = *system;
        }
        s.tls_context = std::move(tls);
        s.tls.emplace(s.io, s.tls_context->native());
        TlsContext::watch_certificate_request(s.tls->native_handle(), &s.certificate_requested);
        if (auto named = expect_server_name(s.tls->native_handle(), host); !named) return std::unexpected(named.error());
    } else {
        s.plain.emplace(s.io);
    }
    tcp::resolver resolver(s.io);
    boost::system::error_code ec;
    auto endpoints = resolver.resolve(host, std::to_string(url.port), ec);
    if (ec) return unreachable("resolving", ec);
    ec = s.run([&](auto handler) { s.tcp().async_connect(endpoints, handler); });
    if (ec) return unreachable("connecting to", ec);
    if (s.tls) {
        ec = s.run([&](auto handler) { s.tls->async_handshake(asio::ssl::stream_base::client, handler); });
        if (long verified = SSL_get_verify_result(s.tls->native_handle()); ec && verified != X509_V_OK)
            return fail(ErrorCategory::System, "tls: failed to verify certificate of {}: {}", s.url,
                        certificate_error_text(verified, host));
        if (ec) return unreachable("TLS handshake with", ec);
    }

    if (http::string_to_verb(request.method) == http::verb::unknown)
        return fail(ErrorCategory::Invalid, "unknown HTTP method {}", request.method);
    ec = request.body_source ? send_streamed(s, url, request) : send_whole(s, url, request);
    if (ec == source_failed && s.broken) return std::unexpected(s.broken->wrap("sending to {}", s.url));
    if (ec) return unreachable("sending to", ec);

    // Beast reads as much as the buffer has room for: room for 256 KiB makes a
    // blob a few hundred reads instead of one per 512 bytes.
    s.buffer.reserve(256 * 1024);
    s.parser.body_limit(boost::none);
    if (request.method == "HEAD") s.parser.skip(true);
    ec = s.run_on_stream(
        [&](auto& stream, auto handler) { http::async_read_header(stream, s.buffer, s.parser, handler); });
    if (ec) return unreachable("reading the answer of", ec);
    const auto& answer = s.parser.get();
    s.head.status = static_cast<int>(answer.result_int());
    s.head.reason = std::string(answer.reason());
    for (const auto& field : answer) {
        auto name = lower(field.name_string());
        auto& value = s.head.headers[name];
        value = value.empty() ? std::string(field.value()) : value + ", " + std::string(field.value());
    }
    return std::unique_ptr<HttpStream>(new HttpStream(std::move(state)));
}

Result<HttpResponse> fetch(const Url& url, const HttpRequest& request, size_t body_limit, std::chrono::seconds timeout,
                           std::shared_ptr<TlsContext> tls) {
    auto stream = open(url, request, timeout, std::move(tls));
    if (!stream) return std::unexpected(stream.error());
    HttpResponse response = (*stream)->head();
    auto body = (*stream)->read_all(body_limit);
    if (!body) return std::unexpected(body.error());
    response.body = std::move(*body);
    return response;
}

} // namespace berth::registry
