// Compose files against the compose-spec schema: wrong shapes fail in docker
// compose's words (checked against docker compose 2.26.1 where its older schema
// agrees) with the file, line and column; interpolated values are strings; every
// valid file of the corpora still validates.
#include "compose/compose_project.h"
#include "compose/compose_schema.h"
#include "compose/compose_yaml.h"
#include "compose/project_loader.h"
#include "corpus_path.h"
#include "support/temp_dir.h"

#include <fstream>
#include <functional>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace berth::compose {
namespace {

namespace fs = std::filesystem;

class ComposeSchema : public ::testing::Test {
protected:

    void write(const std::string& name, const std::string& content) { std::ofstream(root_ / name) << content; }

    // The loader's error for compose.yaml holding `content` ("" when it loads).
    std::string error_for(const std::string& content, std::map<std::string, std::string, std::less<>> env = {}) {
        write("compose.yaml", content);
        return load_error({}, std::move(env));
    }

    std::string load_error(std::vector<fs::path> files, std::map<std::string, std::string, std::less<>> env = {}) {
        ProjectOptions options;
        options.current_directory = root_;
        options.files = std::move(files);
        options.process_environment = [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
            auto it = env.find(name);
            return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
        };
        auto project = load_project(options);
        if (project)
            return "";
        EXPECT_EQ(project.error().category(), ErrorCategory::Invalid);
        return project.error().message();
    }

    std::string file() const { return (root_ / "compose.yaml").string(); }

    berth::testing::TempDir dir_{"berth-schema"};
    fs::path root_{dir_.path()};
};

TEST_F(ComposeSchema, AdditionalPropertyNamesTheKeyAndItsLine) {
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    foo: 1\n"),
              "validating " + file() + ":4:5: services.web Additional property foo is not allowed");
    EXPECT_EQ(error_for("services: {}\nfoo: 1\n"),
              "validating " + file() + ":2:1: (root) Additional property foo is not allowed");
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    x-anything: [1]\n"), ""); // extensions are allowed
}

TEST_F(ComposeSchema, TypesInComposeGoWords) {
    EXPECT_EQ(error_for("services:\n  web:\n    image: 5\n"),
              "validating " + file() + ":3:12: services.web.image must be a string");
    EXPECT_EQ(error_for("networks: x\nservices:\n  web:\n    image: x\n"),
              "validating " + file() + ":1:11: networks must be a mapping");
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    ports: {a: 1}\n"),
              "validating " + file() + ":4:12: services.web.ports must be a list");
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    read_only: []\n"),
              "validating " + file() + ":4:16: services.web.read_only must be a boolean or string");
}

TEST_F(ComposeSchema, EnumMinimumAndRequiredAsDockerComposeWordsThem) {
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: bogus\n"
                        "  db:\n    image: x\n"),
              "validating " + file() +
                  ":6:20: services.web.depends_on.db.condition services.web.depends_on.db.condition must be one of "
                  "the following: \"service_started\", \"service_healthy\", \"service_completed_successfully\"");
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    cpu_count: -1\n"),
              "validating " + file() + ":4:16: services.web.cpu_count Must be greater than or equal to 0");
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    ulimits: {nofile: {soft: 1}}\n"),
              "validating " + file() + ":4:23: services.web.ulimits.nofile hard is required");
}

TEST_F(ComposeSchema, InterpolatedValuesAreStrings) {
    // compose-go validates `user: ${UID}` as the string "1000"; written plainly, 1000 is a number.
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    user: ${UID}\n", {{"UID", "1000"}}), "");
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    user: 1000\n"),
              "validating " + file() + ":4:11: services.web.user must be a string");
    // What interpolation makes is still checked as text.
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    ports: ${PORTS}\n", {{"PORTS", "80"}}),
              "validating " + file() + ":4:12: services.web.ports must be a list");
}

TEST_F(ComposeSchema, AnOverrideFileIsValidatedMergedAndNamed) {
    write("compose.yaml", "services:\n  web:\n    image: x\n");
    write("override.yaml", "services:\n  web:\n    restart: no\n    bar: true\n");
    std::string override_file = (root_ / "override.yaml").string();
    EXPECT_EQ(load_error({"compose.yaml", "override.yaml"}),
              "validating " + override_file + ":4:5: services.web Additional property bar is not allowed");
    // A long depends_on completed by the override: valid once merged, as compose-go validates the merge.
    write("compose.yaml", "services:\n  db: {image: x}\n  web:\n    image: x\n    depends_on: {db: {condition: service_healthy}}\n");
    write("override.yaml", "services:\n  web:\n    depends_on: {db: {restart: true}}\n");
    EXPECT_EQ(load_error({"compose.yaml", "override.yaml"}), "");
}

TEST_F(ComposeSchema, IncludedFilesAreValidatedToo) {
    write("compose.yaml", "include: [inc.yaml]\nservices:\n  web: {image: x}\n");
    write("inc.yaml", "services:\n  db:\n    image: x\n    volumes: [{type: bind, source: /a, target: /b, bogus: 1}]\n");
    ComposeOptions options;
    options.loader.current_directory = root_;
    options.loader.process_environment = [](std::string_view) { return std::optional<std::string>(); };
    auto project = load_compose_project(options);
    ASSERT_FALSE(project);
    EXPECT_EQ(project.error().message(), "validating " + (root_ / "inc.yaml").string() +
                                             ":4:52: services.db.volumes.0 Additional property bogus is not allowed");
}

