#pragma once
// `berth compose events [--json] [SERVICE...]`: the project's container events
// from GET /events (filtered by the project label), until Ctrl+C, printed as
// docker compose 2.26 prints them: "2026-12-06 20:00:00.123456 container start
// <id> (image=bb, name=demo-web-1, ...)" or, with --json, one object a line
// {"action", "attributes", "id", "service", "time", "type"}.

#include "compose/compose_project.h"

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_events(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
               std::ostream& out, std::ostream& err);

// One engine event (GET /events JSON) as docker compose prints it; empty when not a container's.
std::string event_text(const nlohmann::json& event, bool json);

} // namespace berth::compose::cli
