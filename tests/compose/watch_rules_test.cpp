// `develop.watch` read and applied to a batch of changed paths (cli/watch_rules.h).
#include "compose/cli/watch_rules.h"
#include "support/temp_dir.h"

#include <fstream>
#include <gtest/gtest.h>

namespace berth::compose::cli {
namespace {

namespace fs = std::filesystem;

class WatchRulesTest : public ::testing::Test {
protected:
    Result<std::vector<ServiceWatch>> rules(const std::string& services, const std::set<std::string>& selected = {}) {
        std::ofstream(dir_ / "compose.yaml") << "services:\n" << services;
        std::ofstream(dir_ / ".dockerignore") << "app/private\n";
        ComposeOptions options;
        options.loader.current_directory = dir_.path();
        options.loader.process_environment = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
        auto project = load_compose_project(options);
        if (!project)
            return std::unexpected(project.error());
        return watch_rules(*project, selected);
    }
    fs::path at(const std::string& relative) const { return fs::path(dir_.path()) / relative; }

    testing::TempDir dir_{"berth-watch-rules"};
};

constexpr const char* kWeb = "  web:\n"
                             "    build: .\n"
                             "    develop:\n"
                             "      watch:\n"
                             "        - {path: ./app, action: sync, target: /srv, ignore: [tmp/, '*.log']}\n"
                             "        - {path: ./conf/app.ini, action: sync+restart, target: /etc/app.ini}\n"
                             "        - {path: requirements.txt, action: rebuild}\n"
                             "  db:\n"
                             "    image: x\n";

TEST_F(WatchRulesTest, SyncMapsPathsUnderTheTargetAndLeavesIgnoredOnesOut) {
    auto watches = rules(kWeb);
    ASSERT_TRUE(watches) << watches.error().message();
    ASSERT_EQ(watches->size(), 1u); // db has no build: skipped when not named
    const ServiceWatch& web = watches->front();
    EXPECT_EQ(web.rules.at(0).path, at("app"));
    WatchWork work = watch_work(web, {at("app/a.py"), at("app/pkg/b.py"), at("app/tmp/x"), at("app/run.log"),
                                      at("app/.a.py.swp"), at("app/private"), at("elsewhere.txt"), at(".git/HEAD")});
    EXPECT_FALSE(work.rebuild);
    EXPECT_FALSE(work.restart);
    ASSERT_EQ(work.sync.size(), 2u);
    EXPECT_EQ(work.sync[0].host, at("app/a.py"));
    EXPECT_EQ(work.sync[0].container, "/srv/a.py");
    EXPECT_EQ(work.sync[1].container, "/srv/pkg/b.py");
}

TEST_F(WatchRulesTest, AFileRuleSyncsToItsTargetAndRestarts) {
    auto watches = rules(kWeb);
    ASSERT_TRUE(watches) << watches.error().message();
    WatchWork work = watch_work(watches->front(), {at("conf/app.ini"), at("conf/other.ini")});
    EXPECT_TRUE(work.restart);
    ASSERT_EQ(work.sync.size(), 1u);
    EXPECT_EQ(work.sync[0].container, "/etc/app.ini");
}

TEST_F(WatchRulesTest, ARebuildPathAsksForARebuild) {
    auto watches = rules(kWeb);
    ASSERT_TRUE(watches) << watches.error().message();
    EXPECT_TRUE(watch_work(watches->front(), {at("requirements.txt")}).rebuild);
    EXPECT_FALSE(watch_work(watches->front(), {at("requirements.txt.bak")}).rebuild);
}

TEST_F(WatchRulesTest, RefusesInDockerComposesWords) {
    auto named = rules(kWeb, {"db"});
    ASSERT_FALSE(named);
    EXPECT_EQ(named.error().message(), "can't watch service \"db\" without a build context");
    auto newer = rules("  web:\n    build: .\n    develop:\n      watch: [{path: ., action: restart}]\n");
    ASSERT_FALSE(newer);
    EXPECT_EQ(newer.error().message(), "watch action \"restart\" is not supported by berth yet");
    EXPECT_EQ(newer.error().category(), ErrorCategory::NotImplemented);
    auto none = rules("  db:\n    image: x\n");
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().message(),
              "none of the selected services is configured for watch, consider setting an 'develop' section");
}

} // namespace
} // namespace berth::compose::cli
