#!/usr/bin/env bash
# The compose verbs added after the first set, against a real berthd: cp both
# ways (service:path, --index, "-"), wait (exit code, --down-project),
# stats --no-stream (the docker stats table), attach (--no-stdin: output and
# exit code), push (credentials from the docker CLI's config, to an htpasswd
# registry on loopback), pull (per-layer lines), logs --since/--until, up
# --attach/--no-attach and the
# global --ansi; compared with `docker compose` on the same berthd where it is
# installed.
#   compose_more_verbs_test.sh /path/to/berthd /path/to/berth
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/compose_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
acc_setup "$1"
compose_needs "${2:-}"
registry_tools_or_skip
use_daemon main

compose_image
compose_project cm
cat >"$dir/compose.yaml" <<YAML
services:
  web:
    image: bb:compose
    command: ["sh", "-c", "mkdir -p /data && echo inside >/data/file && sleep 600"]
    network_mode: none
    stop_grace_period: 1s
    scale: 2
  job:
    image: bb:compose
    command: ["sh", "-c", "while [ ! -e /tmp/go ]; do sleep 0.1; done; rm /tmp/go; echo out; echo err >&2; exit 3"]
    network_mode: none
YAML

compose up -d >/dev/null 2>&1 || fail "up -d failed"
wait_for 10 "web's file" docker exec "$project-web-1" test -e /data/file

step "cp: from a service (first container), to every container, --index, tar on stdout"
out="$(compose cp web:/data/file "$ACC_TMP/got" 2>&1)" || fail "cp from failed: $out"
expect_eq "copied out" inside "$(cat "$ACC_TMP/got")"
expect_contains "progress" " $project-web-1 copy $project-web-1:/data/file to $ACC_TMP/got Copied" "$out"
mkdir -p "$ACC_TMP/dest"
compose cp web:/data "$ACC_TMP/dest" 2>/dev/null || fail "cp of a directory into a directory failed"
expect_eq "directory copied under its name" inside "$(cat "$ACC_TMP/dest/data/file")"
echo local >"$ACC_TMP/up.txt"
out="$(compose cp "$ACC_TMP/up.txt" web:/data/up.txt 2>&1)" || fail "cp to failed: $out"
expect_eq "copied in #1" local "$(docker exec "$project-web-1" cat /data/up.txt)"
expect_eq "copied in #2" local "$(docker exec "$project-web-2" cat /data/up.txt)"
echo two >"$ACC_TMP/two.txt"
compose cp --index 2 "$ACC_TMP/two.txt" web:/data/ 2>/dev/null || fail "cp --index 2 failed"
expect_eq "--index 2 has it" two "$(docker exec "$project-web-2" cat /data/two.txt)"
docker exec "$project-web-1" test -e /data/two.txt && fail "--index 2 copied to #1 too"
expect_eq "tar on stdout" "data/file" "$(compose cp web:/data - 2>/dev/null | tar -t | grep file)"
status=0
out="$(compose cp web:/nothing "$ACC_TMP/x" 2>&1)" || status=$?
expect_eq "missing source status" 1 "$status"
expect_contains "missing source" "Could not find the file /nothing" "$out"
if $have_docker_compose; then
    # docker compose copies to the replicas in parallel: its lines come in any order.
    expect_eq "cp to vs docker compose" "$(theirs cp "$ACC_TMP/up.txt" web:/data/up.txt 2>&1 | sort)" \
        "$(compose cp "$ACC_TMP/up.txt" web:/data/up.txt 2>&1 | sort)"
    status=0
    theirs cp web:/nothing "$ACC_TMP/x" >/dev/null 2>&1 || status=$?
    expect_eq "docker compose's missing source status" 1 "$status"
fi

