// berthd itself, over its real socket, through the client library every part of
// Berth uses.
#include "api/client/client.h"
#include "base/clock.h"
#include "base/files.h"
#include "support/berthd_process.h"

#include <csignal>
#include <future>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/utsname.h>
#include <thread>

namespace berth::api {
namespace {

using berth::testing::BerthdProcess;

class BerthdTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(daemon_.start()) << daemon_.log(); }
    // Every test ends with a graceful shutdown: exit 0 (under ASan, also no leaks).
    void TearDown() override {
        if (daemon_.pid() <= 0) return;
        int status = daemon_.stop();
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "berthd exit status " << status << "\n"
                                                                   << daemon_.log();
    }
    BerthdProcess daemon_;
    EngineClient client_{daemon_.host()};
};

TEST_F(BerthdTest, PingCarriesNegotiationHeadersForGetAndHead) {
    for (const char* method : {"GET", "HEAD"}) {
        auto ping = client_.request(method, "/_ping");
        ASSERT_TRUE(ping) << ping.error().message();
        EXPECT_EQ(ping->status, 200);
        EXPECT_EQ(ping->header("api-version"), "1.45");
        EXPECT_EQ(ping->header("ostype"), "linux");
        EXPECT_EQ(ping->body, std::string(method) == "GET" ? "OK" : "");
    }
}

TEST_F(BerthdTest, VersionReportsTheSupportedRange) {
    auto version = client_.get_json("/v1.45/version");
    ASSERT_TRUE(version) << version.error().message();
    EXPECT_EQ((*version)["ApiVersion"], "1.45");
    EXPECT_EQ((*version)["MinAPIVersion"], "1.24");
    EXPECT_EQ((*version)["Os"], "linux");
    struct utsname names{};
    uname(&names);
    EXPECT_EQ((*version)["KernelVersion"], names.release);
    EXPECT_EQ((*version)["Components"][0]["Name"], "Engine");
}

TEST_F(BerthdTest, InfoReportsRealFiguresAndAStableId) {
    auto info = client_.get_json("/info");
    ASSERT_TRUE(info) << info.error().message();
    EXPECT_EQ((*info)["NCPU"], sysconf(_SC_NPROCESSORS_ONLN));
    EXPECT_EQ((*info)["MemTotal"], static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE));
    EXPECT_EQ((*info)["DockerRootDir"], daemon_.data_root());
    EXPECT_EQ((*info)["OSType"], "linux");
    std::string id = (*info)["ID"];
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(read_file(daemon_.data_root() + "/engine-id").value(), id + "\n");
    EXPECT_GE((*info)["NGoroutines"].get<int>(), 1);
    EXPECT_GE((*info)["NFd"].get<int>(), 3);
    daemon_.stop();
    ASSERT_TRUE(daemon_.start());
    EXPECT_EQ(client_.get_json("/info").value()["ID"], id);
}

TEST_F(BerthdTest, ErrorsHaveDockersStatusesAndMessages) {
    auto expect = [&](std::string_view method, std::string_view target, int status, std::string_view text) {
        auto response = client_.request(method, target);
        ASSERT_TRUE(response) << response.error().message();
        EXPECT_EQ(response->status, status) << target;
        auto body = nlohmann::json::parse(response->body);
        EXPECT_NE(body["message"].get<std::string>().find(text), std::string::npos) << response->body;
    };
    expect("GET", "/nope", 404, "page not found");
    expect("GET", "/v1.45/nope", 404, "page not found");
    expect("GET", "/v1.99/info", 400, "client version 1.99 is too new");
    expect("GET", "/v1.12/info", 400, "is too old");
    expect("GET", "/swarm", 501, "GET /swarm is not implemented in berthd yet");
    expect("GET", "/plugins/localhost:5000/a/b/json", 501, "GET /plugins/{name}/json");
    expect("GET", "/images/no/such/image/json", 404, "No such image: no/such/image");
    expect("POST", "/info", 405, "not allowed");
    expect("GET", "/events?since=yesterday", 400, "invalid timestamp");
    expect("GET", "/events?filters=%7Bbad", 400, "invalid filters");
    expect("GET", "/events?filters=%7B%22colour%22%3A%5B%22red%22%5D%7D", 400, "invalid filter 'colour'");
    // The oldest version we serve still works.
    EXPECT_EQ(client_.request("GET", "/v1.24/version")->status, 200);
}

