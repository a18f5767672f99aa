#include "volumes/plugin_client.h"
#include "volumes/volume_plugins.h"

#include "support/temp_dir.h"
#include "engine/volumes/fake_plugin.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <thread>

namespace berth::volumes {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

TEST(PluginAnswerTest, ErrorsAreWordedAsDockerd) {
    auto refused = plugin_answer("VolumeDriver.Create", 500, R"({"Err": "disk full"})");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(), "VolumeDriver.Create: disk full");
    EXPECT_EQ(refused.error().http_status(), 500);
    auto plain = plugin_answer("VolumeDriver.Mount", 503, "busy");
    ASSERT_FALSE(plain);
    EXPECT_EQ(plain.error().message(), "VolumeDriver.Mount: busy");
    auto in_ok = plugin_answer("VolumeDriver.Remove", 200, R"({"Err": "in use"})");
    ASSERT_FALSE(in_ok);
    EXPECT_EQ(in_ok.error().message(), "in use");
}

TEST(PluginAnswerTest, SuccessIsTheJson) {
    auto answer = plugin_answer("VolumeDriver.Path", 200, R"({"Mountpoint": "/m", "Err": ""})");
    ASSERT_TRUE(answer);
    EXPECT_EQ((*answer)["Mountpoint"], "/m");
    auto empty = plugin_answer("VolumeDriver.Unmount", 200, "");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->is_object());
    EXPECT_FALSE(plugin_answer("VolumeDriver.Get", 200, "not json"));
}

TEST(PluginClientTest, PostsJsonWithDockersMediaType) {
    testing::TempDir dir;
    testing::FakePlugin plugin(dir / "p.sock", [](const std::string&, const json&) {
        return testing::FakeAnswer{200, R"({"Mountpoint": "/data/v", "Err": ""})"};
    });
    auto answer = call_plugin({"p", false, dir / "p.sock"}, "VolumeDriver.Mount", {{"Name", "v"}, {"ID", "c1"}}, 5s);
    ASSERT_TRUE(answer) << answer.error().message();
    EXPECT_EQ((*answer)["Mountpoint"], "/data/v");
    auto sent = plugin.requests();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_TRUE(sent[0].starts_with("POST /VolumeDriver.Mount HTTP/1.1\r\n")) << sent[0];
    EXPECT_NE(sent[0].find("Accept: application/vnd.docker.plugins.v1.2+json\r\n"), std::string::npos) << sent[0];
    auto body = json::parse(sent[0].substr(sent[0].find("\r\n\r\n") + 4));
    EXPECT_EQ(body, (json{{"Name", "v"}, {"ID", "c1"}}));
}

TEST(PluginClientTest, NobodyListeningIsUnavailable) {
    testing::TempDir dir;
    auto answer = call_plugin({"p", false, dir / "gone.sock"}, "Plugin.Activate", nullptr, 1s);
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().category(), ErrorCategory::Unavailable);
}

TEST(VolumePluginsTest, ActivatesOnceAndNeedsVolumeDriver) {
    testing::TempDir dir;
    testing::FakePlugin good(dir / "good.sock", [](const std::string& method, const json&) {
        if (method == "Plugin.Activate") return testing::FakeAnswer{200, R"({"Implements": ["VolumeDriver"]})"};
        return testing::FakeAnswer{200, R"({"Err": ""})"};
    });
    testing::FakePlugin other(dir / "other.sock", [](const std::string&, const json&) {
        return testing::FakeAnswer{200, R"({"Implements": ["NetworkDriver"]})"};
    });
    VolumePlugins plugins(PluginDirs::single(dir.path()), 0ms);
    ASSERT_TRUE(plugins.create("good", "v", {{"k", "x"}}));
    ASSERT_TRUE(plugins.remove("good", "v"));
    EXPECT_EQ(good.methods(), (std::vector<std::string>{"Plugin.Activate", "VolumeDriver.Create", "VolumeDriver.Remove"}));
    auto refused = plugins.check("other");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message(), "error looking up volume plugin other: Plugin does not implement the requested driver");
    auto missing = plugins.check("none");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message(), "error looking up volume plugin none: plugin \"none\" not found");
    EXPECT_EQ(missing.error().http_status(), 404);
}

TEST(VolumePluginsTest, ScopeFromCapabilitiesLocalWhenUnsaid) {
    testing::TempDir dir;
    testing::FakePlugin global(dir / "global.sock", [](const std::string& method, const json&) {
        if (method == "Plugin.Activate") return testing::FakeAnswer{200, R"({"Implements": ["VolumeDriver"]})"};
        return testing::FakeAnswer{200, R"({"Capabilities": {"Scope": "global"}})"};
    });
    testing::FakePlugin plain(dir / "plain.sock", [](const std::string& method, const json&) {
        if (method == "Plugin.Activate") return testing::FakeAnswer{200, R"({"Implements": ["VolumeDriver"]})"};
        return testing::FakeAnswer{404, "404 page not found"};
    });
    VolumePlugins plugins(PluginDirs::single(dir.path()), 0ms);
    EXPECT_EQ(plugins.scope("global"), "global");
    EXPECT_EQ(plugins.scope("plain"), "local");
}

TEST(VolumePluginsTest, ActivationRetriesWhileThePluginIsNotListeningYet) {
    testing::TempDir dir;
    std::unique_ptr<testing::FakePlugin> late;
    // A socket file nobody listens on, replaced by a listening plugin while activation waits.
    ASSERT_EQ(::mknod((dir / "late.sock").c_str(), S_IFSOCK | 0600, 0), 0);
    std::thread starter([&] {
        std::this_thread::sleep_for(300ms);
        ::unlink((dir / "late.sock").c_str());
        late = std::make_unique<testing::FakePlugin>(dir / "late.sock", [](const std::string& method, const json&) {
            if (method == "Plugin.Activate") return testing::FakeAnswer{200, R"({"Implements": ["VolumeDriver"]})"};
            return testing::FakeAnswer{};
        });
    });
    VolumePlugins plugins(PluginDirs::single(dir.path()), 5s);
    auto checked = plugins.check("late");
    starter.join();
    EXPECT_TRUE(checked) << checked.error().message();
}

} // namespace
} // namespace berth::volumes
