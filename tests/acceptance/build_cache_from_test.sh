#!/usr/bin/env bash
# docker build --cache-from (the classic builder, DOCKER_BUILDKIT=0) against
# berthd with the real docker CLI and Debian's docker-registry on loopback: the
# CI workflow of building, pushing, then on a machine without the build's
# cache pulling the image and building again with --cache-from it. Every step
# is taken from the pulled image's history (the same layers, the pulled image
# itself at the end, also after the sources' times change); without
# --cache-from nothing is; a changed COPY'd file,
# build arg or WORKDIR misses from that step on; a --cache-from image that does
# not exist is skipped as dockerd skips it (a line in the daemon's log).
#   build_cache_from_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/build_lib.sh"
acc_setup "$@"
need_busybox
[[ -x $REGISTRY_BIN ]] || skip "docker-registry is not installed"
use_daemon main
export DOCKER_BUILDKIT=0

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -c . | timeout 60 docker import - bb:1 >/dev/null || fail "docker import"
start_registry plain
reg="$(registry_addr plain)"

layers() { docker image inspect "$1" --format '{{json .RootFS.Layers}}'; }
image_id() { docker image inspect "$1" --format '{{.Id}}'; }

ctx="$ACC_TMP/app"
mkdir -p "$ctx/lib"
echo hello >"$ctx/hello.txt"
echo lib >"$ctx/lib/util.sh"
# 11 steps: config-only ones, layers from WORKDIR, COPY and RUN, a RUN that
# changes nothing (an empty layer).
cat >"$ctx/Dockerfile" <<'EOF'
FROM bb:1
ARG V=1
ARG DIR=/app
ENV A=1
WORKDIR $DIR
COPY hello.txt ./
COPY lib/ lib/
RUN echo "run $V" | tee run.txt
RUN true
LABEL org.example.app=cache-from
CMD ["cat", "run.txt"]
EOF

step "build, push, and remove the image and every trace of its build"
build_ok "$ctx" -t "$reg/app:1"
built_layers="$(layers "$reg/app:1")"
built_id="$(image_id "$reg/app:1")"
timeout 60 docker push "$reg/app:1" >/dev/null || fail "docker push $reg/app:1"
docker rmi "$reg/app:1" >/dev/null || fail "docker rmi $reg/app:1"
docker builder prune -af >/dev/null || fail "docker builder prune -af"
expect_eq "only the base is left" "$(image_id bb:1)" "$(docker images -aq --no-trunc)"

step "pulled: a build without --cache-from takes nothing from the cache (no parent chain), as Docker"
timeout 60 docker pull "$reg/app:1" >/dev/null || fail "docker pull $reg/app:1"
expect_eq "the pulled image is the one pushed" "$built_id" "$(image_id "$reg/app:1")"
build_ok "$ctx" -t plain:1
expect_eq "cache hits without --cache-from" "0" "$BUILD_HITS"

step "--cache-from the pulled image: every step from the cache, the same layers"
build_ok "$ctx" -t cf:1 --cache-from "$reg/app:1"
expect_eq "cache hits with --cache-from" "10" "$BUILD_HITS"
[[ $BUILD_OUT != *"Running in"* ]] || fail "a step ran a container: $BUILD_OUT"
expect_eq "the layers" "$built_layers" "$(layers cf:1)"
expect_eq "the result is the pulled image itself, as dockerd makes it" "$built_id" "$(image_id cf:1)"
expect_eq "what the image runs" "run 1" "$(timeout 30 docker run --rm cf:1)"
# Only the times changed, as in a fresh checkout: still every step (Docker's
# COPY checksum, tarsum v1, leaves times out).
touch -d 2001-02-03T04:05:06 "$ctx/hello.txt" "$ctx/lib" "$ctx/lib/util.sh"
build_ok "$ctx" -t cf:2 --cache-from "$reg/app:1"
expect_eq "again, the files touched: cache hits" "10" "$BUILD_HITS"
expect_eq "again: the same image" "$built_id" "$(image_id cf:2)"

step "a --cache-from image that does not exist is skipped (dockerd's log line); alone it leaves no cache"
build_ok "$ctx" -t cf:3 --cache-from "$reg/nothing:1" --cache-from "$reg/app:1"
expect_eq "cache hits beside a missing --cache-from image" "10" "$BUILD_HITS"
grep -q "Could not look up $reg/nothing:1 for cache resolution, skipping" "$(log_of main)" ||
    fail "no log line for the missing --cache-from image"
build_ok "$ctx" -t cf:4 --cache-from "$reg/nothing:1"
expect_eq "cache hits when no --cache-from image exists (as dockerd)" "0" "$BUILD_HITS"

step "a changed COPY'd file misses from its step on"
echo changed >"$ctx/hello.txt"
build_ok "$ctx" -t cf:changed --cache-from "$reg/app:1"
expect_eq "cache hits before the changed COPY (ARG, ARG, ENV, WORKDIR)" "4" "$BUILD_HITS"
expect_contains "the RUN after it ran" "run 1" "$BUILD_OUT"
expect_eq "the changed file" "changed" "$(timeout 30 docker run --rm cf:changed cat hello.txt)"
echo hello >"$ctx/hello.txt"

step "a changed build arg misses at the RUN that sees it; a changed WORKDIR at the WORKDIR"
build_ok "$ctx" -t cf:arg --cache-from "$reg/app:1" --build-arg V=2
expect_eq "cache hits before the RUN" "6" "$BUILD_HITS"
expect_eq "the RUN with the new value" "run 2" "$(timeout 30 docker run --rm cf:arg)"
build_ok "$ctx" -t cf:dir --cache-from "$reg/app:1" --build-arg DIR=/srv
expect_eq "cache hits before the WORKDIR" "3" "$BUILD_HITS"
expect_eq "the new WORKDIR holds the files" "hello" "$(timeout 30 docker run --rm cf:dir cat /srv/hello.txt)"
timeout 30 docker run --rm cf:dir test ! -e /app || fail "the cached image's /app reached a build with DIR=/srv"
expect_eq "no container left" "" "$(docker ps -aq)"
echo "PASS"
