#include "compose/converge/up.h"

#include "compose/converge/container_body.h"
#include "compose/converge/dependency_order.h"
#include "compose/converge/dependency_wait.h"
#include "compose/converge/engine_calls.h"
#include "compose/converge/graph_walk.h"
#include "compose/converge/image_pull.h"
#include "compose/converge/labels.h"
#include "compose/converge/lifecycle.h"
#include "compose/converge/resources.h"
#include "compose/converge/unhonoured_fields.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>

namespace berth::compose::converge {
namespace {

using nlohmann::json;

Result<> remove_container(api::EngineClient& client, const ObservedContainer& container, Progress& progress,
                          bool volumes, std::optional<int> timeout = std::nullopt) {
    auto resource = container_resource(container.name);
    if (container.state == "running" || container.state == "restarting" || container.state == "paused") {
        progress.event(resource, "Stopping");
        if (auto ok = call(client, "POST", "/containers/" + container.id + "/stop" + timeout_query(timeout)); !ok)
            return std::unexpected(ok.error());
        progress.event(resource, "Stopped");
    }
    progress.event(resource, "Removing");
    if (auto ok = call(client, "DELETE", "/containers/" + container.id + "?force=1" + (volumes ? "&v=1" : "")); !ok)
        return std::unexpected(ok.error());
    progress.event(resource, "Removed");
    return {};
}

// Containers stopped and removed side by side, each on a connection of its own
// (a single one on `client`), as docker compose's removeContainers; the first
// failure in their order once all have ended.
Result<> remove_containers(api::EngineClient& client, const std::vector<ObservedContainer>& containers,
                           Progress& progress, bool volumes, std::optional<int> timeout = std::nullopt) {
    return side_by_side(client, containers, [&](api::EngineClient& own, const ObservedContainer& container) {
        return remove_container(own, container, progress, volumes, timeout);
    });
}

Result<std::string> create_container(api::EngineClient& client, const ContainerSpec& spec) {
    std::string name = container_name_of(spec);
    auto created = call(client, "POST", "/containers/create?name=" + url_escape(name), container_create_body(spec));
    if (!created)
        return std::unexpected(created.error());
    return created->value("Id", "");
}

// Waits for a dependency's containers to meet `dependency.condition` (dependency_wait.h).
// No container at all: an error when the dependency is required, else a warning.
Result<> wait_for(api::EngineClient& client, const std::string& project, const std::string& dependant,
                  const ServiceDependency& dependency, Progress& progress) {
    if (dependency.condition != "service_healthy" && dependency.condition != "service_completed_successfully" &&
        dependency.condition != kRunningOrHealthy)
        return {};
    auto containers = project_containers(client, project);
    if (!containers)
        return std::unexpected(containers.error());
    std::erase_if(*containers, [&](const auto& c) { return c.service != dependency.service || c.oneoff; });
    if (containers->empty()) {
        if (dependency.required)
            return fail(ErrorCategory::System, "{} is missing dependency {}", dependant, dependency.service);
        progress.warn(dependant + " is missing dependency " + dependency.service);
        return {};
    }
    for (const auto& container : *containers) {
        auto resource = container_resource(container.name);
        progress.event(resource, "Waiting");
        for (auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);;) {
            auto inspected = client.get_json("/containers/" + container.id + "/json");
            if (!inspected)
                return std::unexpected(inspected.error());
            auto state = assess_dependency(dependency.condition, dependency.service, container.name,
                                           inspected->value("State", json::object()));
            if (state.verdict == WaitVerdict::Failed)
                return fail(ErrorCategory::System, "{}", state.message);
            if (state.verdict == WaitVerdict::Met) {
                progress.event(resource, state.message);
                break;
            }
            if (std::chrono::steady_clock::now() > deadline)
                return fail(ErrorCategory::System, "timed out waiting for {}", container.name);
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }
    return {};
}

// What one `up` carries from service to service.
struct UpRun {
    api::EngineClient& client;
    const ComposeProject& project;
    const ProjectModel& model;
    const std::vector<ObservedContainer>& observed;
    const UpOptions& options;
    Progress& progress;
    std::set<std::string> selected;  // what this `up` converges (all when empty)
    std::set<std::string> recreated; // services whose containers were recreated (for `restart: true`)
};

Result<> converge_service(UpRun& run, const ServiceModel& service) {
    auto& [client, project, model, observed, options, progress, selected, recreated] = run;
    std::vector<ObservedContainer> mine;
    for (const auto& container : observed)
        if (container.service == service.name)
            mine.push_back(container);
    ServicePlan plan = plan_service(service, mine, effective_replicas(service, options.scale), options.recreate);
    bool restart_kept = restarts_for(service, recreated);
    bool needs_image = false;
    for (const auto& action : plan.actions)
        needs_image = needs_image || action.kind == ActionKind::Create || action.kind == ActionKind::Recreate;
    bool starts = false; // dependencies are waited for only before something starts
    for (const auto& action : plan.actions)
        starts = starts || (action.kind != ActionKind::Keep && action.kind != ActionKind::Remove);
    if (starts && !options.no_start)
        for (const auto& dependency : service.depends_on)
            // A dependency left out (--no-deps) or scaled to 0 is not waited for, as docker compose does.
            if (const ServiceModel* needed = model.service(dependency.service);
                needed && effective_replicas(*needed, options.scale) > 0 &&
                (selected.empty() || selected.contains(dependency.service)))
                if (auto ok = wait_for(client, model.name, service.name, dependency, progress); !ok)
                    return ok;
    std::string image_id;
    if (needs_image) {
        auto id = ensure_image(client, service, progress);
        if (!id)
            return std::unexpected(id.error());
        image_id = *id;
    }
    const ConfigValue& config = *project.model.find("services")->find(service.name);
    for (const auto& action : plan.actions) {
        ContainerSpec spec{model, service, config, action.number, image_id};
        std::string name = action.kind == ActionKind::Create ? container_name_of(spec) : action.existing.name;
        auto resource = container_resource(name);
        std::string id = action.existing.id;
        switch (action.kind) {
        case ActionKind::Keep:
            if (restart_kept) {
                progress.event(resource, "Restarting");
                if (auto ok = call(client, "POST", "/containers/" + id + "/restart"); !ok)
                    return std::unexpected(ok.error());
                progress.event(resource, "Restarted");
            } else {
                progress.event(resource, "Running");
            }
            continue;
        case ActionKind::Remove:
            if (auto ok = remove_container(client, action.existing, progress, false); !ok)
                return ok;
            continue;
        case ActionKind::Recreate: {
            progress.event(resource, "Recreate");
            if (auto ok = call(client, "POST", "/containers/" + id + "/stop"); !ok)
                return std::unexpected(ok.error());
            if (auto ok = call(client, "DELETE", "/containers/" + id + "?force=1"); !ok)
                return std::unexpected(ok.error());
            auto created = create_container(client, spec);
            if (!created)
                return std::unexpected(created.error());
            id = *created;
            progress.event(resource, "Recreated");
            recreated.insert(service.name);
            break;
        }
        case ActionKind::Create: {
            progress.event(resource, "Creating");
            auto created = create_container(client, spec);
            if (!created)
                return std::unexpected(created.error());
            id = *created;
            progress.event(resource, "Created");
            break;
        }
        case ActionKind::Start:
            if (options.no_start)
                continue;
            break;
        }
        if (options.no_start)
            continue;
        progress.event(resource, "Starting");
        if (auto ok = call(client, "POST", "/containers/" + id + "/start"); !ok)
            return std::unexpected(ok.error());
        progress.event(resource, "Started");
    }
    return {};
}

} // namespace

namespace {

// The services converged along the graph (graph_walk.h); each starts from the
// services recreated so far, among them all it depends on, and adds its own.
Result<> converge_services(UpRun& run, const std::vector<std::string>& order) {
    std::mutex recreated_mutex;
    return walk_services(run.client, run.model, order, WalkDirection::DependenciesFirst,
                         [&](api::EngineClient& own, const std::string& name) {
                             std::unique_lock lock(recreated_mutex);
                             UpRun mine{own, run.project, run.model, run.observed, run.options, run.progress,
                                        run.selected, run.recreated};
                             lock.unlock();
                             auto converged = converge_service(mine, *run.model.service(name));
                             lock.lock();
                             run.recreated.insert(mine.recreated.begin(), mine.recreated.end());
                             return converged;
                         });
}

} // namespace

Result<std::string> ensure_image(api::EngineClient& client, const ServiceModel& service, Progress& progress) {
    auto inspected = client.get_json("/images/" + url_escape(service.image) + "/json");
    if (!inspected && inspected.error().category() == ErrorCategory::NotFound) {
        if (auto pulled = pull_image(client, service.name, service.image, progress); !pulled)
            return std::unexpected(std::move(pulled.error()).wrap("pulling {}", service.image));
        inspected = client.get_json("/images/" + url_escape(service.image) + "/json");
    }
    if (!inspected)
        return std::unexpected(inspected.error());
    return inspected->value("Id", "");
}

Result<> up(api::EngineClient& client, const ComposeProject& project, const UpOptions& options, Progress& progress) {
    ProjectModel model = typed_model(project);
    std::set<std::string> selected = options.services;
    for (const auto& name : selected)
        if (!model.service(name))
            return fail(ErrorCategory::NotFound, "no such service: {}", name);
    if (!selected.empty() && !options.no_deps)
        selected = with_dependencies(model, selected);
    auto order = start_order(model, selected);
    if (!order)
        return std::unexpected(order.error());
    if (auto ok = refuse_unhonoured_fields(project.model, {order->begin(), order->end()}); !ok)
        return ok;
    if (auto ok = ensure_networks(client, project, progress); !ok)
        return ok;
    if (auto ok = ensure_volumes(client, project, progress); !ok)
        return ok;
    auto observed = project_containers(client, model.name);
    if (!observed)
        return std::unexpected(observed.error());
    auto orphaned = orphans(model, *observed);
    if (options.remove_orphans) {
        if (auto ok = remove_containers(client, orphaned, progress, false); !ok)
            return ok;
    } else if (!orphaned.empty()) {
        progress.warn("Found orphan containers for this project. If you removed or renamed this service in your "
                      "compose file, you can run this command with the --remove-orphans flag to clean it up.");
    }
    for (const auto& [name, count] : options.scale)
        if (!model.service(name))
            return fail(ErrorCategory::NotFound, "no such service: {}", name);
    UpRun run{client, project, model, *observed, options, progress, selected, {}};
    if (auto ok = converge_services(run, *order); !ok)
        return ok;
    // --wait: every container running or healthy, except one-shot services others wait to complete.
    auto one_shot = [&](const std::string& name) {
        return std::ranges::any_of(model.services, [&](const ServiceModel& other) {
            return std::ranges::any_of(other.depends_on, [&](const ServiceDependency& dependency) {
                return dependency.service == name && dependency.condition == "service_completed_successfully";
            });
        });
    };
    if (options.wait)
        for (const auto& name : *order)
            if (effective_replicas(*model.service(name), options.scale) > 0 && !one_shot(name))
                if (auto ok = wait_for(client, model.name, name, {name, kRunningOrHealthy, true, false}, progress); !ok)
                    return ok;
    return {};
}

namespace {

// `down --rmi`: each service's image once ("all"), or only those named by compose
// itself, without an `image:` in the file ("local"); images already gone are skipped.
Result<> remove_images(api::EngineClient& client, const ComposeProject& project, const ProjectModel& model,
                       const std::string& rmi, Progress& progress) {
    if (rmi.empty())
        return {};
    std::set<std::string> images;
    for (const auto& service : model.services) {
        bool named = project.model.find("services")->find(service.name)->contains("image");
        if (rmi == "all" || !named)
            images.insert(service.image);
    }
    for (const auto& image : images) {
        auto response = client.request("DELETE", "/images/" + url_escape(image));
        if (!response)
            return std::unexpected(response.error());
        if (response->status == 404)
            continue;
        progress.event("Image " + image, "Removing");
        if (response->status < 200 || response->status > 299)
            return std::unexpected(api::error_from_response(*response));
        progress.event("Image " + image, "Removed");
    }
    return {};
}

} // namespace

Result<> down(api::EngineClient& client, const ComposeProject& project, const DownOptions& options,
              Progress& progress) {
    ProjectModel model = typed_model(project);
    auto observed = project_containers(client, model.name);
    if (!observed)
        return std::unexpected(observed.error());
    auto order = start_order(model);
    if (!order)
        return std::unexpected(order.error());
    auto remove_service = [&](api::EngineClient& own, const std::string& service) -> Result<> {
        std::vector<ObservedContainer> mine;
        std::ranges::copy_if(*observed, std::back_inserter(mine), [&](const auto& c) { return c.service == service; });
        return remove_containers(own, mine, progress, options.volumes, options.timeout);
    };
    if (auto ok = walk_services(client, model, *order, WalkDirection::DependentsFirst, remove_service); !ok)
        return ok;
    auto orphaned = orphans(model, *observed);
    if (options.remove_orphans)
        if (auto ok = remove_containers(client, orphaned, progress, options.volumes, options.timeout); !ok)
            return ok;
    if (auto ok = remove_networks(client, project, progress); !ok)
        return ok;
    if (options.volumes)
        if (auto ok = remove_volumes(client, project, progress); !ok)
            return ok;
    return remove_images(client, project, model, options.rmi, progress);
}

} // namespace berth::compose::converge
