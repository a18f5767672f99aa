// A container record survives container.json: every stored field comes back.

#include "containers/container.h"

#include <gtest/gtest.h>

namespace berth::containers {
namespace {

using nlohmann::json;

Container full_container() {
    Container c;
    c.id = "4f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    c.name = "web";
    c.created = "2025-01-02T03:04:05.123456789Z";
    c.image_id = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    c.path = "/bin/sh";
    c.args = {"-c", "sleep 1d"};
    c.config = {{"Hostname", "4f1e2d3c4b5a"}, {"Tty", true}, {"Env", {"A=1"}}, {"Cmd", {"-c", "sleep 1d"}}};
    c.host_config = {{"NetworkMode", "bridge"}, {"Memory", 67108864}, {"Binds", nullptr}};
    c.state.status = "exited";
    c.state.oom_killed = true;
    c.state.pid = 4242;
    c.state.exit_code = 137;
    c.state.error = "oops";
    c.state.started_at = "2025-01-02T03:04:06.000000001Z";
    c.state.finished_at = "2025-01-02T03:05:06.000000001Z";
    c.state.health_status = "unhealthy";
    c.state.failing_streak = 3;
    c.state.health_log = json::array({{{"Start", "s"}, {"End", "e"}, {"ExitCode", 1}, {"Output", "no"}}});
    c.restart_count = 2;
    c.has_been_started = true;
    c.manually_stopped = true;
    c.log_path = "/var/lib/berth/containers/x/x-json.log";
    c.hostname_path = "/var/lib/berth/containers/x/hostname";
    c.hosts_path = "/var/lib/berth/containers/x/hosts";
    c.resolv_conf_path = "/var/lib/berth/containers/x/resolv.conf";
    c.network = {{"IPAddress", "172.17.0.2"}, {"MacAddress", "02:42:ac:11:00:02"}};
    c.mount_points = {{{"Type", "volume"}, {"Name", "data"}, {"Destination", "/data"}, {"CopyData", true}}};
    c.rootfs = "/var/lib/berth/overlay/x/merged";
    c.bundle = "/run/berth/x";
    return c;
}

TEST(ContainerJson, EveryStoredFieldRoundTrips) {
    Container original = full_container();
    // Through text, as the store writes and reads it.
    Container back = container_from_json(json::parse(to_json(original).dump()));
    EXPECT_EQ(back.id, original.id);
    EXPECT_EQ(back.name, original.name);
    EXPECT_EQ(back.created, original.created);
    EXPECT_EQ(back.image_id, original.image_id);
    EXPECT_EQ(back.path, original.path);
    EXPECT_EQ(back.args, original.args);
    EXPECT_EQ(back.config, original.config);
    EXPECT_EQ(back.host_config, original.host_config);
    EXPECT_EQ(back.state.status, original.state.status);
    EXPECT_EQ(back.state.oom_killed, original.state.oom_killed);
    EXPECT_EQ(back.state.pid, original.state.pid);
    EXPECT_EQ(back.state.exit_code, original.state.exit_code);
    EXPECT_EQ(back.state.error, original.state.error);
    EXPECT_EQ(back.state.started_at, original.state.started_at);
    EXPECT_EQ(back.state.finished_at, original.state.finished_at);
    EXPECT_EQ(back.state.health_status, original.state.health_status);
    EXPECT_EQ(back.state.failing_streak, original.state.failing_streak);
    EXPECT_EQ(back.state.health_log, original.state.health_log);
    EXPECT_EQ(back.restart_count, original.restart_count);
    EXPECT_EQ(back.has_been_started, original.has_been_started);
    EXPECT_EQ(back.manually_stopped, original.manually_stopped);
    EXPECT_EQ(back.log_path, original.log_path);
    EXPECT_EQ(back.hostname_path, original.hostname_path);
    EXPECT_EQ(back.hosts_path, original.hosts_path);
    EXPECT_EQ(back.resolv_conf_path, original.resolv_conf_path);
    EXPECT_EQ(back.network, original.network);
    EXPECT_EQ(back.mount_points, original.mount_points);
    EXPECT_EQ(back.rootfs, original.rootfs);
    EXPECT_EQ(back.bundle, original.bundle);
    EXPECT_TRUE(back.tty());
    // And writing it again gives the same document.
    EXPECT_EQ(to_json(back), to_json(original));
}

TEST(ContainerJson, FreshContainerRoundTripsWithDefaults) {
    Container fresh;
    fresh.id = std::string(64, 'a');
    fresh.name = "fresh";
    fresh.config = json::object();
    fresh.host_config = json::object();
    Container back = container_from_json(to_json(fresh));
    EXPECT_EQ(back.state.status, "created");
    EXPECT_EQ(back.state.started_at, kZeroTime);
    EXPECT_EQ(back.state.finished_at, kZeroTime);
    EXPECT_EQ(back.state.health_log, json::array());
    EXPECT_EQ(back.network, json::object());
    EXPECT_FALSE(back.state.running());
    EXPECT_FALSE(back.tty());
}

// Records written before a field existed read with the field's default.
TEST(ContainerJson, OptionalFieldsMayBeAbsent) {
    json minimal = {{"id", std::string(64, 'b')}, {"name", "old"}, {"created", "2024-01-01T00:00:00Z"},
                    {"image_id", "sha256:x"}, {"path", "sh"}, {"args", json::array()},
                    {"config", json::object()}, {"host_config", json::object()}, {"state", {{"status", "exited"}}}};
    Container c = container_from_json(minimal);
    EXPECT_EQ(c.state.status, "exited");
    EXPECT_EQ(c.state.exit_code, 0);
    EXPECT_EQ(c.state.started_at, kZeroTime);
    EXPECT_EQ(c.state.health_status, "");
    EXPECT_EQ(c.restart_count, 0);
    EXPECT_FALSE(c.has_been_started);
    EXPECT_EQ(c.network, json::object());
    EXPECT_EQ(c.mount_points, json::array()); // records from before volumes
    EXPECT_EQ(c.bundle, "");
}

TEST(ContainerJson, MissingRequiredFieldThrows) {
    json record = to_json(full_container());
    record.erase("state");
    EXPECT_THROW(container_from_json(record), json::exception);
    record = to_json(full_container());
    record["args"] = "not a list";
    EXPECT_THROW(container_from_json(record), json::exception);
}

TEST(ContainerState, RunningStatuses) {
    ContainerState state;
    for (const char* status : {"running", "paused", "restarting"}) {
        state.status = status;
        EXPECT_TRUE(state.running()) << status;
    }
    for (const char* status : {"created", "exited", "dead", "removing"}) {
        state.status = status;
        EXPECT_FALSE(state.running()) << status;
    }
}

} // namespace
} // namespace berth::containers
