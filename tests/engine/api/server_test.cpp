// The API server's machinery over a real socket, with a router of test handlers:
// chunked streams, hijacked connections, access refusal and shutdown.
#include "api/client/client.h"
#include "api/server/server.h"
#include "support/temp_dir.h"

#include <atomic>
#include <filesystem>
#include <grp.h>
#include <chrono>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>

namespace berth::api {
namespace {

constexpr std::chrono::seconds kReadDeadline{30};

int connect_raw(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    // A generous bound on every read: a server that never answers fails the
    // test (read_until returns what came) instead of hanging to ctest's timeout.
    timeval bound{kReadDeadline.count(), 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    return fd;
}

// Whether the server ends the connection (end of file or a reset) before the
// deadline; an answer, or nothing at all, is not an end.
bool closed_by_server(int fd) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(std::chrono::milliseconds(kReadDeadline).count())) <= 0) return false;
    char c;
    return ::read(fd, &c, 1) <= 0;
}

std::string read_until(int fd, std::string_view end) {
    std::string data;
    char c;
    while (data.find(end) == std::string::npos && ::read(fd, &c, 1) == 1) data += c;
    return data;
}

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        router_.add(http::verb::get, "/stream", [](Exchange& exchange) -> Task {
            co_await exchange.begin_stream("application/json");
            for (std::string_view piece : {"{\"n\":1}\n", "{\"n\":2}\n", "{\"n\":3}\n"})
                if (!co_await exchange.write_chunk(piece)) co_return;
            co_await exchange.end_stream();
        });
        router_.add(http::verb::get, "/forever", [](Exchange& exchange) -> Task {
            co_await exchange.begin_stream("text/plain");
            co_await exchange.write_chunk("started\n");
            asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::hours(1));
            exchange.watch_client_close([&timer] { timer.cancel(); });
            boost::system::error_code ignored;
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        });
        router_.add(http::verb::post, "/containers/{id}/attach", [](Exchange& exchange) -> Task {
            // An echo over the hijacked connection, as attach will carry stdio.
            co_await exchange.upgrade();
            auto& socket = exchange.socket();
            std::string prefix = "attached " + exchange.param("id") + "\n";
            co_await asio::async_write(socket, asio::buffer(prefix), asio::use_awaitable);
            char data[256];
            boost::system::error_code ec;
            for (;;) {
                size_t n = co_await socket.async_read_some(asio::buffer(data), asio::redirect_error(asio::use_awaitable, ec));
                if (ec) break;
                co_await asio::async_write(socket, asio::buffer(data, n), asio::redirect_error(asio::use_awaitable, ec));
                if (ec) break;
            }
        });
        router_.add(http::verb::post, "/echo-json", [](Exchange& exchange) -> Task {
            co_await exchange.reply_json(http::status::created, exchange.json_body());
        });
        router_.add_upload(http::verb::post, "/upload", [](Exchange& exchange) -> Task {
            // Where the body went and how big it is there: the spool file, or memory.
            std::error_code ec;
            auto size = exchange.body_file().empty() ? exchange.request().body().size()
                                                     : std::filesystem::file_size(exchange.body_file(), ec);
            co_await exchange.reply_json(http::status::ok, {{"file", exchange.body_file()},
                                                            {"size", size},
                                                            {"memory", exchange.request().body().size()}});
        });
        router_.add_streamed_upload(http::verb::post, "/streamed", [](Exchange& exchange) -> Task {
            // The body read in small pieces as it arrives; `read=0` reads none of it.
            std::string body;
            char piece[7];
            while (exchange.body_stream() && exchange.query().get("read").value_or("1") == "1") {
                auto got = co_await exchange.body_stream()->read_some(piece);
                if (!got || *got == 0) break;
                body.append(piece, *got);
            }
            co_await exchange.reply_json(http::status::ok, {{"body", body},
                                                            {"file", exchange.body_file()},
                                                            {"memory", exchange.request().body().size()}});
        });
        server_ = std::make_unique<ApiServer>(io_, router_, AccessPolicy(4242), "berthd-test");
        std::filesystem::create_directories(upload_dir());
        server_->set_upload_dir(upload_dir());
        ASSERT_TRUE(server_->listen(socket_path()));
        server_->start();
        runner_ = std::jthread([this] { io_.run(); });
    }
    void TearDown() override {
        server_->stop();
        io_.stop();
        runner_ = {};
    }
    std::string socket_path() const { return dir_ + "/api.sock"; }
    std::string upload_dir() const { return dir_ + "/uploads"; }

    berth::testing::TempDir temp_{"berth-server"};
    std::string dir_ = temp_.path();
    asio::io_context io_;
    Router router_;
    std::unique_ptr<ApiServer> server_;
    std::jthread runner_;
};

