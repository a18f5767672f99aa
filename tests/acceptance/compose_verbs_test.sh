#!/usr/bin/env bash
# The per-container verbs of `berth compose` against a real berthd: port, top,
# images, ls (table and --format json), pause/unpause, kill -s, rm (-f, -s, -v),
# and the answer for a verb Berth does not run yet; outputs compared with
# `docker compose` on the same project where it is installed.
#   compose_verbs_test.sh /path/to/berthd /path/to/berth
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/compose_lib.sh"
acc_setup "$1"
compose_needs "${2:-}"
use_daemon main

with_www() { mkdir -p "$1/www"; }
compose_image with_www
compose_free_port
compose_project cv
cat >"$dir/compose.yaml" <<YAML
services:
  web:
    image: bb:compose
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_grace_period: 1s
    ports: ["127.0.0.1:$port:80"]
  worker:
    image: bb:compose
    command: ["sh", "-c", "trap 'exit 7' TERM; sleep 600 & wait"] # exit 7 shows SIGTERM came
    network_mode: none
    stop_grace_period: 1s
YAML
theirs() { (cd "$dir" && timeout 60 docker compose -p "$project" "$@" 2>&1 | plain); } # both streams, as compared
state() { docker inspect -f '{{.State.Status}}' "$1"; }

compose up -d >/dev/null 2>&1 || fail "up -d failed"

step "port, top, images"
expect_eq "port" "127.0.0.1:$port" "$(compose port web 80)"
status=0
out="$(compose port web 81 2>&1)" || status=$?
expect_eq "unpublished port status" 1 "$status"
out="$(compose top web)" || fail "top failed"
expect_eq "top's first line" "$project-web-1" "$(head -1 <<<"$out")"
expect_contains "top's titles" "PID" "$(sed -n 2p <<<"$out")"
expect_contains "top's process" "httpd" "$out"
out="$(compose images)" || fail "images failed"
expect_contains "images header" "CONTAINER" "$(head -1 <<<"$out")"
expect_contains "images row" "bb" "$(grep "$project-worker-1" <<<"$out")"
if $have_docker_compose; then
    expect_eq "port vs docker compose" "$(theirs port web 80)" "$(compose port web 80)"
    expect_eq "images vs docker compose" "$(theirs images)" "$(compose images)"
    # worker's shell forks its sleep after start: compare once both processes are there.
    wait_for 10 "worker's sleep" bash -c "docker top $project-worker-1 | grep -q 'sleep 600'"
    expect_eq "top vs docker compose" "$(theirs top worker)" "$(compose top worker)"
fi

step "ls lists the project from its labels"
out="$(compose ls)" || fail "ls failed"
expect_contains "ls" "$project" "$out"
expect_contains "ls status" "running(2)" "$(grep "$project" <<<"$out")"
expect_eq "ls json" "running(2)" "$(compose ls --format json | jq -r --arg p "$project" '.[] | select(.Name==$p) | .Status')"
expect_eq "ls json files" "$dir/compose.yaml" "$(compose ls --format json | jq -r --arg p "$project" '.[] | select(.Name==$p) | .ConfigFiles')"
if $have_docker_compose; then
    expect_eq "ls json vs docker compose" "$(theirs ls --format json | jq -cS .)" "$(compose ls --format json | jq -cS .)"
fi

step "events: the project's container events, text and --json"
(cd "$dir" && exec "$BERTH" compose -p "$project" events --json worker >"$ACC_TMP/events.json") &
json_pid=$!
track_helper "$json_pid"
(cd "$dir" && exec "$BERTH" compose -p "$project" events >"$ACC_TMP/events.txt") &
text_pid=$!
track_helper "$text_pid"
if $have_docker_compose; then
    (cd "$dir" && exec docker compose -p "$project" events --json worker >"$ACC_TMP/theirs.json" 2>/dev/null) &
    theirs_pid=$!
    track_helper "$theirs_pid"
fi
# The streams connect in their own time: restart until each has seen a start.
all_saw_start() {
    grep -q '"action":"start"' "$ACC_TMP/events.json" && grep -q " container start " "$ACC_TMP/events.txt" &&
        { ! $have_docker_compose || grep -q '"action":"start"' "$ACC_TMP/theirs.json"; }
}
for attempt in 1 2 3 4 5; do
    compose restart worker web >/dev/null 2>&1 || fail "restart for events failed"
    for _ in $(seq 20); do all_saw_start && break 2; sleep 0.1; done
