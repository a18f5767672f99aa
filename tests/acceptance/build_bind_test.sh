#!/usr/bin/env bash
# RUN --mount=type=bind (the classic builder, DOCKER_BUILDKIT=0) against berthd
# with the real docker CLI: a RUN reads a bound context file and writes its
# result into the layer, the bound file (and its mount point) absent from the
# image; a directory source with .dockerignore applied; a rw bind whose write
# goes nowhere (neither the image nor the context the next COPY reads); a bind
# from a stage (built first) and from an image; the cache missing when a bound
# file changes and hitting when an unrelated one does; `source=../x` refused.
#   build_bind_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/build_lib.sh"
build_setup "$@"

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -c . | timeout 60 docker import - bb:1 >/dev/null || fail "docker import"

step "a bound context file read by RUN, its result in the layer, the file itself not"
ctx="$ACC_TMP/bind"
mkdir -p "$ctx/conf/sub"
echo "input-$RANDOM" >"$ctx/in.txt"
echo unrelated-1 >"$ctx/other.txt"
echo a >"$ctx/conf/a.conf"
echo b >"$ctx/conf/sub/b.conf"
echo hidden >"$ctx/conf/private.key"
printf 'conf/*.key\n' >"$ctx/.dockerignore"
cat >"$ctx/Dockerfile" <<'EOF'
FROM bb:1 AS gen
RUN mkdir /out && echo from-stage >/out/made.txt
FROM bb:1
RUN --mount=type=bind,source=in.txt,target=/mnt/in.txt cp /mnt/in.txt /result.txt
RUN --mount=type=bind,src=conf,dst=/c find /c | sort >/conf-list && (touch /c/ro 2>/dev/null && echo writable || echo read-only) >/conf-ro
RUN --mount=type=bind,source=conf,target=/c,rw echo scribble >/c/a.conf && echo added >/c/new && cat /c/a.conf >/rw-seen
COPY conf/a.conf /copied-a.conf
RUN --mount=type=bind,from=gen,source=/out,target=/from-stage cat /from-stage/made.txt >/stage-seen
RUN --mount=type=bind,from=bb:1,source=/bin/busybox,target=/image-busybox test -x /image-busybox && echo image-ok >/image-seen
COPY other.txt /other.txt
EOF
build_ok "$ctx" -t bind:1
expect_eq "the RUN read the bound file" "$(cat "$ctx/in.txt")" "$(timeout 30 docker run --rm bind:1 cat /result.txt)"
expect_eq "nothing of the bind (nor its mount point) in the image" "absent" \
    "$(timeout 30 docker run --rm bind:1 sh -c 'test -e /mnt/in.txt || test -e /mnt || echo absent')"
expect_eq "a directory bound as COPY sees the context (.dockerignore applied)" "/c /c/a.conf /c/sub /c/sub/b.conf" \
    "$(timeout 30 docker run --rm bind:1 cat /conf-list | tr '\n' ' ' | sed 's/ $//')"
expect_eq "read-only by default" "read-only" "$(timeout 30 docker run --rm bind:1 cat /conf-ro)"
expect_eq "rw: the RUN can write" "scribble" "$(timeout 30 docker run --rm bind:1 cat /rw-seen)"
expect_eq "rw: the write is not in the image" "absent" \
    "$(timeout 30 docker run --rm bind:1 sh -c 'test -e /c || echo absent')"
expect_eq "rw: the context is untouched (the next COPY reads the original)" "a" \
    "$(timeout 30 docker run --rm bind:1 cat /copied-a.conf)"
[[ ! -e $ctx/conf/new ]] || fail "a rw bind wrote into the client's context"
expect_eq "from a stage: the stage built first, its files bound" "from-stage" \
    "$(timeout 30 docker run --rm bind:1 cat /stage-seen)"
expect_eq "from an image" "image-ok" "$(timeout 30 docker run --rm bind:1 cat /image-seen)"
expect_contains "the bound content's checksum in the step's history" "--mount=type=bind,source=in.txt,target=/mnt/in.txt file:" \
    "$(docker history --no-trunc bind:1 --format '{{.CreatedBy}}')"

step "the cache: a changed bound file misses, an unrelated change hits"
build_ok "$ctx" -t bind:2
expect_eq "a rebuild takes every step from the cache" "8" "$BUILD_HITS"
expect_eq "the same image" "$(docker image inspect bind:1 --format '{{.Id}}')" "$(docker image inspect bind:2 --format '{{.Id}}')"
echo unrelated-2 >"$ctx/other.txt"
echo hidden-changed >"$ctx/conf/private.key" # ignored: no step sees it
build_ok "$ctx" -t bind:3
expect_eq "an unrelated change: hits up to the COPY that reads it" "7" "$BUILD_HITS"
echo "changed-$RANDOM" >"$ctx/in.txt"
build_ok "$ctx" -t bind:4
expect_eq "a changed bound file misses from its RUN on" "1" "$BUILD_HITS"
expect_eq "the RUN saw the new content" "$(cat "$ctx/in.txt")" "$(timeout 30 docker run --rm bind:4 cat /result.txt)"
echo b2 >"$ctx/conf/sub/b.conf"
build_ok "$ctx" -t bind:5
expect_eq "a changed file below a bound directory misses from its RUN on" "2" "$BUILD_HITS"

step "a source outside the context, a missing source: clear errors, nothing left"
bad="$ACC_TMP/bad"
mkdir -p "$bad"
echo x >"$bad/x"
ln -s /etc/passwd "$bad/link"
printf 'FROM bb:1\nRUN --mount=type=bind,source=../x,target=/x cat /x\n' >"$bad/Dockerfile"
build "$bad" -t bad:1
[[ $BUILD_STATUS != 0 ]] || fail "a bind of ../x built: $BUILD_OUT"
expect_contains "source=../x" "forbidden path outside the build context: ../x" "$BUILD_OUT"
printf 'FROM bb:1\nRUN --mount=type=bind,source=link,target=/x cat /x >/leak\n' >"$bad/Dockerfile"
build "$bad" -t bad:2
[[ $BUILD_STATUS != 0 ]] || fail "a symlink leading out was bound: $BUILD_OUT"
expect_contains "a symlink out resolves inside the context, where nothing is" "file not found in build context" "$BUILD_OUT"
printf 'FROM bb:1\nRUN --mount=type=bind,source=missing,target=/x true\n' >"$bad/Dockerfile"
build "$bad" -t bad:3
expect_contains "a missing source" "file not found in build context" "$BUILD_OUT"
printf 'FROM bb:1\nRUN --mount=type=secret,id=s true\n' >"$bad/Dockerfile"
build "$bad" -t bad:4
expect_contains "type=secret stays a clear error" "RUN --mount=type=secret is not supported" "$BUILD_OUT"
docker image inspect bad:1 >/dev/null 2>&1 && fail "the refused build was tagged"
expect_eq "no container left" "" "$(docker ps -aq)"
expect_eq "no bind copy left in berthd's scratch directory" "" "$(ls "$(data_root_of main)/tmp" 2>/dev/null | grep run-bind || true)"

echo "PASS"
