// The whole pipeline (load_compose_project) on the projects under tests/compose/cases,
// read through the typed view converge uses.
#include "compose/project_model.h"

#include <gtest/gtest.h>

namespace berth::compose {
namespace {

const std::filesystem::path kCases = std::filesystem::path(BERTH_SOURCE_DIR) / "tests/compose/cases";

ComposeOptions options_for(const std::string& case_name, std::vector<std::string> profiles = {}) {
    ComposeOptions options;
    options.loader.current_directory = kCases / case_name;
    options.loader.process_environment = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    options.profiles = std::move(profiles);
    return options;
}

TEST(ProjectModel, ReadsServicesAndResources) {
    auto project = load_compose_project(options_for("longsyntax"));
    ASSERT_TRUE(project.has_value()) << project.error().message();
    ProjectModel model = typed_model(*project);
    EXPECT_EQ(model.name, "longform");
    ASSERT_EQ(model.services.size(), 3u);

    const ServiceModel* app = model.service("app");
    ASSERT_NE(app, nullptr);
    EXPECT_TRUE(app->has_build);
    ASSERT_EQ(app->depends_on.size(), 2u);
    EXPECT_EQ(app->depends_on[0].service, "cache");
    EXPECT_EQ(app->depends_on[0].condition, "service_healthy");
    EXPECT_FALSE(app->depends_on[1].required);
    EXPECT_TRUE(app->depends_on[1].restart);
    ASSERT_EQ(app->ports.size(), 2u);
    EXPECT_EQ(app->ports[1].mode, "host");
    EXPECT_EQ(app->ports[1].published, "8443");
    EXPECT_EQ(app->networks, std::vector<std::string>{"front"});
    EXPECT_EQ(app->config_hash.size(), 64u);

    EXPECT_EQ(model.service("cache")->replicas, 2);
    EXPECT_EQ(model.service("worker")->network_mode, "none");
    EXPECT_TRUE(model.service("worker")->networks.empty());

    ASSERT_EQ(model.networks.size(), 2u);
    EXPECT_EQ(model.networks[1].name, "longform_front");
    ASSERT_EQ(model.volumes.size(), 1u);
    EXPECT_EQ(model.volumes[0].name, "longform_cache");
}

TEST(ProjectModel, ProfilesChooseServices) {
    auto without = load_compose_project(options_for("profiles"));
    ASSERT_TRUE(without.has_value()) << without.error().message();
    EXPECT_EQ(typed_model(*without).services.size(), 1u);
    EXPECT_EQ(without->declared_profiles, (std::vector<std::string>{"debug", "tools"}));

    auto with_debug = load_compose_project(options_for("profiles", {"debug"}));
    ASSERT_TRUE(with_debug.has_value()) << with_debug.error().message();
    ProjectModel model = typed_model(*with_debug);
    ASSERT_EQ(model.services.size(), 3u);
    EXPECT_EQ(model.service("tools")->depends_on[0].service, "always");
}

TEST(ProjectModel, ExtendsAndIncludeResolvePathsWhereTheyWereWritten) {
    auto extended = load_compose_project(options_for("extends"));
    ASSERT_TRUE(extended.has_value()) << extended.error().message();
    ProjectModel extended_model = typed_model(*extended);
    const ServiceModel* remote = extended_model.service("remote");
    ASSERT_NE(remote, nullptr);
    ASSERT_EQ(remote->volumes.size(), 1u);
    EXPECT_EQ(remote->volumes[0].source, (kCases / "extends/shared").string());

    auto included = load_compose_project(options_for("include"));
    ASSERT_TRUE(included.has_value()) << included.error().message();
    ProjectModel included_model = typed_model(*included);
    const ServiceModel* redis = included_model.service("included");
    ASSERT_NE(redis, nullptr);
    EXPECT_EQ(redis->volumes[0].source, (kCases / "include/sub/redis-data").string());
}

TEST(ProjectModel, BuiltImageGetsComposeDefaultName) {
    auto project = load_compose_project(options_for("project-directory"));
    // project-directory's file lives in elsewhere/; without -f it is not found.
    ASSERT_FALSE(project.has_value());
    EXPECT_EQ(project.error().category(), ErrorCategory::NotFound);

    ComposeOptions options = options_for("project-directory");
    options.loader.files = {"elsewhere/compose.yaml"};
    options.loader.project_directory = ".";
    project = load_compose_project(options);
    ASSERT_TRUE(project.has_value()) << project.error().message();
    EXPECT_EQ(typed_model(*project).service("app")->image, "busybox");
}

} // namespace
} // namespace berth::compose
