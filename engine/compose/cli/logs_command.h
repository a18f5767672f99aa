#pragma once
// `berth compose logs` and the attached part of `berth compose up`: the merged,
// prefixed, colour-keyed logs of a project's containers (log_printer.h), one
// stream per container (converge/log_stream.h) on its own thread and client.
// Attached `up` follows until every container has exited, one has exited with
// --abort-on-container-exit / --exit-code-from, or SIGINT/SIGTERM, which stops
// the project gracefully ("Gracefully stopping... (press Ctrl+C again to force)").

#include "compose/compose_project.h"

#include <iosfwd>
#include <set>
#include <string>
#include <vector>

namespace berth::compose::cli {

// logs [-f] [--tail N] [-t] [--no-log-prefix] [--no-color] [SERVICE...]
int run_logs(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err);

struct AttachOptions {
    std::set<std::string> services; // empty: all
    bool colour = true;
    bool prefix = true;
    bool abort_on_exit = false;
    std::string exit_code_from; // implies abort_on_exit
    std::string since;          // when `up` began: older lines (a restarted container's) are not shown again
};

// After `up` has converged: "Attaching to …", the merged logs, the end as
// described above. Returns the process's exit status.
int attach_project(const ComposeProject& project, const std::string& host, const AttachOptions& options,
                   std::ostream& out, std::ostream& err);

// Whether docker compose would colour output to stdout (a terminal, no NO_COLOR).
bool colour_wanted();

} // namespace berth::compose::cli
