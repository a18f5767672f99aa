// Fields of the compose-spec schema newer than docker compose 2.26 (gw_priority,
// interface_name, models, provider, use_api_socket, service hooks): `config`
// prints them where later compose-go puts them, and `up` refuses a service with
// one it cannot honour (unhonoured_fields.h) instead of starting it without.
#include "compose/compose_project.h"
#include "compose/converge/container_body.h"
#include "compose/converge/unhonoured_fields.h"
#include "compose/project_model.h"
#include "support/temp_dir.h"

#include <fstream>
#include <gtest/gtest.h>

namespace berth::compose {
namespace {

Result<ComposeProject> load_text(const std::string& text) {
    const testing::TempDir directory("berth-compose-newer");
    std::ofstream(directory / "compose.yaml", std::ios::binary) << text;
    ComposeOptions options;
    options.loader.current_directory = directory.path();
    options.loader.process_environment = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    return load_compose_project(options);
}

const ConfigValue& service_of(const ComposeProject& project, std::string_view name) {
    return *project.model.find("services")->find(name);
}

std::vector<std::string> keys_of(const ConfigValue& map) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : map.entries())
        keys.push_back(key);
    return keys;
}

TEST(NewerComposeFields, ConfigPrintsThemInComposeGoOrder) {
    auto project = load_text("name: demo\n"
                             "services:\n"
                             "  web:\n"
                             "    image: x\n"
                             "    use_api_socket: false\n"
                             "    models: [llm, embed]\n"
                             "    post_start: [{command: [touch, /ready]}]\n"
                             "    provider: {type: awesomecloud, options: {size: 2}}\n"
                             "    networks:\n"
                             "      front: {priority: 5, ipv4_address: 10.1.0.5, interface_name: eth7, gw_priority: 10, "
                             "aliases: [w]}\n"
                             "networks:\n"
                             "  front: {}\n"
                             "models:\n"
                             "  llm: {context_size: 4096, model: ai/smollm2}\n");
    ASSERT_TRUE(project) << project.error().message();
    const ConfigValue& web = service_of(*project, "web");
    // compose-go: entrypoint, provider, environment ... mac_address, models, ... working_dir, post_start.
    EXPECT_EQ(keys_of(web), (std::vector<std::string>{"provider", "image", "models", "networks", "post_start"}));
    EXPECT_EQ(keys_of(*web.find("models")), (std::vector<std::string>{"embed", "llm"})); // a Go map: sorted
    EXPECT_TRUE(web.find("models")->find("llm")->is_null());
    EXPECT_EQ(keys_of(*web.find("networks")->find("front")),
              (std::vector<std::string>{"aliases", "gw_priority", "interface_name", "ipv4_address", "priority"}));
    EXPECT_EQ(web.find("networks")->find("front")->find("gw_priority")->as_integer(), 10);
    const ConfigValue* models = project->model.find("models");
    ASSERT_NE(models, nullptr);
    EXPECT_EQ(keys_of(*models->find("llm")), (std::vector<std::string>{"model", "context_size"}));
    EXPECT_EQ(to_yaml(*web.find("post_start")), "- command:\n    - touch\n    - /ready\n");
}

std::string refusal(const std::string& service_yaml, const std::set<std::string>& services = {"web"}) {
    auto project = load_text("services:\n  web:\n    image: x\n" + service_yaml +
                             "  other:\n    image: x\n    post_start: [{command: [sync]}]\n"
                             "networks:\n  a: {}\n  b: {}\n");
    EXPECT_TRUE(project) << project.error().message();
    if (!project)
        return "not loaded";
    auto refused = converge::refuse_unhonoured_fields(project->model, services);
    if (refused)
        return "";
    EXPECT_EQ(refused.error().category(), ErrorCategory::NotImplemented);
    return refused.error().message();
}

