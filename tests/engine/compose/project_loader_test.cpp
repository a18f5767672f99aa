// Loading a project from files on disk: default names, override files, .env and
// --env-file, the process environment's precedence, names, and errors naming files.
#include "compose/project_loader.h"
#include "support/temp_dir.h"

#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>

namespace berth::compose {
namespace {

namespace fs = std::filesystem;

class ProjectLoader : public ::testing::Test {
protected:
    // A folder named My_App: the project takes its name from it, normalised.
    void SetUp() override { fs::create_directory(root_); }

    void write(const std::string& name, const std::string& content) {
        std::ofstream(root_ / name) << content;
    }

    ProjectOptions options(std::map<std::string, std::string, std::less<>> env = {}) {
        ProjectOptions result;
        result.current_directory = root_;
        result.process_environment = [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
            auto it = env.find(name);
            if (it == env.end())
                return std::nullopt;
            return it->second;
        };
        return result;
    }

    berth::testing::TempDir dir_{"berth-compose"};
    fs::path root_{fs::path(dir_.path()) / "My_App"};
};

TEST_F(ProjectLoader, DefaultFilesTheOverrideAndDotenv) {
    write("compose.yaml", "services:\n  web:\n    image: \"app:${TAG}\"\n    environment: [A=1]\n");
    write("compose.override.yaml", "services:\n  web:\n    environment: {B: \"${B_VALUE:-b}\"}\n");
    write(".env", "TAG=from-dotenv\n");
    auto project = load_project(options());
    ASSERT_TRUE(project) << project.error().message();
    EXPECT_EQ(project->name, "my_app"); // the folder, normalised
    EXPECT_EQ(project->working_directory, root_);
    ASSERT_EQ(project->config_files.size(), 2u);
    EXPECT_EQ(project->config_files[1], root_ / "compose.override.yaml");
    YAML::Node web = project->document["services"]["web"];
    EXPECT_EQ(web["image"].Scalar(), "app:from-dotenv");
    ASSERT_EQ(web["environment"].size(), 2u);
    EXPECT_EQ(web["environment"][1].Scalar(), "B=b");
    EXPECT_EQ(project->document["name"].Scalar(), "my_app");
}

TEST_F(ProjectLoader, TheProcessEnvironmentWinsOverEnvFiles) {
    write("a.yaml", "services:\n  web:\n    image: \"app:${TAG}\"\n");
    write("one.env", "TAG=one\nCOMPOSE_PROJECT_NAME=from-env-file\n");
    write("two.env", "TAG=two\n");
    auto opts = options();
    opts.files = {"a.yaml"};
    opts.env_files = {"one.env", "two.env"};
    auto project = load_project(opts);
    ASSERT_TRUE(project) << project.error().message();
    EXPECT_EQ(project->document["services"]["web"]["image"].Scalar(), "app:two");
    EXPECT_EQ(project->name, "from-env-file");

    auto with_process = options({{"TAG", "shell"}});
    with_process.files = opts.files;
    with_process.env_files = opts.env_files;
    with_process.project_name = "cli";
    auto overridden = load_project(with_process);
    ASSERT_TRUE(overridden) << overridden.error().message();
    EXPECT_EQ(overridden->document["services"]["web"]["image"].Scalar(), "app:shell");
    EXPECT_EQ(overridden->name, "cli");
}

TEST_F(ProjectLoader, TheLastNameInTheFilesIsUsedAndChecked) {
    write("a.yaml", "name: first\nservices: {}\n");
    write("b.yaml", "name: \"${PROJECT:-second}\"\n");
    auto opts = options();
    opts.files = {"a.yaml", "b.yaml"};
    auto project = load_project(opts);
    ASSERT_TRUE(project) << project.error().message();
    EXPECT_EQ(project->name, "second");

    write("b.yaml", "name: Second\n");
    auto invalid = load_project(opts);
    ASSERT_FALSE(invalid);
    EXPECT_TRUE(invalid.error().message().starts_with("invalid project name \"Second\"")) << invalid.error().message();
}

TEST_F(ProjectLoader, ErrorsNameTheFileThatFailed) {
    write("a.yaml", "services:\n  web:\n    image: busybox\n");
    write("b.yaml", "services:\n  web:\n    image: \"${IMAGE:?no image}\"\n");
    auto opts = options();
    opts.files = {"a.yaml", "b.yaml"};
    auto project = load_project(opts);
    ASSERT_FALSE(project);
    EXPECT_EQ(project.error().message(), (root_ / "b.yaml").string() +
                                             ":3:12: services.web.image: required variable IMAGE is missing a value: no image");

    opts.interpolate = false;
    auto raw = load_project(opts);
    ASSERT_TRUE(raw) << raw.error().message();
    EXPECT_EQ(raw->document["services"]["web"]["image"].Scalar(), "${IMAGE:?no image}");
}

TEST_F(ProjectLoader, NoFileIsAnError) {
    auto project = load_project(options());
    ASSERT_FALSE(project);
    EXPECT_EQ(project.error().message(), "no configuration file provided: not found");
    auto opts = options();
    opts.files = {"missing.yaml"};
    EXPECT_FALSE(load_project(opts));
}

} // namespace
} // namespace berth::compose
