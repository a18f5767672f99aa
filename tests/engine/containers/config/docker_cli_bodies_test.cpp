// The bodies the docker CLI (28) sends to POST /containers/create for typical
// `docker run` lines, through parse_create_request and the image merge, to
// what `docker inspect` shows for Config, HostConfig, Path and Args.

#include "containers/config/create_request.h"
#include "containers/config/image_merge.h"
#include "containers/config/inspect_host_config.h"

#include <gtest/gtest.h>

namespace berth::containers::config {
namespace {

using nlohmann::json;

constexpr const char* kId = "9d1c4f7a2b3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c";

const json kBusyboxImage = json::parse(R"({
  "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
  "Cmd": ["sh"]
})");

// The HostConfig the CLI sends when no flag touches it.
json cli_host_config() {
    return json::parse(R"({
      "Binds": null, "ContainerIDFile": "", "LogConfig": {"Type": "", "Config": {}},
      "NetworkMode": "default", "PortBindings": {}, "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
      "AutoRemove": false, "VolumeDriver": "", "VolumesFrom": null, "ConsoleSize": [0, 0],
      "CapAdd": null, "CapDrop": null, "CgroupnsMode": "", "Dns": [], "DnsOptions": [], "DnsSearch": [],
      "ExtraHosts": null, "GroupAdd": null, "IpcMode": "", "Cgroup": "", "Links": null, "OomScoreAdj": 0,
      "PidMode": "", "Privileged": false, "PublishAllPorts": false, "ReadonlyRootfs": false,
      "SecurityOpt": null, "UTSMode": "", "UsernsMode": "", "ShmSize": 0, "Isolation": "",
      "CpuShares": 0, "Memory": 0, "NanoCpus": 0, "CgroupParent": "", "BlkioWeight": 0,
      "BlkioWeightDevice": [], "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [],
      "BlkioDeviceReadIOps": [], "BlkioDeviceWriteIOps": [], "CpuPeriod": 0, "CpuQuota": 0,
      "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "",
      "Devices": [], "DeviceCgroupRules": null, "DeviceRequests": null, "MemoryReservation": 0,
      "MemorySwap": 0, "MemorySwappiness": null, "OomKillDisable": null, "PidsLimit": null,
      "Ulimits": [], "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
      "MaskedPaths": null, "ReadonlyPaths": null
    })");
}

json cli_body(json config, json host_changes) {
    json body = json::parse(R"({
      "Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": true,
      "AttachStderr": true, "Tty": false, "OpenStdin": false, "StdinOnce": false, "Env": [], "Cmd": null,
      "Image": "busybox", "Volumes": {}, "WorkingDir": "", "Entrypoint": null, "OnBuild": null, "Labels": {}
    })");
    body.update(config);
    json host = cli_host_config();
    host.update(host_changes);
    body["HostConfig"] = host;
    body["NetworkingConfig"] = {{"EndpointsConfig", json::object()}};
    return body;
}

struct Inspected {
    json config;
    json host_config;
    std::string path;
    std::vector<std::string> args;
    std::vector<std::string> warnings;
};

Inspected create(const json& body, const json& image = kBusyboxImage) {
    CreateContext context;
    context.api_version = {1, 45};
    context.host.cpus = 8;
    context.host.cgroup_v2 = true;
    auto request = parse_create_request(body, context);
    EXPECT_TRUE(request) << request.error().message();
    if (!request) return {};
    auto merged = merge_image_config(request->config, image, {kId, request->host_config.network_mode, "workstation"});
    EXPECT_TRUE(merged) << merged.error().message();
    if (!merged) return {};
    return {merged->config, request->inspect_host_config, merged->path, merged->args, request->warnings};
}

// `docker run busybox`
TEST(DockerCliBodies, RunBusybox) {
    auto inspected = create(cli_body(json::object(), json::object()));
    EXPECT_EQ(inspected.config, json::parse(R"({
      "Hostname": "9d1c4f7a2b3e", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": true,
      "AttachStderr": true, "Tty": false, "OpenStdin": false, "StdinOnce": false,
      "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "Cmd": ["sh"],
      "Image": "busybox", "Volumes": null, "WorkingDir": "", "Entrypoint": null, "OnBuild": null, "Labels": {}
    })"));
    EXPECT_EQ(inspected.path, "sh");
    EXPECT_TRUE(inspected.args.empty());

    json expected = cli_host_config();
    expected["LogConfig"] = {{"Type", "json-file"}, {"Config", json::object()}};
    expected["NetworkMode"] = "bridge";
    expected["CgroupnsMode"] = "private";
    expected["IpcMode"] = "private";
    expected["ShmSize"] = 67108864;
    expected["Runtime"] = "runc";
    expected["OomKillDisable"] = false;
    expected["MaskedPaths"] = default_masked_paths();
    expected["ReadonlyPaths"] = default_readonly_paths();
    EXPECT_EQ(inspected.host_config, expected) << inspected.host_config.dump(2);
    EXPECT_TRUE(inspected.warnings.empty());
}

