#include "containers/config/image_merge.h"

#include <gtest/gtest.h>

namespace berth::containers::config {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

constexpr const char* kId = "3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

MergeContext context() { return {kId, "bridge", "workstation"}; }

ContainerConfig request_with(std::optional<Strings> entrypoint, std::optional<Strings> cmd) {
    ContainerConfig config;
    config.image = "img";
    config.entrypoint = std::move(entrypoint);
    config.cmd = std::move(cmd);
    return config;
}

struct ArgvCase {
    const char* name;
    std::optional<Strings> entrypoint, cmd;             // the request's
    json image;                                         // the image's config
    json expected_entrypoint, expected_cmd;             // inspect's Config
    std::string path;
    Strings args;
};

class EntrypointAndCmd : public testing::TestWithParam<ArgvCase> {};

TEST_P(EntrypointAndCmd, AsDockerMergesThem) {
    const auto& c = GetParam();
    auto merged = merge_image_config(request_with(c.entrypoint, c.cmd), c.image, context());
    ASSERT_TRUE(merged) << c.name << ": " << merged.error().message();
    EXPECT_EQ(merged->config["Entrypoint"], c.expected_entrypoint) << c.name;
    EXPECT_EQ(merged->config["Cmd"], c.expected_cmd) << c.name;
    EXPECT_EQ(merged->path, c.path) << c.name;
    EXPECT_EQ(merged->args, c.args) << c.name;
}

const json kNginx = {{"Entrypoint", {"/docker-entrypoint.sh"}}, {"Cmd", {"nginx", "-g", "daemon off;"}}};
const json kBusybox = {{"Cmd", {"sh"}}};

INSTANTIATE_TEST_SUITE_P(
    Docker, EntrypointAndCmd,
    testing::Values(
        ArgvCase{"image defaults", std::nullopt, std::nullopt, kNginx, {"/docker-entrypoint.sh"},
                 {"nginx", "-g", "daemon off;"}, "/docker-entrypoint.sh", {"nginx", "-g", "daemon off;"}},
        ArgvCase{"cmd replaces the image's, entrypoint kept", std::nullopt, Strings{"ls", "-l"}, kNginx,
                 {"/docker-entrypoint.sh"}, {"ls", "-l"}, "/docker-entrypoint.sh", {"ls", "-l"}},
        ArgvCase{"empty cmd takes the image's", std::nullopt, Strings{}, kBusybox, nullptr, {"sh"}, "sh", {}},
        ArgvCase{"entrypoint drops the image's cmd", Strings{"/bin/echo"}, std::nullopt, kNginx, {"/bin/echo"},
                 nullptr, "/bin/echo", {}},
        ArgvCase{"entrypoint with the request's cmd", Strings{"/bin/echo"}, Strings{"hi"}, kNginx, {"/bin/echo"},
                 {"hi"}, "/bin/echo", {"hi"}},
        ArgvCase{"entrypoint [\"\"] resets the image's", Strings{""}, Strings{"sh", "-c", "id"}, kNginx, nullptr,
                 {"sh", "-c", "id"}, "sh", {"-c", "id"}},
        ArgvCase{"entrypoint [] keeps [] and takes the image's cmd", Strings{}, std::nullopt, kNginx, json::array(),
                 {"nginx", "-g", "daemon off;"}, "nginx", {"-g", "daemon off;"}},
        ArgvCase{"no image config", std::nullopt, Strings{"/hello"}, json(nullptr), nullptr, {"/hello"}, "/hello",
                 {}}),
    [](const auto& param_info) {
        std::string name = param_info.param.name;
        for (char& ch : name)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return name;
    });

TEST(ImageMerge, NothingToRun) {
    json image = {{"Entrypoint", {"/ep"}}, {"Cmd", nullptr}};
    EXPECT_TRUE(merge_image_config(request_with(std::nullopt, std::nullopt), image, context())); // the image's entrypoint
    for (auto request : {request_with(Strings{""}, std::nullopt), request_with(Strings{}, Strings{}),
                         request_with(std::nullopt, std::nullopt)}) {
        auto merged = merge_image_config(request, request.entrypoint ? image : json(nullptr), context());
        ASSERT_FALSE(merged);
        EXPECT_EQ(merged.error().message(), "No command specified");
        EXPECT_EQ(merged.error().http_status(), 400);
    }
}

TEST(ImageMerge, EnvByKeyTheRequestWins) {
    auto request = request_with(std::nullopt, Strings{"env"});
    request.env = {"PATH=/custom", "A=1", "B"};
    json image = {{"Env", {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "B=2"}}};
    auto merged = merge_image_config(request, image, context());
    ASSERT_TRUE(merged);
    EXPECT_EQ(merged->config["Env"], json({"PATH=/custom", "A=1", "B", "LANG=C.UTF-8"}));

    auto none = merge_image_config(request_with(std::nullopt, Strings{"env"}), image, context());
    ASSERT_TRUE(none);
    EXPECT_EQ(none->config["Env"], image["Env"]);
    auto neither = merge_image_config(request_with(std::nullopt, Strings{"env"}), json::object(), context());
    ASSERT_TRUE(neither);
    EXPECT_TRUE(neither->config["Env"].is_null());
}

TEST(ImageMerge, ScalarsLabelsPortsVolumes) {
    json image = {{"Cmd", {"postgres"}},
                  {"User", "postgres"},
                  {"WorkingDir", "/var/lib/postgresql"},
                  {"StopSignal", "SIGINT"},
                  {"Labels", {{"maintainer", "them"}, {"version", "16"}}},
                  {"ExposedPorts", {{"5432/tcp", json::object()}}},
                  {"Volumes", {{"/var/lib/postgresql/data", json::object()}}}};
    auto request = request_with(std::nullopt, std::nullopt);
    request.labels = {{"version", "mine"}, {"team", "db"}};
    request.exposed_ports = {"9187/tcp"};
    auto merged = merge_image_config(request, image, context());
    ASSERT_TRUE(merged);
    const auto& c = merged->config;
    EXPECT_EQ(c["User"], "postgres");
    EXPECT_EQ(c["WorkingDir"], "/var/lib/postgresql");
    EXPECT_EQ(c["StopSignal"], "SIGINT");
    EXPECT_EQ(c["Labels"], json({{"maintainer", "them"}, {"version", "mine"}, {"team", "db"}}));
    EXPECT_EQ(c["ExposedPorts"], json({{"9187/tcp", json::object()}, {"5432/tcp", json::object()}}));
    EXPECT_EQ(c["Volumes"], json({{"/var/lib/postgresql/data", json::object()}}));

    request.user = "1000:1000";
    request.working_dir = "/tmp";
    request.stop_signal = "SIGTERM";
    auto mine = merge_image_config(request, image, context());
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->config["User"], "1000:1000");
    EXPECT_EQ(mine->config["WorkingDir"], "/tmp");
    EXPECT_EQ(mine->config["StopSignal"], "SIGTERM");
}

