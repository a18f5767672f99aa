#!/usr/bin/env bash
# RUN --mount=type=bind (the classic builder, DOCKER_BUILDKIT=0) against berthd
# with the real docker CLI: a RUN reads a bound context file and writes its
# result into the layer, the bound file (and its mount point) absent from the
# image; a directory source with .dockerignore applied; a rw bind whose write
# goes nowhere (neither the image nor the context the next COPY reads); a bind
# from a stage (built first) and from an image; the cache missing when a bound
# file changes and hitting when an unrelated one does, a cached RUN making no
# copy of what it binds (watched with inotify); the mounts' values expanded
# with the ARGs and ENV in scope, `from=$STAGE` refused as BuildKit refuses it;
# `source=../x` refused.
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

# watch_creations DIR OUT: from now on, the names made in DIR (inotify's
# IN_CREATE) are written to OUT, one a line, by a helper the trap kills.
watch_creations() {
    local dir=$1 out=$2
    [[ -z ${WATCH_PID:-} ]] || kill "$WATCH_PID" 2>/dev/null || true # one watch at a time
    rm -f "$out" "$out.ready"
    python3 - "$dir" "$out" <<'PY' &
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.inotify_init1(0)
if fd < 0 or libc.inotify_add_watch(fd, sys.argv[1].encode(), 0x100) < 0:  # IN_CREATE
    sys.exit("inotify on " + sys.argv[1] + ": " + os.strerror(ctypes.get_errno()))
with open(sys.argv[2], "w", buffering=1) as out:
    open(sys.argv[2] + ".ready", "w").close()
    while True:
        data, at = os.read(fd, 65536), 0
        while at < len(data):
            length = struct.unpack_from("iIII", data, at)[3]
            out.write(data[at + 16:at + 16 + length].rstrip(b"\0").decode() + "\n")
            at += 16 + length
PY
    WATCH_PID=$!
    track_helper "$WATCH_PID"
    until [[ -e $out.ready ]]; do
        kill -0 "$WATCH_PID" 2>/dev/null || fail "watching $dir for new entries"
        sleep 0.02
    done
}
# bind_copies OUT: how many RUN --mount=type=bind copies were made while watched.
bind_copies() { sleep 0.2; grep -c '^run-bind-[^.]*$' "$1" || true; }

step "the cache: a changed bound file misses, an unrelated change hits"
scratch="$(data_root_of main)/tmp/images"
[[ -d $scratch ]] || fail "no scratch directory $scratch after a build with bind mounts"
watch_creations "$scratch" "$ACC_TMP/made"
build_ok "$ctx" -t bind:2
expect_eq "a rebuild takes every step from the cache" "8" "$BUILD_HITS"
expect_eq "a cached RUN copies nothing it binds (only checksums it)" "0" "$(bind_copies "$ACC_TMP/made")"
expect_eq "the same image" "$(docker image inspect bind:1 --format '{{.Id}}')" "$(docker image inspect bind:2 --format '{{.Id}}')"
echo unrelated-2 >"$ctx/other.txt"
echo hidden-changed >"$ctx/conf/private.key" # ignored: no step sees it
build_ok "$ctx" -t bind:3
expect_eq "an unrelated change: hits up to the COPY that reads it" "7" "$BUILD_HITS"
echo "changed-$RANDOM" >"$ctx/in.txt"
watch_creations "$scratch" "$ACC_TMP/made"
build_ok "$ctx" -t bind:4
expect_eq "a changed bound file misses from its RUN on" "1" "$BUILD_HITS"
expect_eq "the RUNs that missed copied what they bind (the watch sees copies)" "5" "$(bind_copies "$ACC_TMP/made")"
expect_eq "the RUN saw the new content" "$(cat "$ctx/in.txt")" "$(timeout 30 docker run --rm bind:4 cat /result.txt)"
echo b2 >"$ctx/conf/sub/b.conf"
build_ok "$ctx" -t bind:5
expect_eq "a changed file below a bound directory misses from its RUN on" "2" "$BUILD_HITS"

step "RUN --mount values expand with the ARGs and ENV in scope (bind, cache, tmpfs); from= refuses variables"
exp="$ACC_TMP/expand"
mkdir -p "$exp/conf"
echo expanded-a >"$exp/conf/a.conf"
cat >"$exp/Dockerfile" <<'EOF'
FROM bb:1 AS gen
RUN mkdir /out && echo gen-out >/out/made.txt
FROM bb:1
ARG SRC=conf
ENV DIR=/in
ARG CACHE=c1
RUN --mount=type=bind,source=$SRC,target=$DIR cat /in/a.conf >/bind-seen
RUN --mount=type=cache,id=cache-$CACHE,target=${DIR}-cache echo "$CACHE" >>/in-cache/runs && cat /in-cache/runs >/cache-seen
RUN --mount=type=tmpfs,target=$DIR-tmp grep -q " /in-tmp tmpfs " /proc/mounts && echo tmpfs-ok >/tmpfs-seen
RUN --mount=type=bind,from=gen,source=/out,target=$DIR-stage cat /in-stage/made.txt >/stage-seen
EOF
build_ok "$exp" -t expand:1
expect_eq "bind: source=\$SRC target=\$DIR" "expanded-a" "$(timeout 30 docker run --rm expand:1 cat /bind-seen)"
expect_eq "cache: id=cache-\$CACHE target=\${DIR}-cache" "c1" "$(timeout 30 docker run --rm expand:1 cat /cache-seen)"
expect_eq "tmpfs: target=\$DIR-tmp" "tmpfs-ok" "$(timeout 30 docker run --rm expand:1 cat /tmpfs-seen)"
expect_eq "bind from a stage: target=\$DIR-stage" "gen-out" "$(timeout 30 docker run --rm expand:1 cat /stage-seen)"
build_ok "$exp" -t expand:2 --build-arg CACHE=c2
expect_eq "another CACHE is another cache id: a cache of its own" "c2" "$(timeout 30 docker run --rm expand:2 cat /cache-seen)"
build_ok "$exp" -t expand:3 --build-arg CACHE=c1
expect_eq "the same words and values: every step from the cache" "8" "$BUILD_HITS"
# shellcheck disable=SC2016 # $STAGE is the Dockerfile's
printf 'FROM bb:1 AS gen\nFROM bb:1\nARG STAGE=gen\nRUN --mount=type=bind,from=$STAGE,target=/in true\n' >"$exp/Dockerfile"
build "$exp" -t expand:4
[[ $BUILD_STATUS != 0 ]] || fail "from=\$STAGE was built: $BUILD_OUT"
expect_contains "BuildKit's refusal" "'from' doesn't support variable expansion, define alias stage instead" "$BUILD_OUT"
[[ $BUILD_OUT != *"Step 1/"* ]] || fail "the refused build ran steps: $BUILD_OUT"

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
expect_eq "no bind copy left in berthd's scratch directory" "" "$(ls "$scratch" | grep run-bind || true)"

echo "PASS"
