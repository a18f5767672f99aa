#pragma once
// What every project-bound verb does first: load the project from the global
// options, check the services named on its command line, and on failure print
// the error as docker compose does (its words, one line on stderr) so the verb
// only returns the status it is given (docker compose's: 14 for a missing
// file, 15 for an invalid project, 1 for an unknown service or an engine error).

#include "base/error.h"
#include "api/client/client.h"
#include "compose/compose_project.h"
#include "compose/converge/plan.h"
#include "compose/project_model.h"

#include <expected>
#include <functional>
#include <iosfwd>
#include <set>
#include <string>

namespace berth::compose::cli {

// A value, or the verb's exit status once the reason has been printed.
template <typename T>
using OrStatus = std::expected<T, int>;

// The project, or the status after printing why not ("no such service: NAME"
// for a name in `services` the project does not define).
OrStatus<ComposeProject> load_project_or_report(const ComposeOptions& options, std::ostream& err,
                                                const std::set<std::string>& services = {});

// What a verb over the project's services works with (with_project).
struct ProjectScope {
    const ComposeProject& project;
    const ProjectModel& model;
    api::EngineClient& client;
};

// The tail the service verbs (build, pull, push, events) share once their flags
// are read: a `flag_error` is printed (status 1), then the project is loaded
// and `services` checked, its model typed and the engine at `host` opened for
// `body`, whose status is the verb's.
int with_project(const std::string& flag_error, const ComposeOptions& options, const std::string& host,
                 const std::set<std::string>& services, std::ostream& err,
                 const std::function<int(const ProjectScope&)>& body);

// The project, and its containers of `services` (all when empty), one-off ones
// only when `with_oneoff`, sorted by name; the status after printing why not.
struct ServiceContainers {
    ComposeProject project;
    std::vector<converge::ObservedContainer> containers;
};
OrStatus<ServiceContainers> load_containers_or_report(const ComposeOptions& options,
                                                     const std::set<std::string>& services, api::EngineClient& client,
                                                     std::ostream& err, bool with_oneoff = false);

// Prints `error`'s message on its own line; returns the verbs' failure status, 1.
int report_error(const Error& error, std::ostream& err);

} // namespace berth::compose::cli
