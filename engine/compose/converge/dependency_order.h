#pragma once
// The order services start in (each after the services it depends on) and stop
// in (the reverse), and the closure `up web` brings up (web and what it needs).
// Ties are broken by name so that the order, and the progress lines, are stable.

#include "base/error.h"
#include "compose/project_model.h"

#include <set>
#include <string>
#include <vector>

namespace berth::compose::converge {

// `selected` plus every service they depend on (transitively), through
// dependencies that are required or whose service exists.
std::set<std::string> with_dependencies(const ProjectModel& project, const std::set<std::string>& selected);

// The services of `subset` (all when empty), dependencies first; a cycle is an
// Invalid error naming it, as docker compose does ("dependency cycle detected: a -> b -> a").
Result<std::vector<std::string>> start_order(const ProjectModel& project, const std::set<std::string>& subset = {});

} // namespace berth::compose::converge