TEST(NewerComposeFields, UpRefusesWhatItCannotHonour) {
    EXPECT_EQ(refusal("    post_start: [{command: [touch, /ready]}]\n"),
              "service \"web\": post_start (commands run in the container after it starts) is not supported by "
              "Berth yet");
    EXPECT_EQ(refusal("    pre_stop: [{command: [sync]}]\n"),
              "service \"web\": pre_stop (commands run in the container before it stops) is not supported by Berth "
              "yet");
    EXPECT_EQ(refusal("    provider: {type: model}\n"),
              "service \"web\": provider (a service managed by an external provider) is not supported by Berth yet");
    EXPECT_EQ(refusal("    models: [llm]\n").substr(0, 22), "service \"web\": models ");
    EXPECT_EQ(refusal("    use_api_socket: true\n"),
              "service \"web\": use_api_socket (the engine's API socket mounted in the container) is not supported "
              "by Berth yet");
    EXPECT_EQ(refusal("    networks: {a: {interface_name: eth9}}\n"),
              "service \"web\": networks.a.interface_name (the container's interface name) is not supported by Berth "
              "yet");
    EXPECT_EQ(refusal("    networks: {a: {gw_priority: 1}, b: {}}\n"),
              "service \"web\": networks.a.gw_priority (the network whose gateway is the default route) is not "
              "supported by Berth yet");
}

TEST(NewerComposeFields, UpTakesWhatChangesNothing) {
    EXPECT_EQ(refusal("    use_api_socket: false\n"), "");
    EXPECT_EQ(refusal("    networks: {a: {gw_priority: 1}}\n"), ""); // one network: its gateway either way
    EXPECT_EQ(refusal("    networks: {a: {gw_priority: 0}, b: {}}\n"), "");
    EXPECT_EQ(refusal("    post_start: []\n"), "");
    // Only the services being created are looked at: `other` has a hook.
    EXPECT_EQ(refusal(""), "");
    EXPECT_NE(refusal("", {"web", "other"}), "");
}

// A service network's mac_address, link_local_ips and driver_opts reach the
// engine's endpoint; `priority` picks the main network (NetworkMode), ties by
// name; the service-level mac_address is the main network's (API 1.44+).
TEST(NewerComposeFields, EndpointFieldsReachTheEngine) {
    auto project = load_text("name: demo\n"
                             "services:\n"
                             "  web:\n"
                             "    image: x\n"
                             "    mac_address: 92:d0:c6:0a:29:33\n"
                             "    networks:\n"
                             "      a: {link_local_ips: [169.254.8.8], driver_opts: {com.example.x: 1}}\n"
                             "      b: {priority: 10}\n"
                             "      c: {priority: 10, mac_address: 92:d0:c6:0a:29:44}\n"
                             "networks: {a: {}, b: {}, c: {}}\n");
    ASSERT_TRUE(project) << project.error().message();
    ProjectModel model = typed_model(*project);
    EXPECT_EQ(model.service("web")->networks, (std::vector<std::string>{"b", "c", "a"}));
    converge::ContainerSpec spec{model, *model.service("web"), service_of(*project, "web"), 1, ""};
    nlohmann::json body = converge::container_create_body(spec);
    EXPECT_EQ(body["HostConfig"]["NetworkMode"], "demo_b");
    const auto& endpoints = body["NetworkingConfig"]["EndpointsConfig"];
    EXPECT_EQ(endpoints["demo_b"]["MacAddress"], "92:d0:c6:0a:29:33");
    EXPECT_EQ(endpoints["demo_c"]["MacAddress"], "92:d0:c6:0a:29:44");
    EXPECT_FALSE(endpoints["demo_a"].contains("MacAddress"));
    EXPECT_EQ(endpoints["demo_a"]["IPAMConfig"]["LinkLocalIPs"], nlohmann::json::array({"169.254.8.8"}));
    EXPECT_EQ(endpoints["demo_a"]["DriverOpts"], (nlohmann::json{{"com.example.x", "1"}}));
    EXPECT_FALSE(body.contains("MacAddress")) << "the container-wide field is deprecated since API 1.44";
}

TEST(NewerComposeFields, AServiceMacThatItsMainNetworkContradictsIsRefused) {
    auto project = load_text("services:\n"
                             "  web:\n"
                             "    image: x\n"
                             "    mac_address: 92:d0:c6:0a:29:33\n"
                             "    networks: {a: {mac_address: 92:d0:c6:0a:29:44}, b: {}}\n"
                             "networks: {a: {}, b: {}}\n");
    ASSERT_TRUE(project) << project.error().message();
    auto refused = converge::refuse_unhonoured_fields(project->model, {"web"});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().category(), ErrorCategory::Invalid);
    EXPECT_EQ(refused.error().message(),
              "service \"web\": the service-level mac_address should have the same value as network a");
}

} // namespace
} // namespace berth::compose
