#pragma once
// What a dependency's container state means for its dependant, as docker
// compose's waitDependencies judges it: service_started is met once started,
// service_healthy when the health status is healthy (unhealthy, or a container
// with no healthcheck, fails), service_completed_successfully when it exited 0
// (another exit code fails). Pure, over the State object of GET
// /containers/{id}/json, so the waits are tested without an engine.

#include <nlohmann/json.hpp>
#include <string>

namespace berth::compose::converge {

// `up --wait`'s condition: healthy when the container has a healthcheck, else running.
inline constexpr const char* kRunningOrHealthy = "running_or_healthy";

enum class WaitVerdict { Met, Pending, Failed };

struct DependencyState {
    WaitVerdict verdict = WaitVerdict::Pending;
    std::string message; // docker compose's error words when Failed; the progress word when Met
};

// `state`: the inspect answer's "State"; `container`: the dependency's container name.
DependencyState assess_dependency(const std::string& condition, const std::string& service,
                                  const std::string& container, const nlohmann::json& state);

} // namespace berth::compose::converge
