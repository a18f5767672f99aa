// Converge's dependency waits and scale planning, over fake engine answers: the
// State object GET /containers/{id}/json returns, judged as docker compose's
// waitDependencies judges it; `--scale` parsing and its precedence over
// scale/deploy.replicas; which dependants `restart: true` restarts.
#include "compose/converge/dependency_wait.h"
#include "compose/converge/plan.h"

#include <gtest/gtest.h>

namespace berth::compose::converge {
namespace {

using nlohmann::json;

json running(const std::string& health = "") {
    json state = {{"Status", "running"}, {"Running", true}, {"ExitCode", 0}};
    if (!health.empty())
        state["Health"] = {{"Status", health}};
    return state;
}

json exited(int code, const std::string& health = "") {
    json state = {{"Status", "exited"}, {"Running", false}, {"ExitCode", code}};
    if (!health.empty())
        state["Health"] = {{"Status", health}};
    return state;
}

TEST(DependencyWait, HealthyWaitsWhileStartingAndFailsWhenUnhealthy) {
    auto starting = assess_dependency("service_healthy", "db", "p-db-1", running("starting"));
    EXPECT_EQ(starting.verdict, WaitVerdict::Pending);
    auto healthy = assess_dependency("service_healthy", "db", "p-db-1", running("healthy"));
    EXPECT_EQ(healthy.verdict, WaitVerdict::Met);
    EXPECT_EQ(healthy.message, "Healthy");
    auto unhealthy = assess_dependency("service_healthy", "db", "p-db-1", running("unhealthy"));
    EXPECT_EQ(unhealthy.verdict, WaitVerdict::Failed);
    EXPECT_EQ(unhealthy.message, "dependency failed to start: container p-db-1 is unhealthy");
    auto died = assess_dependency("service_healthy", "db", "p-db-1", exited(1, "starting"));
    EXPECT_EQ(died.verdict, WaitVerdict::Failed);
    auto no_check = assess_dependency("service_healthy", "db", "p-db-1", running());
    EXPECT_EQ(no_check.verdict, WaitVerdict::Failed);
    EXPECT_EQ(no_check.message, "container p-db-1 has no healthcheck configured");
}

TEST(DependencyWait, CompletedSuccessfullyWaitsForExitZero) {
    EXPECT_EQ(assess_dependency("service_completed_successfully", "init", "p-init-1", running()).verdict,
              WaitVerdict::Pending);
    json created = {{"Status", "created"}, {"Running", false}, {"ExitCode", 0}};
    EXPECT_EQ(assess_dependency("service_completed_successfully", "init", "p-init-1", created).verdict,
              WaitVerdict::Pending);
    auto done = assess_dependency("service_completed_successfully", "init", "p-init-1", exited(0));
    EXPECT_EQ(done.verdict, WaitVerdict::Met);
    EXPECT_EQ(done.message, "Exited");
    auto failed = assess_dependency("service_completed_successfully", "init", "p-init-1", exited(3));
    EXPECT_EQ(failed.verdict, WaitVerdict::Failed);
    EXPECT_EQ(failed.message, "service \"init\" didn't complete successfully: exit 3");
}

TEST(DependencyWait, StartedIsMetAtOnceAndWaitFlagAcceptsRunningOrHealthy) {
    EXPECT_EQ(assess_dependency("service_started", "db", "p-db-1", exited(1)).verdict, WaitVerdict::Met);
    EXPECT_EQ(assess_dependency(kRunningOrHealthy, "web", "p-web-1", running()).verdict, WaitVerdict::Met);
    EXPECT_EQ(assess_dependency(kRunningOrHealthy, "db", "p-db-1", running("starting")).verdict,
              WaitVerdict::Pending);
    EXPECT_EQ(assess_dependency(kRunningOrHealthy, "db", "p-db-1", running("healthy")).verdict, WaitVerdict::Met);
    auto gone = assess_dependency(kRunningOrHealthy, "web", "p-web-1", exited(2));
    EXPECT_EQ(gone.verdict, WaitVerdict::Failed);
    EXPECT_EQ(gone.message, "container p-web-1 exited (2)");
}

TEST(ScalePlanning, ScaleFlagWinsAndParses) {
    ServiceModel web;
    web.name = "web";
    web.replicas = 2; // from scale: or deploy.replicas
    EXPECT_EQ(effective_replicas(web, {}), 2);
    EXPECT_EQ(effective_replicas(web, {{"web", 0}}), 0);
    EXPECT_EQ(effective_replicas(web, {{"db", 5}}), 2);
    EXPECT_EQ(parse_scale("web=3"), (std::pair<std::string, int>{"web", 3}));
    EXPECT_EQ(parse_scale("web=0"), (std::pair<std::string, int>{"web", 0}));
    EXPECT_FALSE(parse_scale("web"));
    EXPECT_FALSE(parse_scale("web="));
    EXPECT_FALSE(parse_scale("=2"));
    EXPECT_FALSE(parse_scale("web=-1"));
    EXPECT_FALSE(parse_scale("web=2x"));
}

ObservedContainer container(int number) {
    ObservedContainer out;
    out.id = "id" + std::to_string(number);
    out.name = "p-web-" + std::to_string(number);
    out.service = "web";
    out.number = number;
    out.config_hash = "h";
    out.state = "running";
    return out;
}

TEST(ScalePlanning, DownToZeroRemovesAllAndUpFillsAfterTheHighest) {
    ServiceModel web;
    web.name = "web";
    web.config_hash = "h";
    auto none = plan_service(web, {container(1), container(2)}, 0, RecreatePolicy::Diverged);
    ASSERT_EQ(none.actions.size(), 2u);
    EXPECT_EQ(none.actions[0].kind, ActionKind::Remove);
    EXPECT_EQ(none.actions[1].kind, ActionKind::Remove);
    // A gap (2 was removed by hand): 1 and 3 kept, the new one is 4, as docker compose numbers.
    auto filled = plan_service(web, {container(3), container(1)}, 3, RecreatePolicy::Diverged);
    ASSERT_EQ(filled.actions.size(), 3u);
    EXPECT_EQ(filled.actions[2].kind, ActionKind::Create);
    EXPECT_EQ(filled.actions[2].number, 4);
    // Scaling 4 → 2 removes the two highest numbers.
    auto down = plan_service(web, {container(1), container(2), container(3), container(4)}, 2,
                             RecreatePolicy::Diverged);
    ASSERT_EQ(down.actions.size(), 4u);
    EXPECT_EQ(down.actions[0].kind, ActionKind::Keep);
    EXPECT_EQ(down.actions[1].kind, ActionKind::Keep);
    EXPECT_EQ(down.actions[2].kind, ActionKind::Remove);
    EXPECT_EQ(down.actions[2].number, 3);
    EXPECT_EQ(down.actions[3].number, 4);
}

TEST(DependencyRestart, OnlyRestartTrueDependenciesThatWereRecreated) {
    ServiceModel web;
    web.name = "web";
    web.depends_on = {{"db", "service_healthy", true, true}, {"cache", "service_started", true, false}};
    EXPECT_TRUE(restarts_for(web, {"db"}));
    EXPECT_FALSE(restarts_for(web, {"cache"}));
    EXPECT_FALSE(restarts_for(web, {}));
}

} // namespace
} // namespace berth::compose::converge