done
all_saw_start || fail "no start event seen by every events stream"
kill "$json_pid" "$text_pid"
expect_eq "json service" worker "$(jq -r 'select(.action=="start") | .service' "$ACC_TMP/events.json" | sort -u)"
expect_eq "json id" "$(docker inspect -f '{{.Id}}' "$project-worker-1")" "$(jq -r 'select(.action=="start") | .id' "$ACC_TMP/events.json" | head -1)"
expect_contains "text line" "name=$project-web-1" "$(grep ' container start ' "$ACC_TMP/events.txt")"
if $have_docker_compose; then
    kill "$theirs_pid"
    expect_eq "events --json vs docker compose" \
        "$(jq -cS 'select(.action=="start") | del(.time)' "$ACC_TMP/theirs.json" | tail -1)" \
        "$(jq -cS 'select(.action=="start") | del(.time)' "$ACC_TMP/events.json" | tail -1)"
fi

step "exec -T: output split, exit code, stdin, env and workdir"
status=0
out="$(compose exec -T web sh -c 'echo out; echo err >&2; exit 3' 2>"$ACC_TMP/err" </dev/null)" || status=$?
expect_eq "exec status" 3 "$status"
expect_eq "exec stdout" out "$out"
expect_eq "exec stderr" err "$(cat "$ACC_TMP/err")"
expect_eq "exec stdin" piped "$(echo piped | compose exec -T web cat)"
expect_eq "exec -e -w" "1 /tmp" "$(compose exec -T -e X=1 -w /tmp web sh -c 'echo $X $(pwd)' </dev/null)"
status=0
out="$(compose exec -T --index 2 web true 2>&1 </dev/null)" || status=$?
expect_eq "exec on a missing container" 1 "$status"
expect_contains "exec on a missing container" 'service "web" is not running' "$out"
if $have_docker_compose; then
    status=0
    theirs exec -T web sh -c 'exit 5' </dev/null >/dev/null || status=$?
    expect_eq "docker compose exec's status" 5 "$status"
fi

step "run --rm: a one-off container, its output, stdin and exit code, then removed"
status=0
out="$(compose run --rm -T worker sh -c 'echo ran; echo oops >&2; exit 4' 2>"$ACC_TMP/err" </dev/null)" || status=$?
expect_eq "run status" 4 "$status"
expect_eq "run stdout" ran "$out"
expect_contains "run stderr" oops "$(cat "$ACC_TMP/err")"
expect_eq "run --rm leaves nothing" "" "$(docker ps -aq --filter "label=com.docker.compose.project=$project" --filter label=com.docker.compose.oneoff=True)"
expect_eq "run stdin" hi "$(echo hi | compose run --rm -T worker cat)"
expect_eq "run -e --entrypoint" "v=2" "$(compose run --rm -T -e V=2 --entrypoint 'sh -c' worker 'echo v=$V' </dev/null)"
name="$(compose run -d worker sleep 30)" || fail "run -d failed"
[[ $name == "$project-worker-run-"* ]] || fail "one-off name: $name"
expect_eq "one-off label" True "$(docker inspect -f '{{index .Config.Labels "com.docker.compose.oneoff"}}' "$name")"
[[ "$(compose ps --services)" != *run* && "$(compose ps -q)" != *"$(docker inspect -f '{{.Id}}' "$name")"* ]] \
    || fail "ps lists the one-off container"
docker rm -f "$name" >/dev/null || fail "removing the one-off failed"

step "pause, unpause, kill -s, rm"
out="$(compose pause worker 2>&1)" || fail "pause failed: $out"
expect_contains "paused" " Container $project-worker-1  Paused" "$out"
expect_eq "paused state" paused "$(state "$project-worker-1")"
expect_eq "ls sees paused" "paused(1), running(1)" "$(compose ls --format json | jq -r --arg p "$project" '.[] | select(.Name==$p) | .Status')"
out="$(compose unpause 2>&1)" || fail "unpause failed: $out"
expect_contains "unpaused" " Container $project-worker-1  Unpaused" "$out"
expect_eq "running again" running "$(state "$project-worker-1")"
out="$(compose kill -s SIGTERM worker 2>&1)" || fail "kill failed: $out"
expect_contains "killed" " Container $project-worker-1  Killed" "$out"
wait_for 10 "worker exited" bash -c "[[ \$(docker inspect -f '{{.State.Status}}' $project-worker-1) == exited ]]"
expect_eq "SIGTERM's exit code" 7 "$(docker inspect -f '{{.State.ExitCode}}' "$project-worker-1")"
out="$(echo n | compose rm worker 2>&1)" || fail "rm answered no failed: $out"
expect_contains "asked" "Going to remove $project-worker-1" "$out"
expect_eq "kept when answered no" exited "$(state "$project-worker-1")"
out="$(compose rm -f 2>&1)" || fail "rm -f failed: $out"
expect_contains "removed" " Container $project-worker-1  Removed" "$out"
[[ $out != *"$project-web-1"* ]] || fail "rm -f touched the running web: $out"
out="$(compose rm -f web 2>&1)" || fail "rm -f web failed: $out"
expect_contains "nothing stopped" "No stopped containers" "$out"
out="$(compose rm -f -s -v web 2>&1)" || fail "rm -fsv failed: $out"
expect_contains "stopped" " Container $project-web-1  Stopped" "$out"
expect_contains "removed" " Container $project-web-1  Removed" "$out"
expect_eq "containers left" "" "$(docker ps -aq --filter "label=com.docker.compose.project=$project")"

