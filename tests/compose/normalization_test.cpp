// The normalisation pieces on their own: each expectation is what docker compose
// 2.26 prints for the same input (checked by hand with `docker compose config`).
#include "compose/config_value.h"
#include "compose/consistency.h"
#include "compose/extends.h"
#include "compose/go_duration.h"
#include "compose/port_syntax.h"
#include "compose/profiles.h"
#include "compose/project_normalizer.h"
#include "compose/service_normalizer.h"
#include "compose/shell_words.h"
#include "compose/volume_syntax.h"

#include <gtest/gtest.h>

#include <limits>

namespace berth::compose {
namespace {

const VariableLookup kNoVariables = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

TEST(GoDuration, PrintsAsGoDoes) {
    auto print = [](std::string_view text) { return format_go_duration(parse_go_duration(text).value()); };
    EXPECT_EQ(print("90s"), "1m30s");
    EXPECT_EQ(print("1500ms"), "1.5s");
    EXPECT_EQ(print("1m"), "1m0s");
    EXPECT_EQ(print("2h"), "2h0m0s");
    EXPECT_EQ(print("250ms"), "250ms");
    EXPECT_EQ(print("0"), "0s");
    EXPECT_EQ(print("1h1m1.25s"), "1h1m1.25s");
    EXPECT_FALSE(parse_go_duration("10").has_value());
    EXPECT_FALSE(parse_go_duration("5 parsecs").has_value());
}

// The loader fuzz target's UBSan finding: a duration past int64 was negated
// as INT64_MIN. Go answers "invalid duration" past the range and keeps -2^63.
TEST(GoDuration, OutOfRangeIsAnErrorAndTheLimitsPrintAsGoDoes) {
    auto overflow = parse_go_duration("-99999999999999h");
    ASSERT_FALSE(overflow.has_value());
    EXPECT_EQ(overflow.error().message(), "time: invalid duration \"-99999999999999h\"");
    EXPECT_FALSE(parse_go_duration("9223372036854775808ns").has_value());
    EXPECT_EQ(parse_go_duration("-9223372036854775808ns").value(), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(format_go_duration(std::numeric_limits<int64_t>::min()), "-2562047h47m16.854775808s");
    EXPECT_EQ(format_go_duration(std::numeric_limits<int64_t>::max()), "2562047h47m16.854775807s");
    EXPECT_EQ(parse_go_duration(".").error().message(), "time: invalid duration \".\"");
    EXPECT_EQ(parse_go_duration("1.2.3s").error().message(), "time: missing unit in duration \"1.2.3s\"");
    EXPECT_EQ(format_go_duration(parse_go_duration(".5s").value()), "500ms");
}

TEST(ShellWords, SplitsLikeComposeGo) {
    EXPECT_EQ(split_shell_words("nginx -g 'daemon off;'").value(),
              (std::vector<std::string>{"nginx", "-g", "daemon off;"}));
    EXPECT_EQ(split_shell_words(R"(sh -c "echo \"hi\"" a\ b)").value(),
              (std::vector<std::string>{"sh", "-c", "echo \"hi\"", "a b"}));
    EXPECT_EQ(split_shell_words("  ").value(), std::vector<std::string>{});
    EXPECT_FALSE(split_shell_words("echo 'open").has_value());
}

TEST(PortSyntax, ShortFormExpandsRanges) {
    ConfigValue ports = ConfigValue::list();
    ASSERT_TRUE(expand_short_port("127.0.0.1:9000-9001:90-91/udp", ports).has_value());
    ASSERT_EQ(ports.items().size(), 2u);
    const auto& second = ports.items()[1];
    EXPECT_EQ(second.find("host_ip")->as_string(), "127.0.0.1");
    EXPECT_EQ(second.find("target")->as_integer(), 91);
    EXPECT_EQ(second.find("published")->as_string(), "9001");
    EXPECT_EQ(second.find("protocol")->as_string(), "udp");
    EXPECT_EQ(second.find("mode")->as_string(), "ingress");
}

TEST(PortSyntax, IPv6AndTargetOnly) {
    ConfigValue ports = ConfigValue::list();
    ASSERT_TRUE(expand_short_port("[::1]:5353:53/udp", ports).has_value());
    ASSERT_TRUE(expand_short_port("3000", ports).has_value());
    EXPECT_EQ(ports.items()[0].find("host_ip")->as_string(), "::1");
    EXPECT_FALSE(ports.items()[1].contains("published"));
    EXPECT_EQ(ports.items()[1].find("protocol")->as_string(), "tcp");
    EXPECT_FALSE(expand_short_port("8000-8002:80-81", ports).has_value());
}

TEST(VolumeSyntax, ShortForms) {
    auto bind = parse_short_volume("/srv:/x:ro,z").value();
    EXPECT_EQ(bind.find("type")->as_string(), "bind");
    EXPECT_TRUE(bind.find("read_only")->as_bool());
    EXPECT_EQ(bind.find("bind")->find("selinux")->as_string(), "z");
    EXPECT_TRUE(bind.find("bind")->find("create_host_path")->as_bool());

    auto named = parse_short_volume("data:/var/lib:nocopy").value();
    EXPECT_EQ(named.find("type")->as_string(), "volume");
    EXPECT_TRUE(named.find("volume")->find("nocopy")->as_bool());

    auto anonymous = parse_short_volume("/anon").value();
    EXPECT_FALSE(anonymous.contains("source"));
    EXPECT_EQ(anonymous.find("target")->as_string(), "/anon");
    EXPECT_FALSE(parse_short_volume("a:/b:bogus").has_value());
}

TEST(ServiceNormalizer, ShortSyntaxesBecomeLong) {
    YAML::Node service = YAML::Load(R"(
image: x
environment: [A=1, B, C]
depends_on: [db]
healthcheck: {test: curl x, interval: 90s}
mem_limit: 1g
labels: [a=1, b]
expose: [80]
)");
    VariableLookup lookup = [](std::string_view name) -> std::optional<std::string> {
        return name == "C" ? std::optional<std::string>("from-env") : std::nullopt;
    };
    auto out = normalize_service("web", service, lookup).value();
    EXPECT_EQ(out.find("environment")->find("A")->as_string(), "1");
    EXPECT_TRUE(out.find("environment")->find("B")->is_null());
    EXPECT_EQ(out.find("environment")->find("C")->as_string(), "from-env");
    EXPECT_EQ(out.find("depends_on")->find("db")->find("condition")->as_string(), "service_started");
    EXPECT_TRUE(out.find("depends_on")->find("db")->find("required")->as_bool());
    EXPECT_EQ(out.find("healthcheck")->find("test")->items()[0].as_string(), "CMD-SHELL");
    EXPECT_EQ(out.find("healthcheck")->find("interval")->as_string(), "1m30s");
    EXPECT_EQ(out.find("mem_limit")->as_string(), "1073741824");
    EXPECT_EQ(out.find("labels")->find("b")->as_string(), "");
    EXPECT_EQ(out.find("expose")->items()[0].as_string(), "80");
    EXPECT_TRUE(out.find("networks")->find("default")->is_null());
}

TEST(ServiceNormalizer, NetworkModeMeansNoDefaultNetwork) {
    auto out = normalize_service("w", YAML::Load("{image: x, network_mode: none}"), kNoVariables).value();
    EXPECT_FALSE(out.contains("networks"));
}

TEST(ServiceNormalizer, ErrorsNameTheService) {
    auto out = normalize_service("web", YAML::Load("{image: x, ports: ['80-81:90-93']}"), kNoVariables);
    ASSERT_FALSE(out.has_value());
    EXPECT_TRUE(out.error().message().starts_with("services.web: ports: ")) << out.error().message();
}

TEST(Profiles, ServicesWithoutProfilesAlwaysRun) {
    YAML::Node document = YAML::Load("services: {a: {image: x}, b: {image: x, profiles: [p]}, c: {image: x, profiles: [q]}}");
    EXPECT_EQ(declared_profiles(document), (std::vector<std::string>{"p", "q"}));
    remove_disabled_services(document, active_profiles({}, "q,other"));
    EXPECT_TRUE(document["services"]["a"]);
    EXPECT_FALSE(document["services"]["b"]);
    EXPECT_TRUE(document["services"]["c"]);
    EXPECT_EQ(active_profiles({"p"}, "q"), (std::set<std::string>{"p"}));
}

// The fuzz target's first finding: a scalar where a service's mapping belongs
// threw from yaml-cpp in the profile filter instead of reaching normalisation,
// which names it as docker compose does.
TEST(Profiles, AServiceThatIsNotAMappingIsLeftForNormalisationToReport) {
    const YAML::Node document = YAML::Load("services: {a: 'image:66666 -922', b: {image: x, profiles: [p]}}");
    EXPECT_EQ(declared_profiles(document), (std::vector<std::string>{"p"}));
    remove_disabled_services(document, active_profiles({}, ""));
    ASSERT_TRUE(document["services"]["a"]);
    auto normalized = normalize_services(document, kNoVariables);
    ASSERT_FALSE(normalized.has_value());
    EXPECT_EQ(normalized.error().message(), "services.a must be a mapping");
}

TEST(Extends, SameFileMergesAndDetectsLoops) {
    YAML::Node document = YAML::Load(R"(
services:
  base: {image: x, ports: ["80:80"], environment: {A: "1"}}
  child: {extends: base, ports: ["81:81"], environment: {B: "2"}}
)");
    ASSERT_TRUE(apply_extends(document, nullptr).has_value());
    EXPECT_EQ(document["services"]["child"]["image"].Scalar(), "x");
    EXPECT_EQ(document["services"]["child"]["ports"].size(), 2u);
    EXPECT_FALSE(document["services"]["child"]["extends"]);

    YAML::Node loop = YAML::Load("services: {a: {extends: b}, b: {extends: a}}");
    auto result = apply_extends(loop, nullptr);
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().message().find("circular reference"), std::string::npos);
}

TEST(Consistency, CycleIsNamedAsDockerComposeDoes) {
    YAML::Node document = YAML::Load("services: {}");
    ConfigValue services = ConfigValue::map();
    for (auto [name, dependency] : {std::pair{"a", "b"}, std::pair{"b", "a"}}) {
        ConfigValue depends_on = ConfigValue::map();
        depends_on.set(dependency, ConfigValue::map());
        ConfigValue service = ConfigValue::map();
        service.set("depends_on", std::move(depends_on));
        services.set(name, std::move(service));
    }
    auto result = check_consistency(services, document);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().message(), "dependency cycle detected: a -> b -> a");
}

TEST(ConfigValue, JsonAndYamlOutput) {
    ConfigValue root = ConfigValue::map();
    root.set("s", ConfigValue::string("1073741824"));
    root.set("y", ConfigValue::string("Y"));
    root.set("n", ConfigValue{});
    root.set("f", ConfigValue::floating(0.5));
    ConfigValue list = ConfigValue::list();
    ConfigValue item = ConfigValue::map();
    item.set("a", ConfigValue::integer(1));
    item.set("b", ConfigValue::boolean(true));
    list.push_back(std::move(item));
    root.set("l", std::move(list));
    root.set("e", ConfigValue::map());
    // Keys YAML 1.1 reads as booleans are quoted too, as go-yaml does (`"Y": null`).
    EXPECT_EQ(to_yaml(root), "s: \"1073741824\"\n\"y\": \"Y\"\n\"n\": null\nf: 0.5\nl:\n  - a: 1\n    b: true\ne: {}\n");
    EXPECT_EQ(to_json(root), "{\n  \"s\": \"1073741824\",\n  \"y\": \"Y\",\n  \"n\": null,\n  \"f\": 0.5,\n"
                             "  \"l\": [\n    {\n      \"a\": 1,\n      \"b\": true\n    }\n  ],\n  \"e\": {}\n}");
    EXPECT_EQ(to_compact_json(root), R"({"s":"1073741824","y":"Y","n":null,"f":0.5,"l":[{"a":1,"b":true}],"e":{}})");
}

} // namespace
} // namespace berth::compose
