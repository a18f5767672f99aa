// Converge's pure parts (engine/compose/converge): labels and names, the create
// body of a container from a service, the dependency order and cycles, and the
// per-service plan (keep, start, recreate, create, remove) from observed containers.
#include "compose/converge/container_body.h"
#include "compose/converge/dependency_order.h"
#include "compose/converge/labels.h"
#include "compose/converge/plan.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace berth::compose::converge {
namespace {

using nlohmann::json;

constexpr const char* kProject = R"(name: demo
services:
  db:
    image: bb:test
    command: ["httpd", "-f", "-p", "80"]
    healthcheck:
      test: ["CMD", "nc", "-z", "127.0.0.1", "80"]
      interval: 1s
      retries: 20
    volumes:
      - data:/data
      - ./conf:/conf:ro
    networks: [back]
    environment:
      A: "1"
    restart: unless-stopped
    labels: {x.y: z}
    user: "0:0"
    working_dir: /data
    extra_hosts: ["h:1.2.3.4"]
    stop_grace_period: 3s
  web:
    image: bb:test
    entrypoint: /bin/sh -c
    command: "echo hi"
    ports: ["127.0.0.1:8080:80", "9000:90/udp"]
    depends_on:
      db: {condition: service_healthy}
    networks:
      back:
        aliases: [www]
      default:
    deploy: {replicas: 2}
  cache:
    image: bb:test
    depends_on: [db]
volumes:
  data: {}
networks:
  back: {}
)";

class ConvergeTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("converge-test-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir_);
        std::ofstream(dir_ / "compose.yaml") << kProject;
        ComposeOptions options;
        options.loader.current_directory = dir_;
        options.loader.process_environment = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
        auto loaded = load_compose_project(options);
        ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
        project_ = std::move(*loaded);
        model_ = typed_model(project_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    const ConfigValue& config_of(const std::string& service) const {
        return *project_.model.find("services")->find(service);
    }

    std::filesystem::path dir_;
    ComposeProject project_;
    ProjectModel model_;
};

TEST_F(ConvergeTest, ContainerLabelsAreDockerComposes) {
    const ServiceModel& web = *model_.service("web");
    Labels labels = container_labels(model_, web, {{"mine", "1"}}, 2, "sha256:abc");
    EXPECT_EQ(labels.at(kProjectLabel), "demo");
    EXPECT_EQ(labels.at(kServiceLabel), "web");
    EXPECT_EQ(labels.at(kNumberLabel), "2");
    EXPECT_EQ(labels.at(kOneoffLabel), "False");
    EXPECT_EQ(labels.at(kConfigHashLabel), web.config_hash);
    EXPECT_EQ(labels.at(kWorkingDirLabel), dir_.string());
    EXPECT_EQ(labels.at(kConfigFilesLabel), (dir_ / "compose.yaml").string());
    EXPECT_EQ(labels.at(kDependsOnLabel), "db:service_healthy:false");
    EXPECT_EQ(labels.at(kImageLabel), "sha256:abc");
    EXPECT_EQ(labels.at(kVersionLabel), kComposeVersion);
    EXPECT_EQ(labels.at("mine"), "1");
    EXPECT_EQ(container_name("demo", "web", 2), "demo-web-2");
    EXPECT_EQ(network_labels("demo", "back", {}).at(kNetworkLabel), "back");
    EXPECT_EQ(volume_labels("demo", "data", {}).at(kVolumeLabel), "data");
    EXPECT_EQ(project_filter_query("demo"),
              "filters=%7B%22label%22%3A%5B%22com.docker.compose.project%3Ddemo%22%5D%7D");
}

TEST_F(ConvergeTest, CreateBodyOfDb) {
    ContainerSpec spec{model_, *model_.service("db"), config_of("db"), 1, "sha256:img"};
    json body = container_create_body(spec);
    EXPECT_EQ(body["Image"], "bb:test");
    EXPECT_EQ(body["Cmd"], json::array({"httpd", "-f", "-p", "80"}));
    EXPECT_FALSE(body.contains("Entrypoint"));
    EXPECT_EQ(body["Env"], json::array({"A=1"}));
    EXPECT_EQ(body["User"], "0:0");
    EXPECT_EQ(body["WorkingDir"], "/data");
    EXPECT_EQ(body["StopTimeout"], 3);
    EXPECT_EQ(body["Labels"]["x.y"], "z");
    EXPECT_EQ(body["Labels"][kServiceLabel], "db");
    EXPECT_EQ(body["Healthcheck"]["Test"], json::array({"CMD", "nc", "-z", "127.0.0.1", "80"}));
    EXPECT_EQ(body["Healthcheck"]["Interval"], 1'000'000'000);
    EXPECT_EQ(body["Healthcheck"]["Retries"], 20);
    const json& host = body["HostConfig"];
    EXPECT_EQ(host["RestartPolicy"]["Name"], "unless-stopped");
    EXPECT_EQ(host["NetworkMode"], "demo_back");
    EXPECT_EQ(host["ExtraHosts"], json::array({"h:1.2.3.4"}));
    EXPECT_EQ(host["Binds"], json::array({(dir_ / "conf").string() + ":/conf:ro"}));
    ASSERT_EQ(host["Mounts"].size(), 1u);
    EXPECT_EQ(host["Mounts"][0]["Source"], "demo_data");
    EXPECT_EQ(host["Mounts"][0]["Target"], "/data");
    const json& endpoint = body["NetworkingConfig"]["EndpointsConfig"]["demo_back"];
    EXPECT_EQ(endpoint["Aliases"], json::array({"demo-db-1", "db"}));
}

TEST_F(ConvergeTest, CreateBodyOfWebWithPortsAndTwoNetworks) {
    ContainerSpec spec{model_, *model_.service("web"), config_of("web"), 2, ""};
    json body = container_create_body(spec);
    EXPECT_EQ(body["Entrypoint"], json::array({"/bin/sh", "-c"}));
    EXPECT_EQ(body["Cmd"], json::array({"echo", "hi"}));
    EXPECT_TRUE(body["ExposedPorts"].contains("80/tcp"));
    EXPECT_TRUE(body["ExposedPorts"].contains("90/udp"));
    EXPECT_EQ(body["HostConfig"]["PortBindings"]["80/tcp"],
              json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", "8080"}}}));
    EXPECT_EQ(body["HostConfig"]["PortBindings"]["90/udp"], json::array({{{"HostIp", ""}, {"HostPort", "9000"}}}));
    auto networks = network_attachments(spec);
    ASSERT_EQ(networks.size(), 2u);
    EXPECT_EQ(networks[0].network, "demo_back");
    EXPECT_EQ(networks[0].endpoint["Aliases"], json::array({"demo-web-2", "web", "www"}));
    EXPECT_EQ(networks[1].network, "demo_default");
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "demo_back");
    EXPECT_EQ(body["NetworkingConfig"]["EndpointsConfig"].size(), 2u);
    EXPECT_EQ(model_.service("web")->replicas, 2);
}

TEST_F(ConvergeTest, DependenciesStartFirst) {
    auto order = start_order(model_);
    ASSERT_TRUE(order.has_value()) << order.error().message();
    EXPECT_EQ(*order, (std::vector<std::string>{"db", "cache", "web"}));
    EXPECT_EQ(with_dependencies(model_, {"web"}), (std::set<std::string>{"db", "web"}));
    auto only_web = start_order(model_, {"web"});
    ASSERT_TRUE(only_web.has_value());
    EXPECT_EQ(*only_web, std::vector<std::string>{"web"});
}

ServiceModel service_named(std::string name, std::vector<ServiceDependency> depends_on = {}, std::string hash = "") {
    ServiceModel service;
    service.name = std::move(name);
    service.depends_on = std::move(depends_on);
    service.config_hash = std::move(hash);
    return service;
}

TEST(ConvergeOrder, CycleIsAnError) {
    ProjectModel model;
    model.services = {service_named("a", {{"b", "service_started"}}), service_named("b", {{"a", "service_started"}})};
    auto order = start_order(model);
    ASSERT_FALSE(order.has_value());
    EXPECT_EQ(order.error().message(), "dependency cycle detected: a -> b -> a");
}

ObservedContainer observed(int number, std::string hash, std::string state) {
    ObservedContainer container;
    container.id = "id" + std::to_string(number);
    container.name = "demo-web-" + std::to_string(number);
    container.service = "web";
    container.number = number;
    container.config_hash = std::move(hash);
    container.state = std::move(state);
    return container;
}

std::vector<ActionKind> kinds(const ServicePlan& plan) {
    std::vector<ActionKind> out;
    for (const auto& action : plan.actions)
        out.push_back(action.kind);
    return out;
}

TEST(ConvergePlan, KeepsStartsRecreatesCreatesRemoves) {
    ServiceModel web = service_named("web", {}, "h1");
    EXPECT_EQ(kinds(plan_service(web, {}, 2, RecreatePolicy::Diverged)),
              (std::vector{ActionKind::Create, ActionKind::Create}));
    auto same = plan_service(web, {observed(1, "h1", "running"), observed(2, "h1", "exited")}, 2,
                             RecreatePolicy::Diverged);
    EXPECT_EQ(kinds(same), (std::vector{ActionKind::Keep, ActionKind::Start}));
    auto changed = plan_service(web, {observed(1, "old", "running")}, 1, RecreatePolicy::Diverged);
    EXPECT_EQ(kinds(changed), std::vector{ActionKind::Recreate});
    EXPECT_EQ(kinds(plan_service(web, {observed(1, "old", "running")}, 1, RecreatePolicy::Never)),
              std::vector{ActionKind::Keep});
    EXPECT_EQ(kinds(plan_service(web, {observed(1, "h1", "running")}, 1, RecreatePolicy::Force)),
              std::vector{ActionKind::Recreate});
    auto scaled_down = plan_service(web, {observed(3, "h1", "running"), observed(1, "h1", "running")}, 1,
                                    RecreatePolicy::Diverged);
    ASSERT_EQ(kinds(scaled_down), (std::vector{ActionKind::Keep, ActionKind::Remove}));
    EXPECT_EQ(scaled_down.actions[1].number, 3);
    auto scaled_up = plan_service(web, {observed(1, "h1", "running")}, 3, RecreatePolicy::Diverged);
    ASSERT_EQ(scaled_up.actions.size(), 3u);
    EXPECT_EQ(scaled_up.actions[2].number, 3);
}

TEST(ConvergePlan, ReadsSummariesAndFindsOrphans) {
    json summary = {{"Id", "abc"},
                    {"Names", {"/demo-old-1"}},
                    {"State", "running"},
                    {"Labels", {{kServiceLabel, "old"}, {kNumberLabel, "1"}, {kConfigHashLabel, "h"},
                                {kOneoffLabel, "False"}}}};
    ObservedContainer container = observed_from_summary(summary);
    EXPECT_EQ(container.name, "demo-old-1");
    EXPECT_EQ(container.service, "old");
    EXPECT_EQ(container.number, 1);
    EXPECT_FALSE(container.oneoff);
    ProjectModel model;
    model.services = {service_named("web")};
    auto found = orphans(model, {container, observed(1, "h", "running")});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, "abc");
}

} // namespace
} // namespace berth::compose::converge