step "pull: a failing registry on loopback gives docker compose's lines and status"
mkdir -p "$dir/pull"
echo $'services:\n  w:\n    image: 127.0.0.1:9/nothing:1' >"$dir/pull/compose.yaml"
pull() { (cd "$dir/pull" && timeout 60 "$BERTH" compose -p "${project}p" pull "$@"); }
status=0
out="$(pull 2>&1)" || status=$?
expect_eq "failed pull status" 18 "$status"
expect_contains "pulling line" " w Pulling " "$out"
expect_contains "error line" " w Error " "$out"
expect_contains "last line" "Error response from daemon: " "$(tail -1 <<<"$out")"
out="$(pull --ignore-pull-failures 2>&1)" || fail "--ignore-pull-failures failed: $out"
if $have_docker_compose; then
    theirs_out="$(cd "$dir/pull" && timeout 60 docker compose -p "${project}p" pull 2>&1)" || true
    expect_eq "pull vs docker compose" "$theirs_out" "$(pull 2>&1 || true)"
fi

step "stop, restart and down -t: the timeout replaces the service's 30 s grace period"
mkdir -p "$dir/slow"
printf 'services:\n  slow:\n    image: bb:compose\n    command: [sleep, "600"]\n    stop_grace_period: 30s\n    ports: ["80"]\n' \
    >"$dir/slow/compose.yaml"
slow() { (cd "$dir/slow" && timeout 60 "$BERTH" compose -p "${project}s" "$@"); }
slow up -d >/dev/null 2>&1 || fail "slow up failed"
# A port published without a host IP: on 0.0.0.0 and ::, which docker compose 2.26's ps writes ":::P" (no brackets).
ours_ports="$(slow ps --format json | jq -r .Ports)"
expect_contains "ps ports, both families" ":::" "$ours_ports"
if $have_docker_compose; then
    expect_eq "ps ports vs docker compose" \
        "$(cd "$dir/slow" && timeout 60 docker compose -p "${project}s" ps --format json | jq -r .Ports)" "$ours_ports"
fi
# sleep as PID 1 ignores SIGTERM: only the timeout's SIGKILL ends it.
started=$SECONDS
slow stop -t 1 >/dev/null 2>&1 || fail "stop -t 1 failed"
((SECONDS - started < 20)) || fail "stop -t 1 waited out the 30 s grace period"
expect_eq "killed at the timeout" 137 "$(docker inspect -f '{{.State.ExitCode}}' "${project}s-slow-1")"
slow start >/dev/null 2>&1 || fail "slow start failed"
started=$SECONDS
slow restart -t 0 >/dev/null 2>&1 || fail "restart -t 0 failed"
slow down -t 0 >/dev/null 2>&1 || fail "down -t 0 failed"
((SECONDS - started < 20)) || fail "restart/down -t 0 waited out the grace period"
expect_eq "down removed it" "" "$(docker ps -aq --filter "label=com.docker.compose.project=${project}s")"
status=0
out="$(slow stop -t soon 2>&1)" || status=$?
expect_eq "a bad -t: status" 1 "$status"
expect_contains "a bad -t: pflag's words" \
    'invalid argument "soon" for "-t, --timeout" flag: strconv.ParseInt: parsing "soon": invalid syntax' "$out"
if $have_docker_compose; then
    theirs_bad="$(cd "$dir/slow" && timeout 60 docker compose -p "${project}s" stop -t soon 2>&1 | head -1)" || true
    expect_contains "a bad -t vs docker compose" "$(head -1 <<<"$out")" "$theirs_bad"
fi

step "version: pretty, --short, --format json, as docker compose's"
version="$(berthd_version)"
expect_eq "version" "Berth Compose version $version" "$(compose version)"
expect_eq "version --short" "$version" "$(compose version --short)"
expect_eq "version --format json" "{\"version\":\"$version\"}" "$(compose version --format json)"
expect_eq "version --format xml (docker compose 2.26 prints the pretty line)" "Berth Compose version $version" \
    "$(compose version --format xml)"

step "an unknown verb answers as docker compose"
status=0
out="$(compose frob 2>&1)" || status=$?
expect_eq "unknown verb status" 16 "$status"
expect_eq "unknown verb" 'unknown docker command: "compose frob"' "$out"

compose down >/dev/null 2>&1 || fail "down failed"
echo "PASS"
