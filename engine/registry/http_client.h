#pragma once
// A small blocking HTTP/1.1 client for talking to registries: one connection
// per request, every step (resolve, connect, write, each read) bounded by a
// timeout, bodies either read whole (with a size limit) or pulled piece by
// piece for blobs. Runs on worker threads: each request owns its io_context.
// https goes over TLS (OpenSSL) with the server's certificate and name verified
// against a TlsContext (tls.h): the registry's own, or the system CAs only.

#include "base/error.h"
#include "registry/tls.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::registry {

struct Url {
    std::string scheme; // "http" or "https"
    std::string host;   // "127.0.0.1", "[::1]", "registry.example"
    uint16_t port = 0;
    std::string target; // "/v2/library/busybox/manifests/latest?x=1"

    // "http://127.0.0.1:5000/v2/" ; the port is left out when it is the scheme's default.
    std::string str() const;
    // "127.0.0.1:5000" as the Host header says it.
    std::string authority() const;
};

// Absolute "http[s]://host[:port][/path]"; Invalid otherwise.
Result<Url> parse_url(std::string_view text);
// `location` (a redirect's Location: absolute, or a path) against `base`.
Result<Url> resolve_url(const Url& base, std::string_view location);

// Hands over the next bytes of a streamed request body into `buffer` (at most
// `size`); 0 only at its end.
using BodySource = std::function<Result<size_t>(char* buffer, size_t size)>;

struct HttpRequest {
    std::string method = "GET";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // A body too large to hold (a layer upload): when set, `body_length` bytes
    // are pulled from it through a small buffer as they are sent, instead of `body`.
    BodySource body_source;
    uint64_t body_length = 0;
};

struct HttpResponse {
    int status = 0;
    std::string reason;
    std::map<std::string, std::string> headers; // names lower-cased; repeated ones joined with ", "
    std::string body;

    std::string header(const std::string& lower_name) const;
};

// A request whose answer's body is read piece by piece.
class HttpStream {
public:
    ~HttpStream();
    HttpStream(const HttpStream&) = delete;
    HttpStream& operator=(const HttpStream&) = delete;

    // Status and headers (body empty).
    const HttpResponse& head() const;
    // Fills `buffer` with the next part of the body; 0 at its end.
    Result<size_t> read(char* buffer, size_t size);
    // The whole remaining body, or an error when it is longer than `limit`.
    Result<std::string> read_all(size_t limit);

private:
    friend Result<std::unique_ptr<HttpStream>> open(const Url&, const HttpRequest&, std::chrono::seconds,
                                                    std::shared_ptr<TlsContext>);
    struct State;
    explicit HttpStream(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// Connects (with a TLS handshake for https, verified with `tls`, or with the
// system CAs when it is null), sends `request` and reads the answer's head.
// A certificate or TLS failure is System (trying again would not help); a
// connection that cannot be made or breaks is Unavailable.
Result<std::unique_ptr<HttpStream>> open(const Url& url, const HttpRequest& request,
                                         std::chrono::seconds timeout = std::chrono::seconds(30),
                                         std::shared_ptr<TlsContext> tls = nullptr);

// The whole exchange; a body longer than `body_limit` is an error.
Result<HttpResponse> fetch(const Url& url, const HttpRequest& request, size_t body_limit,
                           std::chrono::seconds timeout = std::chrono::seconds(30),
                           std::shared_ptr<TlsContext> tls = nullptr);

} // namespace berth::registry
