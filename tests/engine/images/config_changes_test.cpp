#include "images/config_changes.h"

#include <gtest/gtest.h>

namespace berth::images {
namespace {

nlohmann::json apply(std::initializer_list<const char*> changes) {
    nlohmann::json config = nlohmann::json::object();
    for (const char* change : changes) {
        auto applied = apply_config_change(config, change);
        EXPECT_TRUE(applied) << change << ": " << (applied ? "" : applied.error().message());
    }
    return config;
}

TEST(ConfigChanges, ExecAndShellForms) {
    auto config = apply({R"(CMD ["/bin/sh", "-c", "echo hi"])", "ENTRYPOINT top -b"});
    EXPECT_EQ(config["Cmd"], nlohmann::json({"/bin/sh", "-c", "echo hi"}));
    EXPECT_EQ(config["Entrypoint"], nlohmann::json({"/bin/sh", "-c", "top -b"}));
}

TEST(ConfigChanges, EnvReplacesAndAppends) {
    auto config = apply({"ENV A=1 B=\"two\"", "env A=3", "ENV C four"});
    EXPECT_EQ(config["Env"], nlohmann::json({"A=3", "B=two", "C=four"}));
}

TEST(ConfigChanges, SimpleFields) {
    auto config = apply({"WORKDIR /srv", "USER 1000:1000", "EXPOSE 80", "EXPOSE 53/udp", "LABEL tier=front",
                         "STOPSIGNAL SIGINT", "VOLUME /data", R"(VOLUME ["/a", "/b"])"});
    EXPECT_EQ(config["WorkingDir"], "/srv");
    EXPECT_EQ(config["User"], "1000:1000");
    EXPECT_TRUE(config["ExposedPorts"].contains("80/tcp"));
    EXPECT_TRUE(config["ExposedPorts"].contains("53/udp"));
    EXPECT_EQ(config["Labels"]["tier"], "front");
    EXPECT_EQ(config["StopSignal"], "SIGINT");
    EXPECT_EQ(config["Volumes"].size(), 3u);
}

TEST(ConfigChanges, RefusesWhatDockerRefuses) {
    nlohmann::json config = nlohmann::json::object();
    auto run = apply_config_change(config, "RUN make");
    ASSERT_FALSE(run);
    EXPECT_EQ(run.error().message(), "RUN is not a valid change command");
    EXPECT_FALSE(apply_config_change(config, "CMD"));
    EXPECT_FALSE(apply_config_change(config, "ENV =x"));
    EXPECT_FALSE(apply_config_change(config, "ENV novalue"));
    EXPECT_EQ(config, nlohmann::json::object()) << "a refused change changes nothing";
}

} // namespace
} // namespace berth::images