TEST_F(BerthdTest, EventsStreamLiveAndReplaySinceUntil) {
    int64_t before = now_ns();
    std::promise<std::string> first_event;
    std::atomic<bool> got = false;
    EngineClient streamer(daemon_.host());
    std::jthread reader([&] {
        std::string buffer;
        auto ended = streamer.stream("GET", "/events?filters=%7B%22type%22%3A%5B%22daemon%22%5D%7D",
                                     [&](std::string_view data) {
                                         buffer += data;
                                         if (buffer.find('\n') == std::string::npos) return true;
                                         if (!got.exchange(true)) first_event.set_value(buffer);
                                         return false;
                                     });
        if (!got.exchange(true)) first_event.set_value("stream ended: " + (ended ? "" : ended.error().message()));
    });
    // The subscription exists once /info counts it.
    for (int i = 0; i < 200 && client_.get_json("/info").value()["NEventsListener"] == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    daemon_.signal(SIGHUP);
    auto future = first_event.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    auto event = nlohmann::json::parse(future.get());
    EXPECT_EQ(event["Type"], "daemon");
    EXPECT_EQ(event["Action"], "reload");
    EXPECT_EQ(event["Actor"]["ID"], client_.get_json("/info").value()["ID"]);
    EXPECT_GE(event["timeNano"].get<int64_t>(), before);

    // Replay: since/until in the past give the kept event and end by themselves.
    std::string replay;
    auto target = std::format("/events?since={}.{:09}&until={}", before / 1'000'000'000, before % 1'000'000'000,
                              now_ns() / 1'000'000'000 + 1);
    ASSERT_TRUE(client_.stream("GET", target, [&](std::string_view data) {
        replay += data;
        return true;
    }));
    EXPECT_NE(replay.find("\"reload\""), std::string::npos) << replay;
    std::string none;
    ASSERT_TRUE(client_.stream("GET", target + "&filters=%7B%22type%22%3A%5B%22container%22%5D%7D",
                               [&](std::string_view data) {
                                   none += data;
                                   return true;
                               }));
    EXPECT_EQ(none, "");
}

TEST_F(BerthdTest, ClientsThatLeaveAStreamAreForgotten) {
    for (int i = 0; i < 3; ++i) {
        EngineClient streamer(daemon_.host());
        std::jthread reader([&] { (void)streamer.stream("GET", "/events", [](std::string_view) { return true; }); });
        for (int t = 0; t < 200 && client_.get_json("/info").value()["NEventsListener"] == 0; ++t)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        streamer.cancel();
    }
    int listeners = -1;
    for (int t = 0; t < 300 && listeners != 0; ++t) {
        listeners = client_.get_json("/info").value()["NEventsListener"];
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(listeners, 0);
}

TEST_F(BerthdTest, ServesManyClientsAtOnce) {
    std::vector<std::future<bool>> results;
    for (int i = 0; i < 32; ++i)
        results.push_back(std::async(std::launch::async, [&] {
            EngineClient client(daemon_.host());
            for (int j = 0; j < 10; ++j)
                if (!client.get_json("/version")) return false;
            return true;
        }));
    for (auto& result : results) EXPECT_TRUE(result.get());
}

TEST_F(BerthdTest, SocketIsRootAndGroupOnly) {
    struct stat info{};
    ASSERT_EQ(stat(daemon_.socket_path().c_str(), &info), 0);
    EXPECT_TRUE(S_ISSOCK(info.st_mode));
    EXPECT_EQ(info.st_mode & 0777, 0660u);
    EXPECT_EQ(info.st_uid, 0u);
    EXPECT_EQ(info.st_gid, 0u);
}

TEST_F(BerthdTest, MalformedRequestsGetAnAnswerNotACrash) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", daemon_.socket_path().c_str());
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    std::string garbage = "THIS IS NOT HTTP\r\n\r\n";
    ASSERT_EQ(::write(fd, garbage.data(), garbage.size()), static_cast<ssize_t>(garbage.size()));
    char answer[512] = {};
    ssize_t n = ::read(fd, answer, sizeof answer - 1);
    ::close(fd);
    ASSERT_GT(n, 0);
    EXPECT_TRUE(std::string_view(answer).starts_with("HTTP/1.1 400")) << answer;
    EXPECT_TRUE(client_.get_json("/version")) << "the daemon must still serve";
}

TEST_F(BerthdTest, UnreachableDaemonIsReportedAsUnavailable) {
    daemon_.stop();
    auto refused = client_.get_json("/version");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), ErrorCategory::Unavailable);
}

} // namespace
} // namespace berth::api
