#pragma once
// `berth compose [global flags] COMMAND [flags]`, the command line that behaves
// like `docker compose`: same flags, output, error words and exit codes. Qt-free,
// so `berth compose` runs without a display; app/berth/main.cpp hands it argv
// before any QApplication exists.
//
// Global flags: -f/--file (repeatable), -p/--project-name, --env-file
// (repeatable), --profile (repeatable), --project-directory; COMPOSE_FILE (with
// COMPOSE_PATH_SEPARATOR) when no -f, COMPOSE_PROJECT_NAME and COMPOSE_PROFILES
// as the loader reads them.
// -H/--host (else DOCKER_HOST, else berthd's socket) names the engine.
// Commands: config (config_command.h); up -d, down, ps (converge_commands.h).
// The other verbs are not built yet and say so with exit status 1.

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

// `args` are the words after "compose". Returns the process exit status.
int run_compose(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
