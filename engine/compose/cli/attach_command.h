#pragma once
// `berth compose attach [--index N] [--no-stdin] [--sig-proxy] [--detach-keys K]
// SERVICE`: as docker compose 2.26 through the docker CLI's `attach`: the
// service's running container (#N, else the first) attached over a hijacked
// POST /containers/{id}/attach; its stdout and stderr copied out (raw with a
// TTY), stdin copied in unless --no-stdin or the container has no open stdin;
// when the stream ends, the container's exit code is the status. A stopped or
// paused container is refused with the docker CLI's words.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_attach(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
               std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
