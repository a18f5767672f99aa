#!/usr/bin/env bash
# docker build (the classic builder, DOCKER_BUILDKIT=0) against berthd with the
# real docker CLI: a Dockerfile using most instructions checked by docker run
# and docker inspect; multi-stage with --target and COPY --from; .dockerignore;
# build args and the unconsumed-args warning; ADD of a local tar; FROM scratch;
# the build cache (hits, misses on a changed file or build arg, --no-cache);
# -f with a path and from stdin, --compress; FROM an image pulled from a local registry;
# ONBUILD; a failing RUN (message, exit code, nothing tagged, no container
# left); unsupported parameters and a hostile context refused; independent
# stages in parallel (and a failing one stopping the other); `docker build`
# without DOCKER_BUILDKIT=0, /session and version=2 answering 501, /build/prune.
#   build_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/build_lib.sh"
build_setup "$@"

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
chmod 1777 "$rootfs/tmp"
tar -C "$rootfs" -c . | timeout 60 docker import - bb:1 >/dev/null || fail "docker import"


step "a Dockerfile with most instructions"
ctx="$ACC_TMP/app"
mkdir -p "$ctx/src/lib" "$ctx/node_modules/x" "$ctx/docs"
echo hello >"$ctx/hello.txt"
echo main >"$ctx/src/main.sh"
echo lib >"$ctx/src/lib/util.sh"
echo big >"$ctx/node_modules/x/index.js"
echo keep >"$ctx/docs/keep.md"
echo drop >"$ctx/docs/drop.md"
echo secret >"$ctx/secret.env"
mkdir -p "$ACC_TMP/archive/pkg" && echo packed >"$ACC_TMP/archive/pkg/packed.txt"
tar -C "$ACC_TMP/archive" -czf "$ctx/pkg.tar.gz" pkg
cat >"$ctx/.dockerignore" <<'EOF'
# local things
node_modules
**/*.env
docs/*.md
!docs/keep.md
EOF
cat >"$ctx/Dockerfile" <<'EOF'
ARG BASE=bb:1
FROM ${BASE}
MAINTAINER tester
ARG VERSION=0.1
ARG UNUSED_DEFAULT
ENV APP_HOME=/srv/app GREETING="hello world"
LABEL org.example.version=$VERSION org.example.name="the app"
WORKDIR $APP_HOME
COPY hello.txt ./
COPY src/ src/
COPY --chown=nobody:nogroup --chmod=640 hello.txt /owned/hello.txt
COPY docs /docs/
COPY *.txt /globbed/
ADD pkg.tar.gz /opt/
RUN echo "version $VERSION" >version.txt && echo "built with $GREETING"
SHELL ["/bin/sh", "-c"]
RUN ["/bin/sh", "-c", "echo exec-form >exec.txt"]
EXPOSE 8080 53/udp
VOLUME /data
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --retries=2 CMD cat version.txt
USER nobody
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat version.txt"]
ONBUILD RUN echo triggered >/tmp/onbuild.txt
EOF
build "$ctx" -t app:1 -t app:also --build-arg VERSION=2.5 --build-arg NOT_USED=1 --label from.cli=yes
[[ $BUILD_STATUS == 0 ]] || fail "docker build app: $BUILD_OUT"
expect_contains "the step lines" "Step 1/26 : ARG BASE=bb:1" "$BUILD_OUT"
expect_contains "the step lines" "Step 26/26 : LABEL" "$BUILD_OUT"
expect_contains "the RUN output" "built with hello world" "$BUILD_OUT"
expect_contains "the RUN container" " ---> Running in " "$BUILD_OUT"
expect_contains "the unconsumed build arg" "[Warning] One or more build-args [NOT_USED] were not consumed" "$BUILD_OUT"
expect_contains "the tags" "Successfully tagged app:1" "$BUILD_OUT"
expect_contains "the tags" "Successfully tagged app:also" "$BUILD_OUT"
built_id="$(sed -n 's/^Successfully built \([0-9a-f]*\)$/\1/p' <<<"$BUILD_OUT")"
[[ -n $built_id ]] || fail "no 'Successfully built' line: $BUILD_OUT"
expect_eq "the image ID" "$built_id" "$(docker image inspect app:1 --format '{{.Id}}' | cut -c8-19)"

expect_eq "CMD through ENTRYPOINT, as nobody, in WORKDIR" "version 2.5" "$(timeout 30 docker run --rm app:1)"
seen="$(timeout 30 docker run --rm --entrypoint /bin/sh app:1 -c \
    'id -u; pwd; cat hello.txt src/main.sh src/lib/util.sh exec.txt /opt/pkg/packed.txt /globbed/hello.txt /docs/keep.md; ls /docs; stat -c "%a %u:%g" /owned/hello.txt; echo "$GREETING"')"
expect_eq "the files, user, workdir and env" "65534
/srv/app
hello
main
lib
exec-form
packed
hello
keep
keep.md
640 65534:65534
hello world" "$seen"
timeout 30 docker run --rm --entrypoint /bin/sh app:1 -c 'test ! -e node_modules && test ! -e /srv/app/secret.env && test ! -e /globbed/secret.env' ||
    fail ".dockerignore: ignored files reached the image"
expect_eq "Config.Env" '["APP_HOME=/srv/app","GREETING=hello world"]' "$(docker image inspect app:1 --format '{{json .Config.Env}}')"
expect_eq "Config.User" "nobody" "$(docker image inspect app:1 --format '{{.Config.User}}')"
expect_eq "Config.WorkingDir" "/srv/app" "$(docker image inspect app:1 --format '{{.Config.WorkingDir}}')"
expect_eq "Config.Entrypoint" '["/bin/sh","-c"]' "$(docker image inspect app:1 --format '{{json .Config.Entrypoint}}')"
expect_eq "Config.Cmd" '["cat version.txt"]' "$(docker image inspect app:1 --format '{{json .Config.Cmd}}')"
expect_eq "Config.Labels" '{"from.cli":"yes","org.example.name":"the app","org.example.version":"2.5"}' \
    "$(docker image inspect app:1 --format '{{json .Config.Labels}}')"
expect_eq "Config.ExposedPorts" '{"53/udp":{},"8080/tcp":{}}' "$(docker image inspect app:1 --format '{{json .Config.ExposedPorts}}')"
expect_eq "Config.Volumes" '{"/data":{}}' "$(docker image inspect app:1 --format '{{json .Config.Volumes}}')"
expect_eq "Config.StopSignal" "SIGTERM" "$(docker image inspect app:1 --format '{{.Config.StopSignal}}')"
expect_eq "Config.Healthcheck" '{"Test":["CMD-SHELL","cat version.txt"],"Interval":30000000000,"Retries":2}' \
    "$(docker image inspect app:1 --format '{{json .Config.Healthcheck}}')"
expect_eq "Config.OnBuild" '["RUN echo triggered >/tmp/onbuild.txt"]' "$(docker image inspect app:1 --format '{{json .Config.OnBuild}}')"
expect_eq "Author" "tester" "$(docker image inspect app:1 --format '{{.Author}}')"
history="$(docker history --no-trunc app:1 --format '{{.CreatedBy}}|{{.Size}}')"
expect_contains "history: a config-only step" "#(nop)  EXPOSE 8080 53/udp|0B" "$history"
expect_contains "history: a RUN step" "/bin/sh -c echo \"version \$VERSION\"" "$history"
expect_eq "no container left" "" "$(docker ps -aq)"

step "the build cache: a rebuild reuses every step; a changed file, build arg or --no-cache does not"
build "$ctx" -t app:2 --build-arg VERSION=2.5 --label from.cli=yes
[[ $BUILD_STATUS == 0 ]] || fail "docker build app:2: $BUILD_OUT"
expect_eq "the cached rebuild's image" "$(docker image inspect app:1 --format '{{.Id}}')" \
    "$(docker image inspect app:2 --format '{{.Id}}')"
expect_eq "steps from the cache" "24" "$(grep -c -- ' ---> Using cache' <<<"$BUILD_OUT")"
[[ $BUILD_OUT != *"Running in"* ]] || fail "a cached rebuild ran a container: $BUILD_OUT"
echo changed >"$ctx/src/lib/util.sh"
build "$ctx" -t app:3 --build-arg VERSION=2.5 --label from.cli=yes
[[ $BUILD_STATUS == 0 ]] || fail "docker build app:3: $BUILD_OUT"
expect_eq "cache hits up to the changed COPY" "7" "$(grep -c -- ' ---> Using cache' <<<"$BUILD_OUT")"
expect_eq "the changed file" "changed" "$(timeout 30 docker run --rm app:3 'cat src/lib/util.sh')"
build "$ctx" -t app:4 --build-arg VERSION=3 --label from.cli=yes
expect_contains "a changed build arg reruns RUN" "built with hello world" "$BUILD_OUT"
expect_eq "the new arg" "version 3" "$(timeout 30 docker run --rm app:4)"
build "$ctx" -t app:5 --no-cache --build-arg VERSION=3 --label from.cli=yes
[[ $BUILD_STATUS == 0 && $BUILD_OUT != *"Using cache"* ]] || fail "--no-cache used the cache: $BUILD_OUT"
# --no-cache still writes COPY's history with the content checksum, as moby's
# classic builder does: the next build takes those steps from the cache.
nc="$ACC_TMP/nocache"
mkdir -p "$nc/d"
echo "nocache-$RANDOM$RANDOM" >"$nc/f"
echo "$RANDOM" >"$nc/d/g"
printf 'FROM bb:1\nCOPY f /f\nCOPY d /d/\n' >"$nc/Dockerfile"
build "$nc" -t nocache:1 --no-cache
[[ $BUILD_STATUS == 0 && $BUILD_OUT != *"Using cache"* ]] || fail "docker build --no-cache nocache:1: $BUILD_OUT"
expect_contains "the checksum in the --no-cache history" "COPY file:" "$(docker history --no-trunc nocache:1 --format '{{.CreatedBy}}')"
build "$nc" -t nocache:2
expect_eq "both COPY steps from the --no-cache build's cache" "2" "$(grep -c -- ' ---> Using cache' <<<"$BUILD_OUT")"
expect_eq "the same image" "$(docker image inspect nocache:1 --format '{{.Id}}')" "$(docker image inspect nocache:2 --format '{{.Id}}')"
expect_eq "no container left" "" "$(docker ps -aq)"

step "ONBUILD triggers run in a child build; -q prints only the ID"
child="$ACC_TMP/child"
mkdir -p "$child"
printf 'FROM app:1\nUSER root\n' >"$child/Dockerfile"
quiet="$(timeout 60 docker build -q -t child:1 "$child" 2>/dev/null)" || fail "docker build -q child"
[[ $quiet =~ ^sha256:[0-9a-f]{64}$ ]] || fail "docker build -q printed: $quiet"
expect_eq "the ID -q printed" "$quiet" "$(docker image inspect child:1 --format '{{.Id}}')"
expect_eq "the trigger's file" "triggered" "$(timeout 30 docker run --rm child:1 'cat /tmp/onbuild.txt')"
expect_eq "the triggers are not inherited" "null" "$(docker image inspect child:1 --format '{{json .Config.OnBuild}}')"

step "multi-stage: --target, COPY --from a stage and by index, FROM scratch; unneeded stages not built"
multi="$ACC_TMP/multi"
mkdir -p "$multi"
cat >"$multi/Dockerfile" <<'EOF'
FROM bb:1 AS builder
RUN mkdir /out && echo compiled >/out/app && echo builder-ran
FROM bb:1 AS broken
RUN echo broken-ran && false
FROM bb:1 AS test
COPY --from=builder /out/app /app
RUN echo tested
FROM scratch AS final
COPY --from=0 /out/app /app
COPY --from=bb:1 /bin/busybox /bin/busybox
CMD ["/bin/busybox", "cat", "/app"]
EOF
build "$multi" -t multi:test --target test
[[ $BUILD_STATUS == 0 ]] || fail "docker build --target test: $BUILD_OUT"
expect_contains "the builder stage" "builder-ran" "$BUILD_OUT"
[[ $BUILD_OUT != *broken-ran* ]] || fail "the unneeded stage was built: $BUILD_OUT"
expect_contains "steps count the needed stages" "Step 5/5 : RUN echo tested" "$BUILD_OUT"
expect_eq "the target's file" "compiled" "$(timeout 30 docker run --rm multi:test cat /app)"
build "$multi" -t multi:final
[[ $BUILD_STATUS == 0 ]] || fail "docker build final: $BUILD_OUT"
expect_eq "FROM scratch with files from a stage and an image" "compiled" "$(timeout 30 docker run --rm multi:final)"
expect_eq "the scratch image's layers" "2" "$(docker image inspect multi:final --format '{{len .RootFS.Layers}}')"
build "$multi" --target nope
[[ $BUILD_STATUS != 0 ]] || fail "a missing target built"
expect_contains "a missing target" "failed to reach build target nope in Dockerfile" "$BUILD_OUT"

step "parallel stages: independent stages run side by side, their steps printed in order; a failure stops the rest"
par="$ACC_TMP/parallel"
mkdir -p "$par"
# Each stage notes the kernel's uptime before and after its sleep: the two
# intervals overlap only if the stages ran at the same time.
cat >"$par/Dockerfile" <<'EOF'
FROM bb:1 AS left
RUN cut -d' ' -f1 /proc/uptime >/start && sleep 1 && cut -d' ' -f1 /proc/uptime >/end && echo left-done
FROM bb:1 AS right
RUN cut -d' ' -f1 /proc/uptime >/start && sleep 1 && cut -d' ' -f1 /proc/uptime >/end && echo right-done
FROM bb:1
COPY --from=left /start /left.start
COPY --from=left /end /left.end
COPY --from=right /start /right.start
COPY --from=right /end /right.end
EOF
build "$par" -t parallel:1
[[ $BUILD_STATUS == 0 ]] || fail "docker build parallel: $BUILD_OUT"
times="$(timeout 30 docker run --rm parallel:1 cat /left.start /left.end /right.start /right.end | tr '\n' ' ')"
awk -v t="$times" 'BEGIN { split(t, v, " "); exit !(v[1] < v[4] && v[3] < v[2]) }' ||
    fail "the stages ran one after the other (left start/end, right start/end: $times)"
expect_eq "the steps in the classic order" "1 2 3 4 5 6 7 8 9" \
    "$(sed -n 's|^Step \([0-9]*\)/9 : .*|\1|p' <<<"$BUILD_OUT" | tr '\n' ' ' | sed 's/ $//')"
[[ $BUILD_OUT == *"Step 2/9"*left-done*"Step 3/9"*"Step 4/9"*right-done*"Step 5/9"* ]] ||
    fail "a stage's output is not kept with its steps: $BUILD_OUT"
cat >"$par/Dockerfile" <<'EOF'
FROM bb:1 AS slow
RUN sleep 20 && echo slow-finished | tr a-z A-Z
FROM bb:1 AS broken
RUN sleep 1 && exit 4
FROM bb:1
COPY --from=slow /etc/passwd /a
COPY --from=broken /etc/passwd /b
EOF
started=$SECONDS
build "$par" -t parallel:2
expect_eq "the failed stage's exit code" "4" "$BUILD_STATUS"
expect_contains "the failure" "The command '/bin/sh -c sleep 1 && exit 4' returned a non-zero code: 4" "$BUILD_OUT"
[[ $BUILD_OUT != *SLOW-FINISHED* ]] || fail "the other stage was not stopped: $BUILD_OUT"
(( SECONDS - started < 15 )) || fail "the other stage's RUN was waited for ($((SECONDS - started)) s)"
docker image inspect parallel:2 >/dev/null 2>&1 && fail "the failed build was tagged"
expect_eq "no container left" "" "$(docker ps -aq)"

step "docker build without DOCKER_BUILDKIT=0 (no buildx: the CLI takes the classic builder); BuildKit's endpoints"
plain="$ACC_TMP/plain"
mkdir -p "$plain"
printf 'FROM bb:1\nRUN echo plain-build-ran >/ran\nCMD ["cat", "/ran"]\n' >"$plain/Dockerfile"
BUILD_STATUS=0
BUILD_OUT="$(env -u DOCKER_BUILDKIT timeout 60 docker build -t plain:1 "$plain" 2>&1)" || BUILD_STATUS=$?
[[ $BUILD_STATUS == 0 ]] || fail "docker build without DOCKER_BUILDKIT: $BUILD_OUT"
expect_contains "the classic stream" "Successfully tagged plain:1" "$BUILD_OUT"
expect_eq "the image" "plain-build-ran" "$(timeout 30 docker run --rm plain:1)"
expect_eq "/_ping's Builder-Version" "1" \
    "$(curl -sI --max-time 10 --unix-socket "$(sock_of main)" http://berthd/_ping | tr -d '\r' | sed -n 's/^Builder-Version: //Ip')"
out="$(curl -s --max-time 10 --unix-socket "$(sock_of main)" -X POST 'http://berthd/build?version=2' -w '\n%{http_code}')"
expect_eq "version=2 (BuildKit)" "501" "${out##*$'\n'}"
expect_contains "version=2's message" "BuildKit (version=2) is not supported by berthd" "$out"
out="$(curl -s --max-time 10 --unix-socket "$(sock_of main)" -X POST 'http://berthd/session' -w '\n%{http_code}')"
expect_eq "POST /session" "501" "${out##*$'\n'}"
expect_contains "/session's message" "BuildKit sessions (POST /session) are not supported by berthd" "$out"
expect_eq "POST /build/prune with no cache mount yet" '{"CachesDeleted":null,"SpaceReclaimed":0}' \
    "$(curl -s --max-time 10 --unix-socket "$(sock_of main)" -X POST 'http://berthd/build/prune?all=1')"
out="$(timeout 30 docker builder prune -f 2>&1)" || fail "docker builder prune: $out"
expect_contains "docker builder prune" "Total reclaimed space: 0B" "$out"
docker image inspect plain:1 >/dev/null || fail "docker builder prune removed an image"

step "heredocs: RUN <<EOF, a #! script, a heredoc the shell reads, <<- tabs, COPY <<EOF expanded or not"
here="$ACC_TMP/heredoc"
mkdir -p "$here"
printf 'FROM bb:1\nENV WHO=world\nRUN <<EOF\necho "script line one"\necho two >/two\nEOF\nRUN cat <<EOF >/shell-read\nhello $WHO\nEOF\nRUN <<-EOF\n\techo tabbed >/tabbed\nEOF\nCOPY <<EOF /expanded.txt\nhi $WHO "quoted"\nEOF\nCOPY <<"EOF" /raw.txt\nhi $WHO\nEOF\nCOPY <<one.txt <<two.txt /many/\nfirst\none.txt\nsecond\ntwo.txt\nRUN <<EOF\n#!/bin/awk -f\nBEGIN { print "awk-" "ran" }\nEOF\n' >"$here/Dockerfile"
build "$here" -t heredoc:1
[[ $BUILD_STATUS == 0 ]] || fail "docker build with heredocs: $BUILD_OUT"
expect_contains "RUN <<EOF's script ran" "script line one" "$BUILD_OUT"
expect_contains "a #! script run by its interpreter (awk, not the shell)" "awk-ran" "$BUILD_OUT"
expect_eq "the files" 'two
hello world
tabbed
hi world "quoted"
hi $WHO
first
second
644' "$(timeout 30 docker run --rm heredoc:1 sh -c 'cat /two /shell-read /tabbed /expanded.txt /raw.txt /many/one.txt /many/two.txt; stat -c %a /expanded.txt')"
build "$here" -t heredoc:2
expect_eq "heredoc steps from the cache" "8" "$(grep -c -- ' ---> Using cache' <<<"$BUILD_OUT")"
printf 'FROM bb:1 AS gen\nRUN echo in-the-stage >/made\nFROM bb:1\nCOPY --from=gen <<EOF /from-heredoc.txt\nthe heredoc body\nEOF\n' >"$here/Dockerfile"
build "$here" -t heredoc:3
[[ $BUILD_STATUS == 0 ]] || fail "COPY --from=<stage> <<EOF: $BUILD_OUT"
expect_eq "COPY --from=<stage> <<EOF copies the heredoc (BuildKit)" "the heredoc body" \
    "$(timeout 30 docker run --rm heredoc:3 cat /from-heredoc.txt)"
expect_contains "the stage is not needed for it: not built" "Step 2/2 : COPY --from=gen <<EOF" "$BUILD_OUT"

step "RUN --mount: a cache kept between builds and out of the layer, a tmpfs"
mnt="$ACC_TMP/mounts"
mkdir -p "$mnt"
cat >"$mnt/Dockerfile" <<'EOF'
FROM bb:1
ARG N
RUN --mount=type=cache,target=/cache,id=counter echo "$N" >>/cache/runs && wc -l </cache/runs >/seen
RUN --mount=type=tmpfs,target=/scratch grep -q " /scratch tmpfs " /proc/mounts && echo tmpfs-ok >/scratch/x && cat /scratch/x >/tmpfs-seen
EOF
build "$mnt" -t mounts:1 --build-arg N=1
[[ $BUILD_STATUS == 0 ]] || fail "docker build with RUN --mount: $BUILD_OUT"
build "$mnt" -t mounts:2 --build-arg N=2
[[ $BUILD_STATUS == 0 ]] || fail "docker build with RUN --mount again: $BUILD_OUT"
expect_eq "the cache seen by the first build" "1" "$(timeout 30 docker run --rm mounts:1 cat /seen)"
expect_eq "the cache kept for the second" "2" "$(timeout 30 docker run --rm mounts:2 cat /seen)"
expect_eq "the tmpfs" "tmpfs-ok" "$(timeout 30 docker run --rm mounts:2 cat /tmpfs-seen)"
expect_eq "neither lands in the image" "" "$(timeout 30 docker run --rm mounts:2 sh -c 'ls -A /cache; ls -A /scratch')"
expect_contains "the mount in the step's history" "--mount=type=cache,target=/cache,id=counter" \
    "$(docker history --no-trunc mounts:2 --format '{{.CreatedBy}}')"
# The cache mount is the build cache of /system/df and docker system df.
df_json="$(curl -s --max-time 30 --unix-socket "$(sock_of main)" http://berthd/system/df)"
expect_eq "one BuildCache row: the cache mount, used twice, not in use, 4 bytes" "1 exec.cachemount 2 False 4 True" \
    "$(python3 -c 'import json, sys; rows = json.load(sys.stdin)["BuildCache"]; r = rows[0]
print(len(rows), r["Type"], r["UsageCount"], r["InUse"], r["Size"], "/cache" in r["Description"] and bool(r["CreatedAt"]) and bool(r["LastUsedAt"]))' <<<"$df_json")"
expect_eq "docker system df: Build Cache" "Build Cache 1 0 4B 4B" \
    "$(timeout 30 docker system df | awk '$1 == "Build" { print $1, $2, $3, $4, $5, $6 }')"
out="$(timeout 30 docker builder prune -f --filter until=1h 2>&1)" || fail "docker builder prune --filter until=1h: $out"
expect_contains "until=1h keeps a cache used just now" "Total reclaimed space: 0B" "$out"
out="$(timeout 30 docker builder prune -f --filter type=regular --keep-storage 0 2>&1)" || fail "docker builder prune --filter type=regular: $out"
expect_contains "type=regular matches no cache mount" "Total reclaimed space: 0B" "$out"
out="$(timeout 30 docker builder prune -f --keep-storage 1MB 2>&1)" || fail "docker builder prune --keep-storage: $out"
expect_contains "keep-storage above the total removes nothing" "Total reclaimed space: 0B" "$out"
out="$(timeout 30 docker builder prune -f --filter color=red 2>&1)" && fail "an unknown filter was accepted: $out"
expect_contains "an unknown filter" "invalid filter 'color'" "$out"
out="$(timeout 30 docker builder prune -f --filter inuse=false --filter type=exec.cachemount 2>&1)" || fail "docker builder prune: $out"
expect_contains "docker builder prune empties the cache mounts" "Deleted build cache objects" "$out"
expect_eq "no BuildCache row left" "0" "$(curl -s --max-time 30 --unix-socket "$(sock_of main)" http://berthd/system/df |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["BuildCache"]))')"
[[ $out != *"Total reclaimed space: 0B"* ]] || fail "docker builder prune reclaimed nothing: $out"
build "$mnt" -t mounts:3 --build-arg N=3
expect_eq "the cache is empty after the prune" "1" "$(timeout 30 docker run --rm mounts:3 cat /seen)"
docker image inspect mounts:2 >/dev/null || fail "docker builder prune removed an image"

step "RUN --mount=type=cache,sharing=locked: stages side by side take turns"
lk="$ACC_TMP/locked"
mkdir -p "$lk"
cat >"$lk/Dockerfile" <<'EOF'
FROM bb:1 AS a
RUN --mount=type=cache,target=/c,id=turns,sharing=locked echo a-start >>/c/log && sleep 1 && echo a-end >>/c/log && touch /x
FROM bb:1 AS b
RUN --mount=type=cache,target=/c,id=turns,sharing=locked echo b-start >>/c/log && sleep 1 && echo b-end >>/c/log && touch /x
FROM bb:1
COPY --from=a /x /a
COPY --from=b /x /b
RUN --mount=type=cache,target=/c,id=turns cat /c/log >/log
EOF
build "$lk" -t locked:1
[[ $BUILD_STATUS == 0 ]] || fail "docker build with sharing=locked: $BUILD_OUT"
expect_eq "one RUN at a time in the locked cache" "ok" "$(timeout 30 docker run --rm locked:1 cat /log |
    awk 'NR % 2 == 1 { s = substr($0, 1, 1) } NR % 2 == 0 && substr($0, 1, 1) != s { bad = 1 } END { print (NR == 4 && !bad) ? "ok" : "interleaved" }')"

step "-f: a Dockerfile elsewhere in the context, one on stdin; a gzip context (--compress)"
mkdir -p "$multi/sub"
printf 'FROM bb:1\nCOPY sub/note /note\nCMD ["cat", "/note"]\n' >"$multi/sub/Other.dockerfile"
echo from-sub >"$multi/sub/note"
build "$multi" -t other:1 -f "$multi/sub/Other.dockerfile"
[[ $BUILD_STATUS == 0 ]] || fail "docker build -f sub/Other.dockerfile: $BUILD_OUT"
expect_eq "the file" "from-sub" "$(timeout 30 docker run --rm other:1)"
BUILD_STATUS=0
BUILD_OUT="$(timeout 60 docker build -t stdin:1 -f - "$multi" <"$multi/sub/Other.dockerfile" 2>&1)" || BUILD_STATUS=$?
[[ $BUILD_STATUS == 0 ]] || fail "docker build -f -: $BUILD_OUT"
expect_eq "the file" "from-sub" "$(timeout 30 docker run --rm stdin:1)"
build "$multi" -t compressed:1 --compress -f "$multi/sub/Other.dockerfile"
[[ $BUILD_STATUS == 0 ]] || fail "docker build --compress: $BUILD_OUT"

step "a failing RUN: Docker's message and exit code, nothing tagged, no container left"
failing="$ACC_TMP/failing"
mkdir -p "$failing"
printf 'FROM bb:1\nRUN echo before\nRUN exit 3\nRUN echo never\n' >"$failing/Dockerfile"
build "$failing" -t failed:1
expect_eq "the CLI's exit status" "3" "$BUILD_STATUS"
expect_contains "the message" "The command '/bin/sh -c exit 3' returned a non-zero code: 3" "$BUILD_OUT"
[[ $BUILD_OUT != *never* ]] || fail "the build went on after the failure: $BUILD_OUT"
docker image inspect failed:1 >/dev/null 2>&1 && fail "the failed build was tagged"
expect_eq "no container left" "" "$(docker ps -aq)"

step "bad input: a parse error, a source outside the context, a missing source, unsupported features"
bad="$ACC_TMP/bad"
mkdir -p "$bad"
printf 'FROM bb:1\nFOO bar\n' >"$bad/Dockerfile"
build "$bad"
[[ $BUILD_STATUS != 0 ]] || fail "an unknown instruction built"
expect_contains "an unknown instruction" "unknown instruction: FOO" "$BUILD_OUT"
printf 'FROM bb:1\nCOPY ../etc/passwd /x\n' >"$bad/Dockerfile"
build "$bad"
expect_contains "a source outside the context" "forbidden path outside the build context: ../etc/passwd" "$BUILD_OUT"
printf 'FROM bb:1\nCOPY missing.txt /x\n' >"$bad/Dockerfile"
build "$bad"
expect_contains "a missing source" "file not found in build context or excluded by .dockerignore" "$BUILD_OUT"
printf 'FROM bb:1\nRUN --mount=type=ssh true\n' >"$bad/Dockerfile"
build "$bad"
expect_contains "RUN --mount=type=ssh" "RUN --mount=type=ssh is not supported" "$BUILD_OUT"
printf 'FROM bb:1\nADD http://127.0.0.1:9/x /x\n' >"$bad/Dockerfile"
build "$bad"
expect_contains "ADD of a URL" "ADD from a URL is not supported" "$BUILD_OUT"
out="$(tar -C "$ctx" -c Dockerfile | curl -s --max-time 10 --unix-socket "$(sock_of main)" -X POST \
    -H 'Content-Type: application/x-tar' --data-binary @- 'http://berthd/build?squash=1' -w '\n%{http_code}')"
expect_eq "squash" "501" "${out##*$'\n'}"
expect_eq "no container left" "" "$(docker ps -aq)"

step "a hostile context: entries leading out are refused, nothing lands outside"
canary="$ACC_TMP/canary"
mkdir -p "$canary"
python3 - "$ACC_TMP/hostile.tar" "$canary" <<'EOF'
import io, sys, tarfile
out, canary = sys.argv[1], sys.argv[2]
with tarfile.open(out, "w") as tar:
    def add(name, data=b"x"):
        info = tarfile.TarInfo(name); info.size = len(data); tar.addfile(info, io.BytesIO(data))
    add("Dockerfile", b"FROM bb:1\nCOPY . /ctx\n")
    add("../" * 12 + canary.lstrip("/") + "/escaped", b"escaped")
EOF
out="$(curl -s --max-time 30 --unix-socket "$(sock_of main)" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary @"$ACC_TMP/hostile.tar" 'http://berthd/build?t=hostile:1')"
expect_contains "the hostile context" '"errorDetail"' "$out"
[[ ! -e $canary/escaped ]] || fail "a context entry was written outside the context"
docker image inspect hostile:1 >/dev/null 2>&1 && fail "the hostile build was tagged"
python3 - "$ACC_TMP/link.tar" <<'EOF'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w") as tar:
    data = b"FROM bb:1\nCOPY out/passwd /stolen\n"
    info = tarfile.TarInfo("Dockerfile"); info.size = len(data); tar.addfile(info, io.BytesIO(data))
    link = tarfile.TarInfo("out"); link.type = tarfile.SYMTYPE; link.linkname = "/etc"; tar.addfile(link)
EOF
out="$(curl -s --max-time 30 --unix-socket "$(sock_of main)" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary @"$ACC_TMP/link.tar" 'http://berthd/build?t=link:1')"
expect_contains "a symlink out of the context is followed inside it" "file not found in build context" "$out"
# The context is extracted as it arrives: a refusal midway still answers (the
# rest of the upload, 8 MiB here, read and dropped), sent chunked as the CLI sends it.
python3 - "$ACC_TMP/early.tar" "$canary" <<'EOF'
import io, os, sys, tarfile
out, canary = sys.argv[1], sys.argv[2]
with tarfile.open(out, "w") as tar:
    def add(info, data=b""):
        info.size = len(data); tar.addfile(info, io.BytesIO(data))
    add(tarfile.TarInfo("Dockerfile"), b"FROM bb:1\nCOPY . /ctx\n")
    up = tarfile.TarInfo("up"); up.type = tarfile.SYMTYPE; up.linkname = "../../../../../../../../.."; add(up)
    add(tarfile.TarInfo("up" + canary + "/via-link"), b"escaped")
    add(tarfile.TarInfo("after"), os.urandom(8 << 20))
EOF
out="$(curl -s --max-time 30 --unix-socket "$(sock_of main)" -X POST -H 'Content-Type: application/x-tar' \
    -H 'Transfer-Encoding: chunked' --data-binary @"$ACC_TMP/early.tar" 'http://berthd/build?t=early:1')"
expect_contains "a symlink leading out, refused midway" 'invalid symlink' "$out"
[[ ! -e $canary/via-link ]] || fail "a context entry was written through a symlink out of the context"
docker image inspect early:1 >/dev/null 2>&1 && fail "the refused build was tagged"
docker version >/dev/null || fail "berthd does not answer after a refused context"
expect_eq "no container left" "" "$(docker ps -aq)"

step "--add-host reaches each RUN's /etc/hosts; --platform other than this machine's is refused"
hosts="$ACC_TMP/hosts"
mkdir -p "$hosts"
printf 'FROM bb:1\nRUN grep -E "^10\\.1\\.2\\.3[[:space:]]+db\\.test$" /etc/hosts && grep -E "^10\\.1\\.2\\.4[[:space:]]+cache$" /etc/hosts && echo hosts-seen\n' >"$hosts/Dockerfile"
build "$hosts" -t hosts:1 --add-host db.test:10.1.2.3 --add-host cache=10.1.2.4
[[ $BUILD_STATUS == 0 ]] || fail "docker build --add-host: $BUILD_OUT"
expect_contains "the RUN saw both hosts" "hosts-seen" "$BUILD_OUT"
build "$hosts" -t hosts:2 --platform "$(docker version -f '{{.Server.Os}}/{{.Server.Arch}}')"
[[ $BUILD_STATUS == 0 ]] || fail "docker build --platform of this machine: $BUILD_OUT"
build "$hosts" -t hosts:3 --platform linux/s390x
[[ $BUILD_STATUS != 0 ]] || fail "docker build --platform linux/s390x was accepted: $BUILD_OUT"
expect_contains "the refusal" "platform linux/s390x is not supported" "$BUILD_OUT"
docker image inspect hosts:3 >/dev/null 2>&1 && fail "the refused build was tagged"

step "FROM an image berthd does not have: pulled as docker pull would (and again with --pull)"
if [[ -x $REGISTRY_BIN ]]; then
    start_registry plain
    reg="$(registry_addr plain)"
    docker tag bb:1 "$reg/base:1" && timeout 60 docker push "$reg/base:1" >/dev/null || fail "pushing $reg/base:1"
    docker rmi "$reg/base:1" >/dev/null || fail "docker rmi $reg/base:1"
    pulled="$ACC_TMP/pulled"
    mkdir -p "$pulled"
    printf 'FROM %s/base:1\nRUN echo pulled-base-ran\n' "$reg" >"$pulled/Dockerfile"
    build "$pulled" -t pulled:1
    [[ $BUILD_STATUS == 0 ]] || fail "docker build FROM $reg/base:1: $BUILD_OUT"
    expect_contains "the pull" "Pulling from base" "$BUILD_OUT"
    expect_contains "the RUN on it" "pulled-base-ran" "$BUILD_OUT"
    docker image inspect "$reg/base:1" >/dev/null || fail "the pulled base is not kept, as docker pull keeps it"
    build "$pulled" -t pulled:2 --pull
    [[ $BUILD_STATUS == 0 ]] || fail "docker build --pull: $BUILD_OUT"
    expect_contains "--pull asks the registry again" "Image is up to date for" "$BUILD_OUT"
else
    echo "(docker-registry is not installed: the pull step is left out)"
fi
echo "PASS"
