#pragma once
// `berth compose build [--build-arg K=V]... [--no-cache] [--pull] [-q] [SERVICE...]`:
// each service with a `build:` section built through the engine's POST /build
// (the classic builder, as docker compose with DOCKER_BUILDKIT=0): the context
// directory sent as a tar, `dockerfile`, `args` (then --build-arg over them),
// `target`, `labels` plus com.docker.compose.image.builder=classic, and tagged
// with the service's image (`image:`, else `<project>-<service>`) and
// `build.tags`. The build's output goes to stdout unless -q; progress lines
// " web Building" / " web Built" to stderr. A failed build stops with the
// builder's message and, as the docker CLI, the failed RUN's exit code as the
// status (1 when the builder gives none). The context's `.dockerignore` is
// applied before sending, as the docker CLI does (the Dockerfile and the
// .dockerignore itself always go). `dockerfile_inline`, or a Dockerfile outside
// the context, goes in the tar as the docker CLI adds one (.dockerfile.<random>,
// named in the .dockerignore sent). `network`, `extra_hosts`, `shm_size`,
// `cache_from` (image references) and one of `platforms` are sent as `docker
// build` sends them; docker compose 2.26's classic path drops the last three,
// which BuildKit honours. Several platforms, `privileged`,
// `additional_contexts`, `ssh` and `secrets` are refused before any build, in
// docker compose's words for the classic builder (status 1).

#include "compose/compose_project.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace berth::compose::cli {

int run_build(const std::vector<std::string>& args, const ComposeOptions& options, const std::string& host,
              std::ostream& out, std::ostream& err);

} // namespace berth::compose::cli
