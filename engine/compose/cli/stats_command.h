#pragma once
// `berth compose stats [--no-stream] [-a] [--no-trunc] [--format F] [SERVICE]`: one sample of
// each of the project's containers (running ones, all with -a; of SERVICE when
// named), printed as docker compose prints it through the docker CLI's
// `docker stats` table: CONTAINER ID, NAME, CPU %, MEM USAGE / LIMIT, MEM %,
// NET I/O, BLOCK I/O, PIDS, with the CLI's own arithmetic (CPU from the
// precpu sample, memory less the inactive file cache). Without --no-stream,
// the live view: the screen cleared (ESC[2J ESC[H) and the table redrawn with
// each new sample until interrupted. --format: table, json or a Go template
// subset (stats_format.h).

#include "compose/compose_project.h"

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_stats(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
              std::ostream& out, std::ostream& err);

// One table row from a GET /containers/{id}/stats?stream=0 answer (pure, tested alone).
std::vector<std::string> stats_row(const nlohmann::json& stats, const std::string& id, bool no_trunc);

} // namespace berth::compose::cli
