// converge/graph_walk.h: services worked on along the dependency graph, each as
// soon as what it must follow has ended, as docker compose walks its graph.
#include "compose/converge/graph_walk.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <gtest/gtest.h>
#include <mutex>
#include <set>

namespace berth::compose::converge {
namespace {

using namespace std::chrono_literals;

// app depends on db; cache depends on nothing; web depends on app and cache.
ProjectModel demo_model() {
    ProjectModel model;
    model.name = "demo";
    auto service = [](std::string name, std::vector<std::string> needs) {
        ServiceModel out;
        out.name = std::move(name);
        for (auto& need : needs)
            out.depends_on.push_back(ServiceDependency{.service = std::move(need), .condition = "service_started"});
        return out;
    };
    model.services = {service("app", {"db"}), service("cache", {}), service("db", {}), service("web", {"app", "cache"})};
    return model;
}

const std::vector<std::string> kOrder = {"cache", "db", "app", "web"};

// What the work saw: services begun and ended, in time.
struct Journal {
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> events;

    void add(const std::string& event) {
        std::lock_guard lock(mutex);
        events.push_back(event);
        changed.notify_all();
    }
    // Waits (up to `limit`) for `event`; false when it did not come.
    bool wait_for(const std::string& event, std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, limit, [&] { return std::ranges::count(events, event) > 0; });
    }
    size_t position(const std::string& event) {
        std::lock_guard lock(mutex);
        return static_cast<size_t>(std::ranges::find(events, event) - events.begin());
    }
};

TEST(GraphWalk, PrerequisitesFollowDependsOnWithinTheOrder) {
    ProjectModel model = demo_model();
    auto up = walk_prerequisites(model, kOrder, WalkDirection::DependenciesFirst);
    EXPECT_EQ(up.at("web"), (std::vector<std::string>{"app", "cache"}));
    EXPECT_EQ(up.at("app"), std::vector<std::string>{"db"});
    EXPECT_TRUE(up.at("db").empty());
    auto down = walk_prerequisites(model, kOrder, WalkDirection::DependentsFirst);
    EXPECT_EQ(down.at("db"), std::vector<std::string>{"app"});
    EXPECT_EQ(down.at("cache"), std::vector<std::string>{"web"});
    EXPECT_TRUE(down.at("web").empty());
    // A dependency left out of the walk (up --no-deps web) is not waited for.
    auto alone = walk_prerequisites(model, {"web"}, WalkDirection::DependenciesFirst);
    EXPECT_TRUE(alone.at("web").empty());
}

class GraphWalkTest : public ::testing::Test {
protected:
    // Walks kOrder; each service's work journals "begin <name>", runs `step`, journals "end <name>".
    Result<> walk(WalkDirection direction, const std::function<Result<>(const std::string&)>& step = {}) {
        api::EngineClient client("unix:///nonexistent/graph-walk-test.sock");
        return walk_services(client, model_, kOrder, direction, [&](api::EngineClient&, const std::string& name) {
            journal_.add("begin " + name);
            Result<> result = step ? step(name) : Result<>{};
            journal_.add("end " + name);
            return result;
        });
    }

    ProjectModel model_ = demo_model();
    Journal journal_;
};

// app needs only db: it begins while cache (of the same "level" as db) still runs.
TEST_F(GraphWalkTest, AServiceBeginsWhenItsOwnDependenciesHaveEnded) {
    bool app_began_during_cache = false;
    auto walked = walk(WalkDirection::DependenciesFirst, [&](const std::string& name) -> Result<> {
        if (name == "cache")
            app_began_during_cache = journal_.wait_for("begin app", 5s);
        return {};
    });
    ASSERT_TRUE(walked.has_value()) << walked.error().message();
    EXPECT_TRUE(app_began_during_cache);
    EXPECT_LT(journal_.position("end db"), journal_.position("begin app"));
    EXPECT_LT(journal_.position("end app"), journal_.position("begin web"));
    EXPECT_LT(journal_.position("end cache"), journal_.position("begin web"));
}

TEST_F(GraphWalkTest, DependentsFirstEndsADependantBeforeWhatItNeeds) {
    ASSERT_TRUE(walk(WalkDirection::DependentsFirst).has_value());
    EXPECT_LT(journal_.position("end web"), journal_.position("begin app"));
    EXPECT_LT(journal_.position("end web"), journal_.position("begin cache"));
    EXPECT_LT(journal_.position("end app"), journal_.position("begin db"));
}

TEST_F(GraphWalkTest, AfterAFailureNothingMoreBeginsAndTheFailureIsTheResult) {
    auto walked = walk(WalkDirection::DependenciesFirst, [](const std::string& name) -> Result<> {
        if (name == "db")
            return fail(ErrorCategory::System, "db would not start");
        return {};
    });
    ASSERT_FALSE(walked.has_value());
    EXPECT_EQ(walked.error().message(), "db would not start");
    EXPECT_FALSE(journal_.wait_for("begin app", 0ms));
    EXPECT_FALSE(journal_.wait_for("begin web", 0ms));
}

} // namespace
} // namespace berth::compose::converge
