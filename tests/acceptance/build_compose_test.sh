#!/usr/bin/env bash
# `docker compose build` (docker compose v2, as Debian ships it) of a
# two-service project against berthd. With DOCKER_BUILDKIT=0 compose sends
# each service to the classic POST /build (the two at once), adding its
# com.docker.compose.image.builder=classic label; the images are named as
# compose names them (`image:` or <project>-<service>), build args and
# target reach the builder, and a second build comes from the cache.
# Without DOCKER_BUILDKIT=0 compose wants BuildKit (buildx's docker-container
# driver, pulling moby/buildkit), which berthd does not offer: not run here.
#   build_compose_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
docker compose version >/dev/null 2>&1 || skip "the docker compose plugin is not installed"
use_daemon main
export DOCKER_BUILDKIT=0

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -c . | timeout 60 docker import - bb:1 >/dev/null || fail "docker import"

project="cb$(acc_unique_name)"
dir="$ACC_TMP/$project"
mkdir -p "$dir/web" "$dir/worker"
echo "web page" >"$dir/web/index.html"
cat >"$dir/web/Dockerfile" <<'EOF'
FROM bb:1
ARG FLAVOUR=plain
COPY index.html /www/index.html
RUN echo "flavour $FLAVOUR" >/www/flavour
CMD ["cat", "/www/flavour", "/www/index.html"]
EOF
cat >"$dir/worker/Dockerfile" <<'EOF'
FROM bb:1 AS base
RUN echo worker-base >/base
FROM base AS dev
RUN echo dev >/kind
FROM base AS prod
RUN echo prod >/kind
CMD ["cat", "/base", "/kind"]
EOF
cat >"$dir/compose.yaml" <<YAML
services:
  web:
    build:
      context: ./web
      args:
        FLAVOUR: salted
    image: $project-web-image:1
  worker:
    build:
      context: ./worker
      target: prod
YAML

step "docker compose build: both services, named as compose names them"
out="$(cd "$dir" && timeout 120 docker compose -p "$project" build 2>&1)" || fail "docker compose build: $out"
expect_eq "web (image:)" "flavour salted
web page" "$(timeout 30 docker run --rm "$project-web-image:1")"
expect_eq "worker (<project>-<service>, target prod)" "worker-base
prod" "$(timeout 30 docker run --rm "$project-worker")"
expect_eq "compose's builder label" "classic" \
    "$(docker image inspect "$project-worker" --format '{{index .Config.Labels "com.docker.compose.image.builder"}}')"
[[ $out != *"RUN echo dev"* ]] || fail "the unneeded dev stage was built: $out"

step "a second build comes from the cache; a changed file rebuilds only its service"
web_id="$(docker image inspect "$project-web-image:1" --format '{{.Id}}')"
worker_id="$(docker image inspect "$project-worker" --format '{{.Id}}')"
out="$(cd "$dir" && timeout 120 docker compose -p "$project" build 2>&1)" || fail "docker compose build again: $out"
[[ $out != *"Running in"* ]] || fail "a cached rebuild ran a container: $out"
expect_eq "web unchanged" "$web_id" "$(docker image inspect "$project-web-image:1" --format '{{.Id}}')"
echo "new page" >"$dir/web/index.html"
out="$(cd "$dir" && timeout 120 docker compose -p "$project" build web 2>&1)" || fail "docker compose build web: $out"
expect_eq "web rebuilt" "flavour salted
new page" "$(timeout 30 docker run --rm "$project-web-image:1")"
expect_eq "worker untouched" "$worker_id" "$(docker image inspect "$project-worker" --format '{{.Id}}')"

step "a failing service build fails compose build"
printf 'FROM bb:1 AS prod\nRUN exit 7\n' >"$dir/worker/Dockerfile"
status=0
out="$(cd "$dir" && timeout 120 docker compose -p "$project" build worker 2>&1)" || status=$?
[[ $status != 0 ]] || fail "docker compose build of a failing service succeeded: $out"
expect_contains "the failure" "returned a non-zero code: 7" "$out"
expect_eq "no container left" "" "$(docker ps -aq)"
echo "PASS"
