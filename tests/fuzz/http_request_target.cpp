// The API server's request path (engine/api/server) over a real unix socket:
// the bytes are written as they are to a connection of an in-process
// ApiServer whose routes read what real handlers read (path parameters, the
// query string, the `filters` JSON, a JSON body, a spooled upload, a chunked
// answer); then the write side is shut and the answer read to its end. The
// findings: a crash, a server that stops answering (no end within 5 s, or a
// later well-formed request unanswered), an answer that is not HTTP/1.1, or a
// 5xx other than 501: a malformed request is the client's error (400), as in Docker.
#include "api/filters.h"
#include "api/server/server.h"
#include "support/temp_dir.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace berth;
using namespace berth::api;

[[noreturn]] void finding(const std::string& what, std::string_view input) {
    std::fprintf(stderr, "%s\ninput (%zu bytes): %.*s\n", what.c_str(), input.size(), static_cast<int>(input.size()),
                 input.data());
    std::abort();
}

// One server for the whole run: its io thread stopped and its directory removed at exit.
class FuzzedServer {
public:
    FuzzedServer() {
        router_.add(http::verb::get, "/_ping", [](Exchange& exchange) -> Task {
            co_await exchange.reply_json(http::status::ok, "OK");
        });
        router_.add(http::verb::get, "/containers/json", [](Exchange& exchange) -> Task {
            // As the list handlers: the filters JSON parsed, unknown keys refused.
            auto filters = Filters::parse(exchange.query().get("filters").value_or(""));
            if (!filters) throw ApiException{filters.error()};
            if (auto allowed = filters->allow_only({"name", "label", "status"}); !allowed)
                throw ApiException{allowed.error()};
            co_await exchange.reply_json(http::status::ok, nlohmann::json::array());
        });
        router_.add(http::verb::post, "/containers/{name}/start", [](Exchange& exchange) -> Task {
            co_await exchange.reply_json(http::status::ok, {{"name", exchange.param("name")},
                                                            {"all", exchange.query().flag("all")}});
        });
        router_.add(http::verb::post, "/containers/create", [](Exchange& exchange) -> Task {
            co_await exchange.reply_json(http::status::created, exchange.json_body());
        });
        router_.add_upload(http::verb::post, "/images/load", [](Exchange& exchange) -> Task {
            co_await exchange.reply_json(http::status::ok, {{"spooled", !exchange.body_file().empty()}});
        });
        router_.add(http::verb::get, "/events", [](Exchange& exchange) -> Task {
            co_await exchange.begin_stream("application/json");
            if (!co_await exchange.write_chunk("{}\n")) co_return;
            co_await exchange.end_stream();
        });
        server_ = std::make_unique<ApiServer>(io_, router_, AccessPolicy(::getgid()), "berthd-fuzz");
        server_->set_upload_dir(dir_.path());
        if (auto listening = server_->listen(socket_path()); !listening) finding(listening.error().message(), "");
        server_->start();
        runner_ = std::jthread([this] { io_.run(); });
    }
    ~FuzzedServer() {
        server_->stop();
        io_.stop();
        runner_ = {};
    }
    std::string socket_path() const { return dir_ / "api.sock"; }

private:
    berth::testing::TempDir dir_{"berth-http-fuzz"};
    asio::io_context io_;
    Router router_;
    std::unique_ptr<ApiServer> server_;
    std::jthread runner_;
};

int connect_to(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        if (fd >= 0) ::close(fd);
        return -1;
    }
    return fd;
}

// Writes `input`, shuts the write side, reads the answer to its end.
std::string exchange_bytes(const std::string& socket_path, std::string_view input) {
    int fd = connect_to(socket_path);
    if (fd < 0) finding("the server no longer accepts connections", input);
    size_t sent = 0;
    while (sent < input.size()) { // the server may answer and close before it read everything
        ssize_t n = ::send(fd, input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    std::string answer;
    char buffer[4096];
    for (;;) {
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, 5000) != 1) {
            ::close(fd);
            finding("no end of the answer within 5 s (the server hangs)", input);
        }
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        answer.append(buffer, static_cast<size_t>(n));
    }
    ::close(fd);
    return answer;
}

void check_answer(std::string_view answer, std::string_view input) {
    if (answer.empty()) return; // nothing to answer (no request began), or the client's own cut
    if (!answer.starts_with("HTTP/1.1 ")) finding("an answer that is not HTTP/1.1: " + std::string(answer), input);
    // Every answer of a pipelined series: none may be a server error. (501 is
    // an answer by design: an endpoint of Docker's that berthd has not built.)
    for (size_t at = answer.find("HTTP/1.1 "); at != std::string_view::npos; at = answer.find("HTTP/1.1 ", at + 1)) {
        std::string_view status = answer.substr(at + 9, 3);
        if (status.starts_with('5') && status != "501")
            finding("a server error for a client's bytes: " + std::string(answer), input);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static FuzzedServer server;
    static unsigned inputs = 0;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    check_answer(exchange_bytes(server.socket_path(), input), input);
    if (++inputs % 64 == 0) {
        auto ping = exchange_bytes(server.socket_path(), "GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n");
        if (!ping.starts_with("HTTP/1.1 200")) finding("a well-formed ping went unanswered: " + ping, input);
    }
    return 0;
}
