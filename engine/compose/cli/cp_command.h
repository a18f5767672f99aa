#pragma once
// `berth compose cp [--index N] [-a] [-L] SERVICE:SRC DEST|-` and
// `berth compose cp SRC|- SERVICE:DEST`, as docker compose 2.26 with the docker
// CLI's path rules: from a service, its first running container (or #N);
// to a service, each running container (or #N). The container side is
// GET/HEAD/PUT /containers/{id}/archive; the host side local_archive.h. A
// destination that exists as a directory receives the source under its own
// name; one that does not exist becomes the source's new name. Progress: " NAME
// copy SRC to DEST Copying" then "Copied", on stderr, as docker compose prints.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_cp(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
           std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