TEST_F(ComposeSchema, MostSpecificErrorWins) {
    // Two errors: the deeper one (inside the port mapping) is the one reported, with its oneOf branch's words.
    EXPECT_EQ(error_for("services:\n  web:\n    image: x\n    foo: 1\n    ports:\n      - target: 80\n        bar: 2\n"),
              "validating " + file() + ":7:9: services.web.ports.0 Additional property bar is not allowed");
}

// Every file of the corpora that docker compose loads passes the schema.
void expect_valid(const fs::path& path, const VariableLookup* lookup = nullptr) {
    auto parsed = load_compose_file(path);
    ASSERT_TRUE(parsed) << parsed.error().message();
    // A fresh handle: assigning to one that shares the parsed node would rewrite it (yaml-cpp).
    auto document = lookup ? interpolated_tree(*parsed, *lookup, path.string()) : Result<YAML::Node>(*parsed);
    ASSERT_TRUE(document) << document.error().message();
    std::vector<SourceDocument> sources = {{path, *parsed}};
    auto valid = validate_compose_schema(*document, sources);
    EXPECT_TRUE(valid) << valid.error().message();
}

TEST(ComposeSchemaCorpus, LoaderInlineValidFilesPass) {
    size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(testing::compose_go_corpus() / "loader-inline-valid")) {
        if (entry.path().extension() != ".yaml")
            continue;
        SCOPED_TRACE(entry.path().string());
        expect_valid(entry.path());
        ++files;
    }
    EXPECT_GT(files, 70u);
}

// (The merge cases are inputs of merging, some not valid alone: an override's
// ulimit with `soft` only, `build.platform`; compose-go's merge tests skip the schema.)
TEST(ComposeSchemaCorpus, FullExamplePasses) {
    VariableLookup environment = [](std::string_view name) -> std::optional<std::string> {
        if (name == "HOME")
            return "/home/foo";
        if (name == "BAR")
            return "this is a secret";
        if (name == "QUX")
            return "qux_from_environment";
        return std::nullopt;
    };
    expect_valid(testing::compose_go_corpus() / "full-example" / "full-example.yml", &environment);
}

TEST(ComposeSchemaCorpus, UninterpolatedVariablesPass) {
    // compose-go's own schema fixture: every field written as ${VARIABLE}.
    expect_valid(testing::compose_go_corpus() / "testdata" / "schema" / "using-variables.yaml");
}

TEST(ComposeSchemaCorpus, OurOwnCasesPass) {
    for (const auto& entry : fs::directory_iterator(fs::path(BERTH_SOURCE_DIR) / "tests" / "compose" / "cases")) {
        for (const char* name : {"compose.yaml", "override.yaml", "common.yaml"})
            if (fs::exists(entry.path() / name)) {
                SCOPED_TRACE((entry.path() / name).string());
                expect_valid(entry.path() / name);
            }
    }
}

// The error cases that state their words (`expected-error`, with {dir} for the
// case's folder) say them here too, where docker compose is not installed to
// compare with (compare_with_docker_compose.sh does that where it is).
TEST(ComposeSchemaCorpus, ErrorCasesSayTheirExpectedWords) {
    size_t cases = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(BERTH_SOURCE_DIR) / "tests" / "compose" / "errors")) {
        std::ifstream expected_file(entry.path() / "expected-error");
        std::string expected;
        if (!std::getline(expected_file, expected))
            continue;
        SCOPED_TRACE(entry.path().string());
        std::string dir = fs::canonical(entry.path()).string();
        for (size_t at = expected.find("{dir}"); at != std::string::npos; at = expected.find("{dir}", at))
            expected.replace(at, 5, dir);
        ComposeOptions options;
        options.loader.current_directory = dir;
        options.loader.process_environment = [](std::string_view) { return std::optional<std::string>(); };
        auto project = load_compose_project(options);
        ASSERT_FALSE(project);
        EXPECT_EQ(project.error().category(), ErrorCategory::Invalid);
        EXPECT_EQ(project.error().message(), expected);
        ++cases;
    }
    EXPECT_GE(cases, 2u); // schema-additional-property, schema-enum
}

// The embedded schema is resources/compose-spec.json without its indentation and
// `description`s (engine/compose/CMakeLists.txt): the same schema, in the same order.
TEST(ComposeSchemaText, IsTheResourceWithoutItsDescriptions) {
    using Json = nlohmann::ordered_json;
    std::ifstream in(std::filesystem::path(BERTH_SOURCE_DIR) / "resources" / "compose-spec.json");
    ASSERT_TRUE(in.good());
    Json original = Json::parse(in);
    std::function<void(Json&)> strip = [&](Json& node) {
        if (node.is_object() && node.contains("description") && node["description"].is_string())
            node.erase("description");
        if (node.is_structured())
            for (auto& child : node)
                strip(child);
    };
    strip(original);
    Json embedded = Json::parse(compose_spec_schema_text());
    EXPECT_EQ(embedded, original);
    EXPECT_EQ(compose_spec_schema_text().find("\"description\""), std::string_view::npos);
    EXPECT_EQ(compose_spec_schema_text().find('\n'), std::string_view::npos);
}

} // namespace
} // namespace berth::compose