step "stats --no-stream: the docker stats table"
out="$(compose stats --no-stream)" || fail "stats failed"
expect_eq "stats header" "CONTAINER ID   NAME" "$(head -1 <<<"$out" | grep -o '^CONTAINER ID   NAME')"
expect_eq "stats names" "$project-job-1 $project-web-1 $project-web-2" "$(tail -n +2 <<<"$out" | awk '{print $2}' | sort | xargs)"
expect_eq "stats of a service" "$project-job-1" "$(compose stats --no-stream job | tail -n +2 | awk '{print $2}')"
# Without --no-stream: the table redrawn (screen cleared) until interrupted.
timeout -s INT 4 "$BERTH" compose --project-directory "$dir" -p "$project" stats job >"$ACC_TMP/live" 2>&1 || true
(($(grep -c 'CONTAINER ID' "$ACC_TMP/live") >= 2)) || fail "the live stats drew fewer than 2 tables: $(cat -v "$ACC_TMP/live")"
grep -q $'\033\[2J' "$ACC_TMP/live" || fail "the live stats did not clear the screen"
# --format: json (one object a line) and a template; the numbers move, so names, IDs and keys are compared.
stats_keys() { python3 -c 'import json,sys; [print(" ".join(sorted(o)), o["Name"], o["ID"], o["Container"]) for o in map(json.loads, sys.stdin)]'; }
json_out="$(compose stats --no-stream --format json job)" || fail "stats --format json failed"
job_id="$(docker inspect -f '{{.Id}}' "$project-job-1")"
expect_eq "stats --format json" "BlockIO CPUPerc Container ID MemPerc MemUsage Name NetIO PIDs $project-job-1 ${job_id:0:12} ${job_id:0:12}" \
    "$(stats_keys <<<"$json_out")"
expect_eq "stats --format TEMPLATE" "$project-job-1 ${job_id:0:12}" \
    "$(compose stats --no-stream --format '{{.Name}} {{.ID}}' job)"
expect_eq "stats --format 'table TEMPLATE'" "NAME|PIDS" \
    "$(compose stats --no-stream --format 'table {{.Name}}\t{{.PIDs}}' job | head -1 | tr -s ' ' '|')"
if $have_docker_compose; then
    expect_eq "stats --format json vs docker compose" "$(theirs stats --no-stream --format json job | stats_keys)" \
        "$(stats_keys <<<"$json_out")"
    expect_eq "stats --format TEMPLATE vs docker compose" "$(theirs stats --no-stream --format '{{.Name}} {{.ID}}' job)" \
        "$(compose stats --no-stream --format '{{.Name}} {{.ID}}' job)"
    expect_eq "stats --format 'table TEMPLATE' vs docker compose" \
        "$(theirs stats --no-stream --format 'table {{.Name}}\t{{.Container}}' job)" \
        "$(compose stats --no-stream --format 'table {{.Name}}\t{{.Container}}' job)"
    theirs_out="$(theirs stats --no-stream)"
    expect_eq "stats header vs docker compose" "$(head -1 <<<"$theirs_out" | tr -s ' ')" "$(head -1 <<<"$out" | tr -s ' ')"
    expect_eq "stats rows vs docker compose" "$(tail -n +2 <<<"$theirs_out" | awk '{print $1, $2}' | sort)" \
        "$(tail -n +2 <<<"$out" | awk '{print $1, $2}' | sort)"
fi

step "attach --no-stdin: the service's output and its exit code"
(
    cd "$dir"
    status=0
    "$BERTH" compose -p "$project" attach --no-stdin job >"$ACC_TMP/attach.out" 2>"$ACC_TMP/attach.err" || status=$?
    echo "$status" >"$ACC_TMP/attach.status"
) &
attach_pid=$!
track_helper "$attach_pid"
sleep 1 # the attach connects; the job waits for /tmp/go
docker exec "$project-job-1" touch /tmp/go || fail "could not release the job"
wait "$attach_pid"
expect_eq "attach status" 3 "$(cat "$ACC_TMP/attach.status")"
expect_eq "attach stdout" out "$(cat "$ACC_TMP/attach.out")"
expect_eq "attach stderr" err "$(cat "$ACC_TMP/attach.err")"
status=0
out="$(compose attach job 2>&1)" || status=$?
expect_eq "attach to a stopped service" 1 "$status"

step "wait: the exit code of the service's container; --down-project"
compose start job >/dev/null 2>&1 || fail "start job failed"
(sleep 1; docker exec "$project-job-1" touch /tmp/go) &
track_helper $!
status=0
out="$(compose wait job 2>&1)" || status=$?
expect_eq "wait status" 3 "$status"
expect_eq "wait line" "container \"$(docker inspect -f '{{.Id}}' "$project-job-1")\" exited with status code 3" "$out"
status=0
out="$(compose wait job 2>&1)" || status=$?
expect_eq "wait without a running container" 1 "$status"
expect_eq "its words" "no containers for project \"$project\"" "$out"
if $have_docker_compose; then
    status=0
    their_out="$(theirs wait job 2>&1)" || status=$?
    expect_eq "docker compose wait status" 1 "$status"
    expect_eq "docker compose wait words" "$their_out" "$out"
fi