TEST_F(ServerTest, ChunkedStreamsArriveWhole) {
    EngineClient client("unix://" + socket_path());
    std::string received;
    auto streamed = client.stream("GET", "/stream", [&](std::string_view data) {
        received += data;
        return true;
    });
    ASSERT_TRUE(streamed) << streamed.error().message();
    EXPECT_EQ(received, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
}

TEST_F(ServerTest, HijackedConnectionsCarryRawBytesBothWays) {
    int fd = connect_raw(socket_path());
    ASSERT_GE(fd, 0);
    std::string request = "POST /v1.45/containers/c1/attach?stream=1 HTTP/1.1\r\nHost: berthd\r\n"
                          "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
    ASSERT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
    std::string head = read_until(fd, "\r\n\r\n");
    EXPECT_TRUE(head.starts_with("HTTP/1.1 101")) << head;
    EXPECT_NE(head.find("Upgrade: tcp"), std::string::npos) << head;
    EXPECT_EQ(read_until(fd, "\n"), "attached c1\n");
    std::string payload = "raw \x01\x02 bytes\n";
    ASSERT_EQ(::write(fd, payload.data(), payload.size()), static_cast<ssize_t>(payload.size()));
    EXPECT_EQ(read_until(fd, "bytes\n"), payload);
    ::close(fd);
}

TEST_F(ServerTest, JsonBodiesAndMalformedJson) {
    EngineClient client("unix://" + socket_path());
    auto echoed = client.request("POST", "/echo-json", R"({"Image":"busybox"})");
    ASSERT_TRUE(echoed);
    EXPECT_EQ(echoed->status, 201);
    EXPECT_EQ(nlohmann::json::parse(echoed->body)["Image"], "busybox");
    auto malformed = client.request("POST", "/echo-json", R"({"Image":)");
    ASSERT_TRUE(malformed);
    EXPECT_EQ(malformed->status, 400);
    EXPECT_NE(malformed->body.find("invalid JSON"), std::string::npos);
}

// Where the upload cannot be stored (here: no upload directory; in the field,
// a full data root), the body is still read through, so the client gets the
// answer with the cause rather than a connection cut under its write.
TEST_F(ServerTest, AnUploadThatCannotBeSpooledIsAnsweredWithTheCause) {
    std::filesystem::remove_all(upload_dir());
    EngineClient client("unix://" + socket_path());
    std::string body(kMaxRequestBody + 4096, 'x');
    auto refused = client.request("POST", "/v1.45/upload?x=1", body, "application/x-tar");
    ASSERT_TRUE(refused) << refused.error().message();
    EXPECT_EQ(refused->status, 500) << refused->body;
    EXPECT_NE(refused->body.find("storing the upload: no such file or directory"), std::string::npos) << refused->body;
    auto next = client.request("GET", "/stream"); // and the server goes on serving
    ASSERT_TRUE(next) << next.error().message();
}

TEST_F(ServerTest, UploadBodiesPastTheMemoryLimitAreSpooledAndRemovedAfter) {
    EngineClient client("unix://" + socket_path());
    std::string body(kMaxRequestBody + 4096, 'x');
    auto spooled = client.request("POST", "/v1.45/upload?x=1", body, "application/x-tar");
    ASSERT_TRUE(spooled) << spooled.error().message();
    ASSERT_EQ(spooled->status, 200) << spooled->body;
    auto answer = nlohmann::json::parse(spooled->body);
    EXPECT_EQ(answer["size"], body.size());
    EXPECT_EQ(answer["memory"], 0);
    EXPECT_TRUE(answer["file"].get<std::string>().starts_with(upload_dir())) << answer;
    // Removed once the request is done, which may be a moment after the answer reached us.
    for (int i = 0; i < 200 && !std::filesystem::is_empty(upload_dir()); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(std::filesystem::is_empty(upload_dir())) << "the spooled body outlived its request";
    // Any other route still refuses a body past the limit (the server may close
    // before the client has sent it all: then the client sees the connection go).
    auto refused = client.request("POST", "/echo-json", body);
    if (refused) {
        EXPECT_EQ(refused->status, 400) << refused->body;
    }
}

TEST_F(ServerTest, StreamedUploadsAreReadAsTheyArriveNeitherSpooledNorInMemory) {
    int fd = connect_raw(socket_path());
    ASSERT_GE(fd, 0);
    std::string request = "POST /v1.45/streamed HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "6\r\nhello \r\n9\r\nstreamed \r\n";
    ASSERT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // the handler waits for the rest
    std::string rest = "5\r\nworld\r\n0\r\n\r\n";
    ASSERT_EQ(::write(fd, rest.data(), rest.size()), static_cast<ssize_t>(rest.size()));
    std::string answer = read_until(fd, "}\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
    EXPECT_NE(answer.find(R"({"body":"hello streamed world","file":"","memory":0})"), std::string::npos) << answer;
    EXPECT_TRUE(std::filesystem::is_empty(upload_dir())) << "a streamed body was spooled";
    // Read to its end, the body leaves the connection usable.
    std::string next = "POST /echo-json HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
    ASSERT_EQ(::write(fd, next.data(), next.size()), static_cast<ssize_t>(next.size()));
    EXPECT_TRUE(read_until(fd, "{}\n").starts_with("HTTP/1.1 201"));
    ::close(fd);
}

TEST_F(ServerTest, AStreamedUploadLeftUnreadClosesTheConnectionAfterTheAnswer) {
    int fd = connect_raw(socket_path());
    ASSERT_GE(fd, 0);
    std::string request = "POST /streamed?read=0 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789";
    ASSERT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
    std::string answer = read_until(fd, "}\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
    // Its unread body would be taken for the next request: the server closes instead.
    EXPECT_TRUE(closed_by_server(fd)) << "the connection stayed open after the answer";
    ::close(fd);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    int fd = connect_raw(socket_path());
    ASSERT_GE(fd, 0);
    for (int i = 0; i < 3; ++i) {
        std::string request = "POST /echo-json HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}";
        ASSERT_EQ(::write(fd, request.data(), request.size()), static_cast<ssize_t>(request.size()));
        std::string answer = read_until(fd, "{}\n");
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 201")) << answer;
    }
    ::close(fd);
}

TEST_F(ServerTest, PeersOutsideTheGroupAreRefusedEvenWhenTheFileModeLetsThemIn) {
    // Open the file mode wide so only the SO_PEERCRED check stands between.
    ASSERT_EQ(::chmod(socket_path().c_str(), 0666), 0);
    ASSERT_EQ(::chmod(dir_.c_str(), 0711), 0);
    auto answer_as = [&](uid_t uid, gid_t gid) {
        int pipe_fds[2];
        EXPECT_EQ(::pipe(pipe_fds), 0);
        pid_t child = ::fork();
        if (child == 0) {
            ::close(pipe_fds[0]);
            if (::setgroups(0, nullptr) != 0 || ::setresgid(gid, gid, gid) != 0 || ::setresuid(uid, uid, uid) != 0)
                ::_exit(2);
            int fd = connect_raw(socket_path());
            std::string request = "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            if (fd < 0 || ::write(fd, request.data(), request.size()) < 0) ::_exit(3);
            std::string answer = read_until(fd, "}\n");
            (void)!::write(pipe_fds[1], answer.data(), answer.size());
            ::_exit(0);
        }
        ::close(pipe_fds[1]);
        std::string answer = read_until(pipe_fds[0], "\x04");
        ::close(pipe_fds[0]);
        int status = 0;
        ::waitpid(child, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child failed with " << status;
        return answer;
    };
    std::string refused = answer_as(65534, 65534);
    EXPECT_TRUE(refused.starts_with("HTTP/1.1 403")) << refused;
    EXPECT_NE(refused.find("access denied: uid 65534"), std::string::npos) << refused;
    // A member of the socket group gets past the check to the router, which knows no /nope.
    std::string admitted = answer_as(65534, 4242);
    EXPECT_TRUE(admitted.starts_with("HTTP/1.1 404")) << admitted;
}

TEST_F(ServerTest, ASecondServerOnALiveSocketIsRefusedAndAStaleOneReplaced) {
    asio::io_context other_io;
    ApiServer second(other_io, router_, AccessPolicy(0), "second");
    auto refused = second.listen(socket_path());
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("already listening"), std::string::npos);

    std::string stale = dir_ + "/stale.sock";
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", stale.c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(fd); // bound, never listened: what a crash leaves behind
    EXPECT_TRUE(second.listen(stale));
}

TEST_F(ServerTest, StopEndsOpenStreams) {
    EngineClient client("unix://" + socket_path());
    std::string received;
    std::atomic<bool> streaming = false;
    std::jthread reader([&] {
        (void)client.stream("GET", "/forever", [&](std::string_view data) {
            received += data;
            streaming = true;
            return true;
        });
    });
    // Wait for the first chunk, not just the connection: the handler must be mid-stream.
    for (int i = 0; i < 500 && !streaming; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(streaming);
    ASSERT_EQ(server_->open_connections(), 1u);
    server_->stop();
    reader = {}; // joins: the stream must end by itself
    EXPECT_EQ(received, "started\n");
}

} // namespace
} // namespace berth::api
