#pragma once
// `berth compose push [--ignore-push-failures] [-q] [SERVICE...]`: as docker
// compose 2.26, the images of the services that are built and named (`build:`
// and `image:`, plus `build.tags`) pushed through POST /images/{name}/push with
// the registry credentials of the docker CLI's config (api/client/registry_auth.h); other
// services print " NAME Skipped". A push error ends with the registry's words
// and status 1 (with --ignore-push-failures: reported, status 0). Progress is
// one line per image ("Pushing", "Pushed"), not docker compose's per-layer lines.

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_push(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
             std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