// `docker run -it --rm -m 64m --cpus 0.5 --cap-drop ALL busybox sh`
TEST(DockerCliBodies, InteractiveLimitedAndRemoved) {
    json config = {{"AttachStdin", true}, {"Tty", true}, {"OpenStdin", true}, {"StdinOnce", true}, {"Cmd", {"sh"}}};
    json host = {{"AutoRemove", true},      {"ConsoleSize", {24, 80}}, {"Memory", 67108864},
                 {"NanoCpus", 500000000},   {"CapDrop", {"ALL"}},      {"MemorySwappiness", -1}};
    auto inspected = create(cli_body(config, host));
    EXPECT_EQ(inspected.config["Tty"], true);
    EXPECT_EQ(inspected.config["OpenStdin"], true);
    EXPECT_EQ(inspected.config["StdinOnce"], true);
    EXPECT_EQ(inspected.config["Cmd"], json({"sh"}));
    EXPECT_EQ(inspected.path, "sh");

    const auto& hc = inspected.host_config;
    EXPECT_EQ(hc["AutoRemove"], true);
    EXPECT_EQ(hc["ConsoleSize"], json({24, 80}));
    EXPECT_EQ(hc["Memory"], 67108864);
    EXPECT_EQ(hc["MemorySwap"], 134217728); // twice the memory
    EXPECT_TRUE(hc["MemorySwappiness"].is_null());
    EXPECT_EQ(hc["NanoCpus"], 500000000);
    EXPECT_EQ(hc["CapDrop"], json({"ALL"}));
    EXPECT_TRUE(hc["CapAdd"].is_null());
    EXPECT_EQ(hc["RestartPolicy"], json({{"Name", "no"}, {"MaximumRetryCount", 0}}));
}

// `docker run -d --name web --restart unless-stopped -e A=1 -l team=x -w /srv --user 1000
//   --entrypoint /bin/sh --health-cmd 'true' --stop-signal SIGINT --read-only --tmpfs /run
//   -v /srv/data:/data:ro --log-opt max-size=10m --ulimit nofile=1024:2048 --pids-limit 100
//   --security-opt no-new-privileges --init busybox -c 'sleep 1d'`
TEST(DockerCliBodies, DetachedService) {
    json config = {{"AttachStdout", false},
                   {"AttachStderr", false},
                   {"Env", {"A=1"}},
                   {"Labels", {{"team", "x"}}},
                   {"WorkingDir", "/srv"},
                   {"User", "1000"},
                   {"Entrypoint", {"/bin/sh"}},
                   {"Cmd", {"-c", "sleep 1d"}},
                   {"Healthcheck", {{"Test", {"CMD-SHELL", "true"}}}},
                   {"StopSignal", "SIGINT"}};
    json host = {{"RestartPolicy", {{"Name", "unless-stopped"}, {"MaximumRetryCount", 0}}},
                 {"ReadonlyRootfs", true},
                 {"Tmpfs", {{"/run", ""}}},
                 {"Binds", {"/srv/data:/data:ro"}},
                 {"LogConfig", {{"Type", ""}, {"Config", {{"max-size", "10m"}}}}},
                 {"Ulimits", {{{"Name", "nofile"}, {"Hard", 2048}, {"Soft", 1024}}}},
                 {"PidsLimit", 100},
                 {"SecurityOpt", {"no-new-privileges"}},
                 {"Init", true}};
    auto inspected = create(cli_body(config, host));
    const auto& c = inspected.config;
    EXPECT_EQ(c["Env"], json({"A=1", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}));
    EXPECT_EQ(c["Labels"], json({{"team", "x"}}));
    EXPECT_EQ(c["WorkingDir"], "/srv");
    EXPECT_EQ(c["User"], "1000");
    EXPECT_EQ(c["Entrypoint"], json({"/bin/sh"}));
    EXPECT_EQ(c["Cmd"], json({"-c", "sleep 1d"})); // the image's ["sh"] is dropped with a new entrypoint
    EXPECT_EQ(c["Healthcheck"], json({{"Test", {"CMD-SHELL", "true"}}}));
    EXPECT_EQ(c["StopSignal"], "SIGINT");
    EXPECT_EQ(inspected.path, "/bin/sh");
    EXPECT_EQ(inspected.args, (std::vector<std::string>{"-c", "sleep 1d"}));

    const auto& hc = inspected.host_config;
    EXPECT_EQ(hc["RestartPolicy"]["Name"], "unless-stopped");
    EXPECT_EQ(hc["ReadonlyRootfs"], true);
    EXPECT_EQ(hc["Tmpfs"], json({{"/run", ""}}));
    EXPECT_EQ(hc["Binds"], json({"/srv/data:/data:ro"}));
    EXPECT_EQ(hc["LogConfig"], json({{"Type", "json-file"}, {"Config", {{"max-size", "10m"}}}}));
    EXPECT_EQ(hc["Ulimits"], json({{{"Name", "nofile"}, {"Hard", 2048}, {"Soft", 1024}}}));
    EXPECT_EQ(hc["PidsLimit"], 100);
    EXPECT_EQ(hc["SecurityOpt"], json({"no-new-privileges"}));
    EXPECT_EQ(hc["Init"], true);
}

