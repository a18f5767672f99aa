#pragma once
// `berth compose config`: the normalised project printed as `docker compose
// config` prints it — YAML by default, `--format json`, or one list:
// `--services`, `--volumes`, `--profiles`, `--images`; `-q` only validates;
// `--no-interpolate` leaves `${VAR}` as written; `--hash "*"|a,b` prints each
// service's config hash (service_hash.h). Not built: `--output`,
// `--no-normalize`, `--no-path-resolution`, `--no-consistency`,
// `--resolve-image-digests`.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

// `args` are the words after "config"; `options` holds the global flags.
int run_config(const std::vector<std::string>& args, ComposeOptions options, std::ostream& out, std::ostream& err);

// docker compose's (cobra's) status for an unknown flag or a flag missing its value.
inline constexpr int kUsageError = 16;

// The exit status docker compose gives a loading error: 14 when a file is
// missing, 15 for an invalid project.
int exit_status_for(const Error& error);

} // namespace berth::compose::cli
