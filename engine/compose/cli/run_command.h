#pragma once
// `berth compose run [-d] [--rm] [-T] [-e K=V] [--name N] [--no-deps]
// [--entrypoint CMD] [-u USER] [-w DIR] [--service-ports] SERVICE [COMMAND...]`:
// the service's dependencies brought up (unless --no-deps), then a one-off
// container (label com.docker.compose.oneoff=True and a slug, named
// <project>-<service>-run-<12 hex>) created from the service with the command
// given, attached (stdin in, output out) and waited for; its exit code is the
// status; --rm removes it after. No ports published without --service-ports
// and no restart policy, as docker compose does.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_run(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
            std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
