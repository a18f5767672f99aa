// EngineClient::hijack against a real berthd: an exec with a TTY, driven over
// the raw connection the 101 leaves, as `docker exec -it` does.
#include "api/client/client.h"
#include "support/berthd_process.h"
#include "support/busybox_image.h"

#include <chrono>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

namespace berth::api {
namespace {

using berth::testing::BerthdProcess;

// Reads from `fd` until `needle` shows up in what was read, or 20 s pass.
std::string read_until(int fd, std::string& seen, std::string_view needle) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (seen.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, 200) <= 0) continue;
        char piece[4096];
        ssize_t got = ::recv(fd, piece, sizeof piece, 0);
        if (got <= 0) break;
        seen.append(piece, static_cast<size_t>(got));
    }
    return seen;
}

void send_all(int fd, std::string_view text) {
    ASSERT_EQ(::send(fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
}

class ClientHijackTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (berth::testing::busybox_binary().empty()) GTEST_SKIP() << "busybox-static is not installed";
        ASSERT_TRUE(daemon_.start()) << daemon_.log();
        auto imported = berth::testing::import_busybox_image(client_, "hijack-bb:test");
        ASSERT_TRUE(imported) << imported.error().message();
        auto created = client_.request("POST", "/containers/create?name=hijack-test",
                                       R"({"Image":"hijack-bb:test","Cmd":["sleep","300"]})");
        ASSERT_TRUE(created && created->status == 201) << (created ? created->body : created.error().message());
        auto started = client_.request("POST", "/containers/hijack-test/start");
        ASSERT_TRUE(started && started->status == 204) << (started ? started->body : started.error().message());
    }
    void TearDown() override {
        if (daemon_.pid() > 0) (void)client_.request("DELETE", "/containers/hijack-test?force=1");
    }
    BerthdProcess daemon_;
    EngineClient client_{daemon_.host()};
};

TEST_F(ClientHijackTest, ExecWithATtyRunsCommandsAndSeesItsSize) {
    auto exec = client_.request("POST", "/containers/hijack-test/exec",
                                R"({"AttachStdin":true,"AttachStdout":true,"AttachStderr":true,"Tty":true,"Cmd":["sh"]})");
    ASSERT_TRUE(exec && exec->status == 201) << (exec ? exec->body : exec.error().message());
    const std::string id = nlohmann::json::parse(exec->body)["Id"];

    auto session = client_.hijack("POST", "/exec/" + id + "/start", R"({"Detach":false,"Tty":true})");
    ASSERT_TRUE(session) << session.error().message();
    ASSERT_TRUE(session->fd.valid());
    std::string seen = session->early;

    // The shell's answer, not the terminal's echo of the command, carries "hello".
    send_all(session->fd.get(), "echo hel''lo-from-exec\n");
    EXPECT_NE(read_until(session->fd.get(), seen, "hello-from-exec").find("hello-from-exec"), std::string::npos) << seen;

    auto resized = client_.request("POST", "/exec/" + id + "/resize?h=33&w=97");
    ASSERT_TRUE(resized) << resized.error().message();
    EXPECT_EQ(resized->status, 200) << resized->body;
    send_all(session->fd.get(), "stty size\n");
    EXPECT_NE(read_until(session->fd.get(), seen, "33 97").find("33 97"), std::string::npos) << seen;

    send_all(session->fd.get(), "exit\n");
    ::shutdown(session->fd.get(), SHUT_WR);
}

TEST_F(ClientHijackTest, AnUnknownExecIsTheDaemonsError) {
    auto session = client_.hijack("POST", "/exec/no-such-exec/start", R"({"Detach":false,"Tty":true})");
    ASSERT_FALSE(session);
    EXPECT_EQ(session.error().category(), ErrorCategory::NotFound) << session.error().message();
}

} // namespace
} // namespace berth::api
