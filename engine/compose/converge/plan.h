#pragma once
// What `up` does to each service's containers, decided from the project and the
// containers the engine has (found by the project label), before anything is
// touched: keep a running container whose config hash matches, start a stopped
// one, recreate one whose hash differs (or all with --force-recreate, none with
// --no-recreate), create the missing numbers up to the service's replicas, and
// remove the surplus (highest numbers first). Pure, so it is tested alone.

#include "compose/project_model.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace berth::compose::converge {

// A container of the project as GET /containers/json?all=1 lists it.
struct ObservedContainer {
    std::string id;
    std::string name;    // without the leading '/'
    std::string service; // com.docker.compose.service
    int number = 0;      // com.docker.compose.container-number
    std::string config_hash;
    std::string state;   // running, exited, created, ...
    bool oneoff = false;
};

ObservedContainer observed_from_summary(const nlohmann::json& summary);

enum class RecreatePolicy { Diverged, Force, Never };

enum class ActionKind {
    Create,   // a new container with `number`
    Recreate, // `existing` replaced by a new container with the same number
    Start,    // `existing` is stopped: start it
    Keep,     // `existing` runs and is up to date
    Remove,   // `existing` is beyond the replicas
};

struct ContainerAction {
    ActionKind kind;
    int number = 0;
    ObservedContainer existing; // empty for Create
};

struct ServicePlan {
    std::string service;
    std::vector<ContainerAction> actions; // by number
};

// `existing`: the service's containers (one-off ones are ignored).
ServicePlan plan_service(const ServiceModel& service, std::vector<ObservedContainer> existing, int replicas,
                         RecreatePolicy policy);

// How many containers `service` runs: `--scale service=n` wins over scale/deploy.replicas.
int effective_replicas(const ServiceModel& service, const std::map<std::string, int>& scale);

// Reads a `--scale` value "web=3"; nullopt when it is not NAME=N with N >= 0.
std::optional<std::pair<std::string, int>> parse_scale(const std::string& text);

// Whether `service`'s running containers are restarted because a dependency
// declared with `restart: true` was recreated in this `up` (docker compose does).
bool restarts_for(const ServiceModel& service, const std::set<std::string>& recreated);

// Containers of the project whose service is not in it (what --remove-orphans removes).
std::vector<ObservedContainer> orphans(const ProjectModel& project, const std::vector<ObservedContainer>& observed);

} // namespace berth::compose::converge
