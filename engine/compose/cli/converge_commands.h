#pragma once
// `berth compose up -d`, `down`, `ps`, `start`, `stop` and `restart` over the converge library (converge/up.h),
// talking to `host` (-H, DOCKER_HOST, else berthd's default socket).

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

// `create_only`: the `create` verb (up --no-start; its flags are up's).
int run_up(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
           std::ostream& out, std::ostream& err, bool create_only = false);
int run_down(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err);
// start, stop, restart [SERVICE...]
int run_lifecycle(const std::string& verb, const std::vector<std::string>& args, const ComposeOptions& options,
                  const std::string& host, std::ostream& err);
// scale [--no-deps] SERVICE=N...: `up -d --no-recreate --scale` of those services.
int run_scale(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
              std::ostream& err);
int run_ps(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
           std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
