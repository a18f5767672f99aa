#pragma once
// `berth compose watch [--no-up] [--quiet] [--prune] [SERVICE...]`, as docker
// compose 2.26: the project brought up first (`up -d`, unless --no-up), then
// each service's `develop.watch` rules followed until SIGINT or SIGTERM.
// Changes are gathered until 500 ms pass without one (compose's quiet period);
// then, per service, `rebuild` builds it and recreates its containers, `sync`
// copies what changed into each running container through the archive API
// (PUT /containers/{id}/archive; a path gone is removed there with `rm -rf`,
// an exec) and `sync+restart` also restarts them. Its lines, on stdout, are
// docker compose's: "Watch enabled", "Syncing "web" after changes were
// detected", "Rebuilding service "web" after changes were detected...".
// Rules: watch_rules.h; the filesystem: file_watcher.h.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_watch(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
              std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
