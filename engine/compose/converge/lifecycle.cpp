#include "compose/converge/lifecycle.h"

#include "compose/converge/dependency_order.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/graph_walk.h"

#include <algorithm>

namespace berth::compose::converge {

std::string timeout_query(std::optional<int> timeout) {
    return timeout ? "?t=" + std::to_string(*timeout) : std::string();
}

Result<> change_state(api::EngineClient& client, const ComposeProject& project, LifecycleAction action,
                      const std::set<std::string>& services, Progress& progress, std::optional<int> timeout) {
    ProjectModel model = typed_model(project);
    for (const auto& name : services)
        if (!model.service(name))
            return fail(ErrorCategory::NotFound, "no such service: {}", name);
    auto order = start_order(model, services);
    if (!order)
        return std::unexpected(order.error());
    auto observed = project_containers(client, model.name);
    if (!observed)
        return std::unexpected(observed.error());
    const char* verb = action == LifecycleAction::Start  ? "start"
                       : action == LifecycleAction::Stop ? "stop"
                                                         : "restart";
    const char* doing = action == LifecycleAction::Start  ? "Starting"
                        : action == LifecycleAction::Stop ? "Stopping"
                                                          : "Restarting";
    const char* done = action == LifecycleAction::Start  ? "Started"
                       : action == LifecycleAction::Stop ? "Stopped"
                                                         : "Restarted";
    std::string query = action == LifecycleAction::Start ? "" : timeout_query(timeout);
    // As docker compose: services along the graph (stop: dependants first); a
    // service's containers started one after the other (startService), stopped
    // and restarted side by side (stopContainers, restart's errgroup).
    auto direction = action == LifecycleAction::Stop ? WalkDirection::DependentsFirst : WalkDirection::DependenciesFirst;
    auto act = [&](api::EngineClient& own, const ObservedContainer& container) -> Result<> {
        auto resource = container_resource(container.name);
        progress.event(resource, doing);
        if (auto ok = call(own, "POST", "/containers/" + container.id + "/" + verb + query); !ok)
            return std::unexpected(ok.error());
        progress.event(resource, done);
        return {};
    };
    return walk_services(client, model, *order, direction, [&](api::EngineClient& own, const std::string& service) -> Result<> {
        std::vector<ObservedContainer> chosen;
        for (const auto& container : *observed) {
            bool running = container.state == "running";
            if (container.service == service && !container.oneoff &&
                !(action == LifecycleAction::Start && running) && !(action == LifecycleAction::Stop && !running))
                chosen.push_back(container);
        }
        if (action != LifecycleAction::Start)
            return side_by_side(own, chosen, act);
        for (const auto& container : chosen)
            if (auto ok = act(own, container); !ok)
                return ok;
        return {};
    });
}

} // namespace berth::compose::converge