step "logs --since/--until: relative and RFC 3339"
all_logs="$(compose logs --no-log-prefix job)"
[[ $all_logs == *out* ]] || fail "job's log is empty"
expect_eq "--since 1h" "$all_logs" "$(compose logs --no-log-prefix --since 1h job)"
expect_eq "--until 1h ago" "" "$(compose logs --no-log-prefix --until 1h job)"
expect_eq "--since a future time" "" "$(compose logs --no-log-prefix --since 2099-01-01T00:00:00Z job)"
expect_eq "--since an old local date" "$all_logs" "$(compose logs --no-log-prefix --since 2000-01-01 job)"
expect_eq "--until a future RFC 3339 time with offset" "$all_logs" \
    "$(compose logs --no-log-prefix --until 2099-01-01T10:00:00+02:00 job)"
status=0
out="$(compose logs --since yesterday job 2>&1)" || status=$?
expect_eq "bad --since status" 1 "$status"
expect_contains "bad --since" 'failed to parse value as time or duration: "yesterday"' "$out"
if $have_docker_compose; then
    expect_eq "--since vs docker compose" "$(theirs logs --since 1h job 2>&1 | plain)" "$(compose logs --since 1h job 2>&1)"
    expect_eq "--until vs docker compose" "$(theirs logs --until 2000-01-01T00:00:00Z job 2>&1 | plain)" \
        "$(compose logs --until 2000-01-01T00:00:00Z job 2>&1)"
fi

step "--wait --down-project takes the project down"
compose start job >/dev/null 2>&1 || fail "start job again failed"
(sleep 1; docker exec "$project-job-1" touch /tmp/go) &
track_helper $!
status=0
compose wait --down-project job >/dev/null 2>&1 || status=$?
expect_eq "wait --down-project status" 3 "$status"
expect_eq "project down" "" "$(docker ps -aq --filter "label=com.docker.compose.project=$project")"

step "up --attach / --no-attach and --ansi"
cat >"$dir/compose.yaml" <<YAML
services:
  a:
    image: bb:compose
    command: ["sh", "-c", "echo from-a"]
    network_mode: none
  b:
    image: bb:compose
    command: ["sh", "-c", "echo from-b"]
    network_mode: none
YAML
out="$(compose up --attach b 2>/dev/null)" || fail "up --attach failed: $out"
expect_contains "attached to b only" "Attaching to b-1" "$out"
[[ $out != *from-a* ]] || fail "--attach b showed a: $out"
expect_contains "b's line" "from-b" "$out"
out="$(compose up --no-attach b 2>/dev/null)" || fail "up --no-attach failed: $out"
expect_contains "a shown" "from-a" "$out"
[[ $out != *from-b* ]] || fail "--no-attach b showed b: $out"
out="$(cd "$dir" && timeout 60 "$BERTH" compose --ansi always -p "$project" logs a)" || fail "--ansi always failed"
[[ $out == *$'\033['* ]] || fail "--ansi always wrote no colour: $out"
out="$(cd "$dir" && timeout 60 "$BERTH" compose --ansi never -p "$project" logs a)" || fail "--ansi never failed"
[[ $out != *$'\033['* ]] || fail "--ansi never wrote colour: $out"
status=0
(cd "$dir" && "$BERTH" compose --ansi sometimes -p "$project" ps >/dev/null 2>&1) || status=$?
[[ $status != 0 ]] || fail "--ansi sometimes accepted"
if $have_docker_compose; then
    expect_eq "up --attach vs docker compose" "$(theirs up --attach b 2>/dev/null | plain | grep -v '^Attaching')" \
        "$(compose up --attach b 2>/dev/null | grep -v '^Attaching')"
fi
compose down >/dev/null 2>&1 || fail "down failed"

step "build: POST /build per service, named as compose names them"
start_registry auth htpasswd
reg="$(registry_addr auth)"
mkdir -p "$dir/push/app" "$dir/push/tool"
printf 'FROM bb:compose\nARG FLAVOUR=plain\nCOPY . /ctx\nCOPY page /page\nRUN echo "$FLAVOUR" >/flavour\n' >"$dir/push/app/Dockerfile"
echo page >"$dir/push/app/page"
echo secret >"$dir/push/app/secret.txt"
printf 'secret*\n' >"$dir/push/app/.dockerignore"
printf 'FROM bb:compose AS dev\nRUN echo dev >/kind\nFROM bb:compose AS prod\nRUN echo prod >/kind\n' >"$dir/push/tool/Dockerfile"
cat >"$dir/push/compose.yaml" <<YAML
services:
  app:
    build: ./app
    image: $reg/$project/app:1
  plain:
    image: bb:compose
