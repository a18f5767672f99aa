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

// logs [-f] [--tail N] [-t] [--since T] [--until T] [--no-log-prefix] [--no-color] [SERVICE...]
int run_logs(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err);

struct AttachOptions {
    std::set<std::string> services; // empty: all; the ones stopped on Ctrl+C
    std::set<std::string> attach;    // up --attach: only these are followed (empty: `services`)
    std::set<std::string> no_attach; // up --no-attach: never followed
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

// Whether docker compose would colour output to stdout: --ansi always/never, else
// (auto) a terminal without NO_COLOR.
bool colour_wanted();
// The global --ansi flag: "never", "always" or "auto"; false for another word.
bool set_ansi_mode(const std::string& mode);

// The docker CLI's GetTimestamp for --since/--until: a Go duration ("10m") is
// `now` less it, in Unix seconds; RFC 3339 and its shorter forms (a date, no
// seconds, no zone: local time) are "seconds.nanoseconds"; a Unix timestamp
// passes as it is. Invalid: the docker CLI's words.
Result<std::string> api_timestamp(const std::string& value, int64_t now_seconds);

} // namespace berth::compose::cli
