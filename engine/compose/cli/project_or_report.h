#pragma once
// What every project-bound verb does first: load the project from the global
// options, check the services named on its command line, and on failure print
// the error as docker compose does (its words, one line on stderr) so the verb
// only returns 1.

#include "base/error.h"
#include "api/client/client.h"
#include "compose/compose_project.h"
#include "compose/converge/plan.h"

#include <iosfwd>
#include <optional>
#include <set>
#include <string>

namespace berth::compose::cli {

// The project, or nullopt after printing why not ("no such service: NAME" for a
// name in `services` the project does not define).
std::optional<ComposeProject> load_project_or_report(const ComposeOptions& options, std::ostream& err,
                                                     const std::set<std::string>& services = {});

// The project, and its containers of `services` (all when empty), one-off ones
// only when `with_oneoff`, sorted by name; nullopt after printing why not.
struct ServiceContainers {
    ComposeProject project;
    std::vector<converge::ObservedContainer> containers;
};
std::optional<ServiceContainers> load_containers_or_report(const ComposeOptions& options,
                                                           const std::set<std::string>& services,
                                                           api::EngineClient& client, std::ostream& err,
                                                           bool with_oneoff = false);

// Prints `error`'s message on its own line; returns the verbs' failure status, 1.
int report_error(const Error& error, std::ostream& err);

} // namespace berth::compose::cli
