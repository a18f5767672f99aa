// The load path every project verb shares (project_or_report.h): a badly shaped
// compose file, or any of the loader fuzz target's seeds, is reported on one
// line with docker compose's status (15 for an invalid project, 14 for a missing
// file), never thrown out of the verb.
#include "compose/cli/project_or_report.h"
#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace berth::compose::cli {
namespace {

namespace fs = std::filesystem;

struct Outcome {
    bool loaded = false;
    int status = 0;
    std::string err;
};

Outcome load_in(const testing::TempDir& directory) {
    ComposeOptions options;
    options.loader.current_directory = directory.path();
    options.loader.process_environment = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    std::ostringstream err;
    auto project = load_project_or_report(options, err);
    return Outcome{project.has_value(), project ? 0 : project.error(), err.str()};
}

Outcome load_text(const std::string& text) {
    const testing::TempDir directory("berth-compose-load");
    std::ofstream(directory / "compose.yaml", std::ios::binary) << text;
    return load_in(directory);
}

TEST(ComposeLoadPath, EveryFuzzSeedLoadsOrIsReported) {
    const fs::path seeds = fs::path(BERTH_SOURCE_DIR) / "tests/fuzz/seeds/compose_loader";
    int count = 0;
    for (const auto& entry : fs::directory_iterator(seeds)) {
        std::ifstream file(entry.path(), std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        Outcome outcome;
        ASSERT_NO_THROW(outcome = load_text(text)) << entry.path();
        if (!outcome.loaded) {
            // include.yaml names files the seed does not ship: 14, as docker compose.
            EXPECT_TRUE(outcome.status == 14 || outcome.status == 15) << entry.path() << ": " << outcome.status;
            EXPECT_FALSE(outcome.err.empty()) << entry.path();
        }
        ++count;
    }
    EXPECT_GE(count, 6);
}

// yaml-cpp threw out of `include` (a scalar where the main file's section map
// belongs): every verb but `config` aborted. The schema now refuses the shape
// first: an invalid project, status 15, naming the file, line and column.
TEST(ComposeLoadPath, ABadlyShapedFileIsAnInvalidProjectNamingItsPlace) {
    const testing::TempDir directory("berth-compose-load");
    std::ofstream(directory / "compose.yaml") << "include: [inc.yaml]\nnetworks: x\nservices: {a: {image: x}}\n";
    std::ofstream(directory / "inc.yaml") << "networks: {n: {}}\n";
    Outcome outcome;
    ASSERT_NO_THROW(outcome = load_in(directory));
    EXPECT_FALSE(outcome.loaded);
    EXPECT_EQ(outcome.status, 15);
    EXPECT_EQ(outcome.err, "validating " + (directory / "compose.yaml") + ":2:11: networks must be a mapping\n");
}

// Files reached through `extends` are validated as compose-go validates them.
TEST(ComposeLoadPath, AnExtendedFileIsValidatedToo) {
    const testing::TempDir directory("berth-compose-load");
    std::ofstream(directory / "compose.yaml") << "services: {a: {extends: {file: base.yaml, service: b}}}\n";
    std::ofstream(directory / "base.yaml") << "services:\n  b: [1]\n";
    Outcome outcome = load_in(directory);
    EXPECT_EQ(outcome.status, 15);
    EXPECT_EQ(outcome.err, "validating " + (directory / "base.yaml") + ":2:6: services.b must be a mapping\n");
}

// The normaliser's own errors are invalid projects too (they returned 1 before);
// the schema now speaks first for the shapes it knows.
TEST(ComposeLoadPath, ANormalisationErrorIs15) {
    Outcome outcome = load_text("services: {a: {image: x, ports: {a: 1}}}\n");
    EXPECT_FALSE(outcome.loaded);
    EXPECT_EQ(outcome.status, 15);
    EXPECT_TRUE(outcome.err.ends_with(":1:33: services.a.ports must be a list\n")) << outcome.err;
    outcome = load_text("services: {a: 'image:66666 -922'}\n");
    EXPECT_EQ(outcome.status, 15);
    EXPECT_TRUE(outcome.err.ends_with(":1:15: services.a must be a mapping\n")) << outcome.err;
}

TEST(ComposeLoadPath, AMissingFileIs14AndAnUnknownService1) {
    ComposeOptions options;
    options.loader.files = {"/nonexistent/berth/compose.yaml"};
    options.loader.process_environment = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    std::ostringstream err;
    auto project = load_project_or_report(options, err);
    ASSERT_FALSE(project);
    EXPECT_EQ(project.error(), 14);

    const testing::TempDir directory("berth-compose-load");
    std::ofstream(directory / "compose.yaml") << "services: {a: {image: x}}\n";
    options.loader.files = {directory / "compose.yaml"};
    std::ostringstream unknown;
    auto missing_service = load_project_or_report(options, unknown, {"b"});
    ASSERT_FALSE(missing_service);
    EXPECT_EQ(missing_service.error(), 1);
    EXPECT_EQ(unknown.str(), "no such service: b\n");
}

} // namespace
} // namespace berth::compose::cli