// `docker run --network host --privileged --pid host busybox`: privileged
// containers keep no masked or read-only paths.
TEST(DockerCliBodies, HostNetworkPrivileged) {
    auto inspected = create(cli_body(json::object(), {{"NetworkMode", "host"}, {"Privileged", true}, {"PidMode", "host"}}));
    EXPECT_EQ(inspected.config["Hostname"], "workstation");
    EXPECT_EQ(inspected.host_config["NetworkMode"], "host");
    EXPECT_EQ(inspected.host_config["PidMode"], "host");
    EXPECT_TRUE(inspected.host_config["MaskedPaths"].is_null());
    EXPECT_TRUE(inspected.host_config["ReadonlyPaths"].is_null());
}

// `docker run --security-opt systempaths=unconfined busybox`: the CLI sends [] for both.
TEST(DockerCliBodies, UnconfinedSystemPaths) {
    auto inspected = create(cli_body(json::object(), {{"MaskedPaths", json::array()}, {"ReadonlyPaths", json::array()}}));
    EXPECT_EQ(inspected.host_config["MaskedPaths"], json::array());
    EXPECT_EQ(inspected.host_config["ReadonlyPaths"], json::array());
}

// A raw API client sending the least: `curl -d '{"Image":"busybox"}'`.
TEST(DockerCliBodies, MinimalApiBody) {
    auto inspected = create(json{{"Image", "busybox"}});
    EXPECT_EQ(inspected.config["AttachStdout"], false);
    EXPECT_EQ(inspected.config["Cmd"], json({"sh"}));
    const auto& hc = inspected.host_config;
    EXPECT_EQ(hc["NetworkMode"], "bridge");
    EXPECT_EQ(hc["RestartPolicy"], json({{"Name", "no"}, {"MaximumRetryCount", 0}}));
    EXPECT_EQ(hc["LogConfig"], json({{"Type", "json-file"}, {"Config", json::object()}}));
    EXPECT_TRUE(hc["Dns"].is_null());
    EXPECT_TRUE(hc["Binds"].is_null());
    EXPECT_EQ(hc["ShmSize"], 67108864);
    EXPECT_FALSE(hc.contains("Init"));
    EXPECT_FALSE(hc.contains("Tmpfs"));
}

// `docker run -p 127.0.0.1:8080:80 -p 53:53/udp -p 80 -P busybox`: the bindings
// are kept as sent (inspect's HostConfig.PortBindings), the ports exposed.
TEST(DockerCliBodies, PublishedPorts) {
    json config = {{"ExposedPorts", {{"80/tcp", json::object()}, {"53/udp", json::object()}}}};
    json bindings = {{"80/tcp", {{{"HostIp", "127.0.0.1"}, {"HostPort", "8080"}}, {{"HostIp", ""}, {"HostPort", ""}}}},
                     {"53/udp", {{{"HostIp", ""}, {"HostPort", "53"}}}}};
    json host = {{"PortBindings", bindings}, {"PublishAllPorts", true}};
    auto inspected = create(cli_body(config, host));
    EXPECT_EQ(inspected.host_config["PortBindings"], bindings);
    EXPECT_EQ(inspected.host_config["PublishAllPorts"], true);
    EXPECT_EQ(inspected.config["ExposedPorts"], json({{"53/udp", json::object()}, {"80/tcp", json::object()}}));
}

} // namespace
} // namespace berth::containers::config