YAML
cat >>"$dir/push/compose.yaml" <<YAML
  tool:
    build:
      context: ./tool
      target: prod
YAML
sed -i 's|    build: ./app|    build:\n      context: ./app\n      args:\n        FLAVOUR: salted|' "$dir/push/compose.yaml"
out="$(cd "$dir/push" && timeout 120 "$BERTH" compose -p "${project}p" build 2>&1)" || fail "build failed: $out"
expect_contains "building" " app Building" "$out"
expect_contains "built" " tool Built" "$out"
expect_eq "app (image:, args, context file)" "salted page" \
    "$(timeout 30 docker run --rm "$reg/$project/app:1" sh -c 'echo $(cat /flavour /page)')"
expect_eq ".dockerignore applied" ".dockerignore Dockerfile page" \
    "$(timeout 30 docker run --rm "$reg/$project/app:1" sh -c 'ls -A /ctx | xargs')"
expect_eq "tool (<project>-<service>, target)" prod "$(timeout 30 docker run --rm "${project}p-tool" cat /kind)"
expect_eq "builder label" classic \
    "$(docker image inspect "${project}p-tool" --format '{{index .Config.Labels "com.docker.compose.image.builder"}}')"
out="$(cd "$dir/push" && timeout 120 "$BERTH" compose -p "${project}p" build --build-arg FLAVOUR=spicy app 2>&1)" ||
    fail "build --build-arg failed: $out"
expect_eq "--build-arg over the file's" spicy "$(timeout 30 docker run --rm "$reg/$project/app:1" cat /flavour)"
printf 'FROM bb:compose AS prod\nRUN exit 7\n' >"$dir/push/tool/Dockerfile"
status=0
out="$(cd "$dir/push" && timeout 120 "$BERTH" compose -p "${project}p" build tool 2>&1)" || status=$?
expect_eq "failed build status (the RUN's code)" 7 "$status"
expect_contains "the failure" "returned a non-zero code: 7" "$out"
if $have_docker_compose; then
    status=0
    (cd "$dir/push" && DOCKER_BUILDKIT=0 timeout 120 docker compose -p "${project}p" build tool >/dev/null 2>&1) || status=$?
    expect_eq "docker compose's failed build status" 7 "$status"
fi
sed -i '/^  tool:/,$d' "$dir/push/compose.yaml"

step "build: dockerfile_inline, labels, network, shm_size, cache_from, one platform; several refused"
mkdir -p "$dir/inline/ctx"
echo data >"$dir/inline/ctx/data"
printf 'data-not\n' >"$dir/inline/ctx/.dockerignore"
printf 'FROM bb:compose\nCOPY data /from-outside\n' >"$dir/inline/Dockerfile.outside"
cat >"$dir/inline/compose.yaml" <<YAML
services:
  inline:
    build:
      context: ./ctx
      dockerfile_inline: |
        FROM bb:compose
        COPY . /ctx
        RUN ls /sys/class/net | xargs >/nets && df -k /dev/shm | tail -1 | awk '{print \$\$2}' >/shm
      labels: {made.by: berth}
      network: none
      shm_size: 64m
      cache_from: [bb:compose, "type=registry,ref=bb:compose"]
      platforms: [linux/$(go_arch)]
  outside:
    build:
      context: ./ctx
      dockerfile: ../Dockerfile.outside
  multi:
    build:
      context: ./ctx
      platforms: [linux/amd64, linux/arm64]
    profiles: [multi]
YAML
inline() { (cd "$dir/inline" && timeout 120 "$BERTH" compose -p "${project}i" "$@"); }
out="$(inline build 2>&1)" || fail "inline build failed: $out"
# The Dockerfile went in as .dockerfile.<random>, which the .dockerignore sent with it leaves out of COPY.
expect_eq "inline Dockerfile, its context" ".dockerignore data" \
    "$(timeout 30 docker run --rm "${project}i-inline" sh -c 'ls -A /ctx | xargs')"
expect_eq "a Dockerfile outside the context" data \
    "$(timeout 30 docker run --rm "${project}i-outside" cat /from-outside)"
expect_eq "network: none for RUN" lo "$(timeout 30 docker run --rm "${project}i-inline" cat /nets)"
expect_eq "shm_size for RUN (KiB)" 65536 "$(timeout 30 docker run --rm "${project}i-inline" cat /shm)"
expect_eq "build labels" berth \
    "$(docker image inspect "${project}i-inline" --format '{{index .Config.Labels "made.by"}}')"
