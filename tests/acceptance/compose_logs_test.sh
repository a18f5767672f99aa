#!/usr/bin/env bash
# Attached `berth compose up` and `berth compose logs` against a real berthd:
# merged logs prefixed "a-1   | " (docker compose's padding), "a-1 exited with
# code 4", the end when every container has exited, --abort-on-container-exit
# (docker compose's exit status: the first exited container's code),
# --exit-code-from, Ctrl+C (SIGINT) stopping the project gracefully with status
# 130 (a second one killing it), and `logs` with --tail, --no-log-prefix, -t, a service, -f; docker
# compose's words compared where it runs against the same berthd.
#   compose_logs_test.sh /path/to/berthd /path/to/berth
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/compose_lib.sh"
acc_setup "$1"
compose_needs "${2:-}"
use_daemon main

compose_image
compose_project cl
write_project() { # BB_COMMAND
    cat >"$dir/compose.yaml" <<YAML
services:
  a:
    image: bb:compose
    command: ["sh", "-c", "echo hello from a; sleep 1; echo bye; exit 4"]
    network_mode: none
  bb:
    image: bb:compose
    command: ["sh", "-c", "$1"]
    network_mode: none
    stop_grace_period: 1s
YAML
}

step "attached up: merged, prefixed logs until every container has exited"
write_project "echo one; echo two"
status=0
out="$(compose up 2>"$ACC_TMP/err")" || status=$?
expect_eq "status when all exited" 0 "$status"
expect_contains "attaching" "Attaching to a-1, bb-1" "$out"
expect_contains "a's line" "a-1   | hello from a" "$out"
expect_contains "bb's line" "bb-1  | two" "$out"
expect_contains "exit line" "a-1 exited with code 4" "$out"
expect_contains "exit line" "bb-1 exited with code 0" "$out"
[[ $out != *$'\033['* ]] || fail "colour written to a pipe: $out"

step "--abort-on-container-exit stops the rest; the status is the first exit code"
write_project "echo one; sleep 600"
status=0
out="$(compose up --abort-on-container-exit 2>"$ACC_TMP/err")" || status=$?
expect_eq "abort status" 4 "$status"
expect_contains "abort" "Aborting on container exit..." "$out"
expect_contains "stopped" " Container $project-bb-1  Stopped" "$(cat "$ACC_TMP/err")"
expect_eq "bb stopped" false "$(docker inspect -f '{{.State.Running}}' "$project-bb-1")"
status=0
out="$(compose up --exit-code-from bb 2>&1)" || status=$?
expect_eq "--exit-code-from bb (stopped: 137)" 137 "$status"
expect_eq "a restarted container's old lines are not shown again" 1 "$(grep -c "a-1   | hello from a" <<<"$out")"
status=0
out="$(compose up -d --abort-on-container-exit 2>&1)" || status=$?
expect_eq "-d with abort" 1 "$status"
expect_contains "-d with abort" "--detach cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies" "$out"

step "logs: every service, --tail, --no-log-prefix, -t, one service"
compose down >/dev/null 2>&1 || fail "down failed" # fresh containers: a restarted container's log grows
compose up -d >/dev/null 2>&1 || fail "up -d failed"
wait_for 10 "a exited" bash -c "[[ \$(docker inspect -f '{{.State.Status}}' $project-a-1) == exited ]]"
out="$(compose logs)" || fail "logs failed"
expect_contains "logs a" "a-1   | bye" "$out"
expect_contains "logs bb" "bb-1  | one" "$out"
expect_eq "logs --tail 1 a" "a-1  | bye" "$(compose logs --tail 1 a)"
expect_eq "--no-log-prefix" "$(printf 'hello from a\nbye')" "$(compose logs --no-log-prefix a)"
[[ "$(compose logs -t --no-log-prefix a | head -1)" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z\ hello\ from\ a$ ]] \
    || fail "logs -t has no timestamp: $(compose logs -t --no-log-prefix a)"
status=0
out="$(compose logs nosuch 2>&1)" || status=$?
expect_eq "unknown service status" 1 "$status"
expect_eq "unknown service" "no such service: nosuch" "$out"
if $have_docker_compose; then
    theirs="$(cd "$dir" && docker compose -p "$project" logs --no-log-prefix a 2>&1 | sed 's/\x1b\[2K//g')"
    expect_eq "logs vs docker compose" "$theirs" "$(compose logs --no-log-prefix a)"
fi
step "logs -f ends when the followed containers exit"
out="$(compose restart a 2>&1)" || fail "restart a failed: $out"
out="$(compose logs -f a)" || fail "logs -f failed"
expect_contains "followed to the end" "a-1 exited with code 4" "$out"

step "Ctrl+C stops the project gracefully with status 130"
compose down >/dev/null 2>&1 || fail "down failed"
rm -f "$ACC_TMP/out" "$ACC_TMP/err" # the previous step's lines must not be read as this one's
(cd "$dir" && exec "$BERTH" compose -p "$project" up >"$ACC_TMP/out" 2>"$ACC_TMP/err") &
pid=$!
wait_for 20 "bb's first line" grep -q "bb-1  | one" "$ACC_TMP/out"
kill -INT "$pid"
status=0
wait "$pid" || status=$?
expect_eq "status after Ctrl+C" 130 "$status"
expect_contains "graceful" "Gracefully stopping... (press Ctrl+C again to force)" "$(cat "$ACC_TMP/out")"
expect_contains "stopped" " Container $project-bb-1  Stopped" "$(cat "$ACC_TMP/err")"
expect_eq "bb stopped" false "$(docker inspect -f '{{.State.Running}}' "$project-bb-1")"

step "a second Ctrl+C kills what the graceful stop still waits for"
compose down >/dev/null 2>&1 || fail "down failed"
sed -i 's/stop_grace_period: 1s/stop_grace_period: 60s/' "$dir/compose.yaml" # sh as pid 1 ignores SIGTERM
rm -f "$ACC_TMP/out" "$ACC_TMP/err" # the previous step's lines must not be read as this one's
(cd "$dir" && exec "$BERTH" compose -p "$project" up >"$ACC_TMP/out" 2>"$ACC_TMP/err") &
pid=$!
wait_for 20 "bb's first line" grep -q "bb-1  | one" "$ACC_TMP/out"
kill -INT "$pid"
wait_for 10 "the graceful stop" grep -q "Gracefully stopping" "$ACC_TMP/out"
sleep 0.5
started=$SECONDS
kill -INT "$pid"
status=0
wait "$pid" || status=$?
expect_eq "status after two Ctrl+C" 130 "$status"
((SECONDS - started < 15)) || fail "the second Ctrl+C did not force the stop ($((SECONDS - started)) s)"
expect_eq "bb killed" false "$(docker inspect -f '{{.State.Running}}' "$project-bb-1")"

out="$(compose down 2>&1)" || fail "down failed: $out"
expect_eq "containers left" "" "$(docker ps -aq --filter "label=com.docker.compose.project=$project")"
echo "PASS"