TEST(ImageMerge, HealthcheckFieldByField) {
    json image = {{"Cmd", {"web"}},
                  {"Healthcheck",
                   {{"Test", {"CMD-SHELL", "curl -f http://localhost/"}}, {"Interval", 30000000000}, {"Retries", 3}}}};
    auto request = request_with(std::nullopt, std::nullopt);
    request.healthcheck = Healthcheck{.test = {}, .interval = 5000000000, .timeout = 0, .start_period = 0,
                                      .start_interval = 0, .retries = 0};
    auto merged = merge_image_config(request, image, context());
    ASSERT_TRUE(merged);
    EXPECT_EQ(merged->config["Healthcheck"],
              json({{"Test", {"CMD-SHELL", "curl -f http://localhost/"}}, {"Interval", 5000000000}, {"Retries", 3}}));

    request.healthcheck = Healthcheck{.test = {"NONE"}, .interval = 0, .timeout = 0, .start_period = 0,
                                      .start_interval = 0, .retries = 0};
    auto disabled = merge_image_config(request, image, context());
    ASSERT_TRUE(disabled);
    EXPECT_EQ(disabled->config["Healthcheck"]["Test"], json({"NONE"}));

    auto inherited = merge_image_config(request_with(std::nullopt, std::nullopt), image, context());
    ASSERT_TRUE(inherited);
    EXPECT_EQ(inherited->config["Healthcheck"], image["Healthcheck"]);
    auto without = merge_image_config(request_with(std::nullopt, Strings{"x"}), json::object(), context());
    ASSERT_TRUE(without);
    EXPECT_FALSE(without->config.contains("Healthcheck"));
}

TEST(ImageMerge, Hostname) {
    auto request = request_with(std::nullopt, Strings{"x"});
    auto merged = merge_image_config(request, json::object(), context());
    ASSERT_TRUE(merged);
    EXPECT_EQ(merged->config["Hostname"], "3f4e1c2b9a8d");

    auto host = merge_image_config(request, json::object(), {kId, "host", "workstation"});
    ASSERT_TRUE(host);
    EXPECT_EQ(host->config["Hostname"], "workstation");

    request.hostname = "web";
    auto given = merge_image_config(request, json::object(), context());
    ASSERT_TRUE(given);
    EXPECT_EQ(given->config["Hostname"], "web");
}

} // namespace
} // namespace berth::containers::config