status=0
out="$(inline --profile multi build multi 2>&1)" || status=$?
expect_eq "several platforms: status" 1 "$status"
expect_eq "several platforms: words" \
    "the classic builder doesn't support multi-arch build, set DOCKER_BUILDKIT=1 to use BuildKit" "$out"
if $have_docker_compose; then
    # docker compose 2.26's classic builder cannot take dockerfile_inline (it looks for ctx/Dockerfile); the refusal it can.
    status=0
    theirs_out="$(cd "$dir/inline" && DOCKER_BUILDKIT=0 timeout 120 docker compose -p "${project}i" --profile multi \
        build multi 2>&1)" || status=$?
    expect_eq "docker compose's several platforms: status" 1 "$status"
    expect_eq "docker compose's several platforms: words" "$out" "$theirs_out"
fi
docker rmi "${project}i-inline" "${project}i-outside" >/dev/null 2>&1 || true

step "push: the built services' images, with the docker CLI's credentials"
push() { (cd "$dir/push" && DOCKER_CONFIG="$1" timeout 60 "$BERTH" compose -p "${project}p" push "${@:2}"); }
mkdir -p "$ACC_TMP/anonymous" "$ACC_TMP/login"
printf '{"auths":{"%s":{"auth":"%s"}}}' "$reg" "$(printf 'tester:secret' | base64)" >"$ACC_TMP/login/config.json"
status=0
out="$(push "$ACC_TMP/anonymous" 2>&1)" || status=$?
expect_eq "anonymous push status" 1 "$status"
ours_out="$(push "$ACC_TMP/login" 2>&1)" || fail "push with credentials failed: $ours_out"
expect_contains "plain skipped" " plain Skipped" "$ours_out"
expect_contains "app pushed" " app Pushed" "$ours_out"
expect_contains "in the registry" '"1"' "$(registry_curl auth -s -u tester:secret "REGISTRY_URL/v2/$project/app/tags/list")"
out="$(push "$ACC_TMP/anonymous" --ignore-push-failures 2>&1)" || fail "--ignore-push-failures failed: $out"
if $have_docker_compose; then
    status=0
    (cd "$dir/push" && DOCKER_CONFIG="$ACC_TMP/anonymous" timeout 60 docker compose -p "${project}p" push >/dev/null 2>&1) || status=$?
    expect_eq "docker compose's anonymous push status" 1 "$status"
    theirs_out="$(cd "$dir/push" && DOCKER_CONFIG="$ACC_TMP/login" timeout 60 docker compose -p "${project}p" push 2>&1)" ||
        fail "docker compose push failed: $theirs_out"
    expect_eq "skipped vs docker compose" "$(grep Skipped <<<"$theirs_out")" "$(grep Skipped <<<"$ours_out")"
fi

step "pull: the service's lines around one per layer message, as docker compose prints them"
mkdir -p "$dir/pulled"
printf 'services:\n  app:\n    image: %s\n' "$reg/$project/app:1" >"$dir/pulled/compose.yaml"
# pulled TOOL: TOOL's pull of app into a fresh engine-side copy; prints its lines.
pulled() {
    docker rmi "$reg/$project/app:1" >/dev/null 2>&1
    (cd "$dir/pulled" && DOCKER_CONFIG="$ACC_TMP/login" timeout 60 "$@" -p "${project}q" pull 2>&1) || fail "$* pull failed"
}
# layer_outcomes LINES: " <12 hex> Already exists|Pull complete" lines, sorted (bars and timings differ).
layer_outcomes() { grep -E '^ [0-9a-f]{12} (Already exists|Pull complete)' | sed 's/ *$//' | sort; }
ours_out="$(pulled "$BERTH" compose)"
expect_contains "the service's first line" " app Pulling " "$ours_out"
expect_contains "its last line" " app Pulled " "$(tail -1 <<<"$ours_out")"
[[ -n "$(layer_outcomes <<<"$ours_out")" ]] || fail "no layer line in: $ours_out"
expect_contains "the base layer, kept" "Already exists" "$ours_out"
expect_contains "the built layers, pulled" "Pull complete" "$ours_out"
if $have_docker_compose; then
    theirs_out="$(pulled docker compose)"
    expect_eq "layer lines vs docker compose" "$(layer_outcomes <<<"$theirs_out")" "$(layer_outcomes <<<"$ours_out")"
fi

step "watch with nothing to watch says so, as docker compose (watch itself: compose_watch_test)"
status=0
out="$(compose watch --no-up 2>&1)" || status=$?
expect_eq "watch status" 1 "$status"
expect_contains "watch" "none of the selected services is configured for watch, consider setting an 'develop' section" "$out"
echo "PASS"
