#pragma once
// `berth compose exec [-d] [-T] [-e K=V] [-u USER] [-w DIR] [--index N]
// [--privileged] SERVICE COMMAND...`: an exec in the service's running
// container #N over a hijacked /exec/{id}/start; stdin copied in (then
// half-closed), stdout and stderr demultiplexed out, the command's exit code
// returned. Without -T on a terminal, the exec gets a TTY and the terminal is
// put in raw mode for it; otherwise (-T, or stdin not a terminal) no TTY.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_exec(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
