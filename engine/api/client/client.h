#pragma once
// The Engine API client shared by the GUI, the tests and (later) compose. It is
// blocking and owns one connection at a time: run it off the UI thread (the Qt
// adapter in ui/client does). Errors come back categorised like the daemon's:
// Unavailable when berthd is not there, Forbidden when the socket refuses us, and
// the daemon's own {"message"} with the category of its status code otherwise.

#include "base/error.h"
#include "base/unique_fd.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

namespace berth::api {

struct ClientResponse {
    int status = 0;
    std::map<std::string, std::string> headers; // names lower-cased
    std::string body;

    std::string header(const std::string& lower_name) const;
};

// A hijacked connection (attach, exec start): after the daemon's 101 the socket
// carries raw bytes both ways — the process's terminal with a TTY, Docker's
// multiplexed frames without one. `fd` is a blocking socket. `early` holds bytes of that stream the HTTP
// reader had already taken in with the 101; hand them on before reading `fd`.
struct HijackedStream {
    UniqueFd fd;
    std::string early;
};

// A request body made while it is sent (an upload's tar, a build context), so
// memory does not grow with its size: `read` fills the buffer it is handed — at
// most kBodyPieceSize bytes, the client's one piece buffer — and returns how many
// bytes it wrote, 0 at the end. An error from `read` ends the request with that
// error. It goes out chunked (Transfer-Encoding: chunked): nobody needs the size first.
struct BodySource {
    std::function<Result<size_t>(std::span<char> buffer)> read;
    std::string content_type = "application/x-tar";
};
inline constexpr size_t kBodyPieceSize = 64 * 1024;

// "unix:///run/berth/berth.sock"
inline constexpr const char* kDefaultHost = "unix:///run/berth/berth.sock";

class EngineClient {
public:
    // `host` is "unix:///path" (or a bare path).
    explicit EngineClient(std::string host = kDefaultHost);
    ~EngineClient();
    EngineClient(const EngineClient&) = delete;
    EngineClient& operator=(const EngineClient&) = delete;

    const std::string& host() const { return host_; }
    // How long one request may take before it fails; streams are not limited.
    void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
    // A header sent with every request and stream from now on (e.g. X-Registry-Auth).
    void set_header(std::string name, std::string value) { extra_headers_[std::move(name)] = std::move(value); }

    Result<ClientResponse> request(std::string_view method, std::string_view target, std::string_view body = {},
                                   std::string_view content_type = "application/json");
    // The same with a body read from `body` piece by piece as it is sent.
    Result<ClientResponse> request(std::string_view method, std::string_view target, const BodySource& body);

    // GET target, expecting 2xx and JSON; other statuses become errors.
    Result<nlohmann::json> get_json(std::string_view target);

    // Sends the request and hands each piece of the response body to `on_data` until
    // the stream ends, `on_data` returns false, or cancel() is called. The status
    // must be 2xx; otherwise the daemon's message is the error.
    // `request_body`, when given, is sent with `content_type` (POST /build's context tar).
    Result<> stream(std::string_view method, std::string_view target,
                    const std::function<bool(std::string_view)>& on_data, std::string_view request_body = {},
                    std::string_view content_type = "application/x-tar");
    // The same with a streamed request body (POST /build's context, tarred as it is sent).
    Result<> stream(std::string_view method, std::string_view target,
                    const std::function<bool(std::string_view)>& on_data, const BodySource& body);

    // Sends the request with "Connection: Upgrade" and "Upgrade: tcp" (as the docker
    // CLI does for attach and exec start) and, once the daemon answers 101, gives
    // the connection away. Another status is the daemon's error. cancel() does not reach the returned socket:
    // shut it down to end the session.
    Result<HijackedStream> hijack(std::string_view method, std::string_view target, std::string_view json_body = {});

    // Ends the request() or stream() running on another thread (a request then
    // fails as Unavailable, a stream ends quietly); called when none runs, it ends
    // the next one before it starts.
    void cancel();

private:
    struct Connection;
    struct Outgoing; // a request's method, target and body, whole or streamed
    Result<std::unique_ptr<Connection>> connect();
    Result<ClientResponse> request(const Outgoing& outgoing);
    Result<> stream(const Outgoing& outgoing, const std::function<bool(std::string_view)>& on_data);
    // Writes the head and the body; an error is already worded for the caller.
    // `socket_failed` tells a broken connection (the answer may still be there to read) from a body that failed.
    Result<> send(Connection& connection, const Outgoing& outgoing, bool& socket_failed);
    bool begin_active(Connection& connection); // false when cancelled already
    void end_active();

    std::string host_;
    std::string socket_path_;
    std::chrono::milliseconds timeout_{std::chrono::seconds(30)};
    std::map<std::string, std::string> extra_headers_;
    std::mutex active_mutex_;
    Connection* active_ = nullptr;
    bool cancelled_ = false;
};

// The error a non-2xx answer stands for, with the daemon's {"message"} when it sent one.
Error error_from_response(const ClientResponse& response);

} // namespace berth::api
