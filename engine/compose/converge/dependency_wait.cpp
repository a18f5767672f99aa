#include "compose/converge/dependency_wait.h"

namespace berth::compose::converge {

DependencyState assess_dependency(const std::string& condition, const std::string& service,
                                  const std::string& container, const nlohmann::json& state) {
    bool running = state.value("Running", false);
    bool has_health = state.contains("Health") && state["Health"].is_object();
    if (condition == kRunningOrHealthy && !has_health) {
        if (running)
            return {WaitVerdict::Met, "Healthy"};
        if (state.value("Status", "") == "exited" || state.value("Status", "") == "dead")
            return {WaitVerdict::Failed,
                    "container " + container + " exited (" + std::to_string(state.value("ExitCode", 0)) + ")"};
        return {WaitVerdict::Pending, {}};
    }
    if (condition == "service_healthy" || condition == kRunningOrHealthy) {
        std::string health;
        if (auto found = state.find("Health"); found != state.end() && found->is_object())
            health = found->value("Status", "");
        if (health.empty())
            return {WaitVerdict::Failed, "container " + container + " has no healthcheck configured"};
        if (health == "healthy")
            return {WaitVerdict::Met, "Healthy"};
        if (health == "unhealthy" || !running)
            return {WaitVerdict::Failed, "dependency failed to start: container " + container + " is unhealthy"};
        return {WaitVerdict::Pending, {}};
    }
    if (condition == "service_completed_successfully") {
        if (running || state.value("Status", "") != "exited")
            return {WaitVerdict::Pending, {}};
        int code = state.value("ExitCode", 0);
        if (code != 0)
            return {WaitVerdict::Failed,
                    "service \"" + service + "\" didn't complete successfully: exit " + std::to_string(code)};
        return {WaitVerdict::Met, "Exited"};
    }
    // service_started: starting it was the wait.
    return {WaitVerdict::Met, {}};
}

} // namespace berth::compose::converge
