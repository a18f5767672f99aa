#pragma once
// `berth compose wait [--down-project] SERVICE...`: as docker compose 2.26, waits
// (POST /containers/{id}/wait, one stream per container) for every running
// container of the services, one-off ones included, printing
// `container "<id>" exited with status code N` as each exits; the status of the
// last one to exit is the process's. --down-project then takes the project down
// (orphans too). No running container: `no containers for project "NAME"`, 1.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

// The container's exit status once it has stopped (POST /containers/{id}/wait
// as a stream, on a client of its own: no request timeout cuts a long wait).
Result<int64_t> wait_for_exit(const std::string& host, const std::string& id);

int run_wait(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
