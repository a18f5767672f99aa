#!/usr/bin/env bash
# `berth compose up` with depends_on conditions and scale against a real berthd:
# a one-shot init that exits 1 stops `up` with docker compose's words and exit
# status (compared with `docker compose` on the same project when installed),
# `required: false` on a service left out by its profile, `deploy.replicas`,
# `--scale web=3` (names -1..-3) and back to 1 (the highest numbers removed),
# `restart: true` (a recreated db restarts web), `--wait`, the `scale` verb and
# `down --rmi local|all`, `create`.
#   compose_scale_test.sh /path/to/berthd /path/to/berth
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/compose_lib.sh"
acc_setup "$1"
compose_needs "${2:-}"
use_daemon main

compose_image
compose_project cs
names() { docker ps -a --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | sort | xargs; }

step "a dependency that exits 1 stops up with docker compose's error"
cat >"$dir/compose.yaml" <<'YAML'
services:
  init:
    image: bb:compose
    command: ["sh", "-c", "exit 3"]
    network_mode: none
  app:
    image: bb:compose
    command: ["sleep", "600"]
    network_mode: none
    depends_on:
      init: {condition: service_completed_successfully}
YAML
status=0
out="$(compose up -d 2>&1)" || status=$?
expect_eq "failed up status" 1 "$status"
expect_contains "failed up" "service \"init\" didn't complete successfully: exit 3" "$out"
expect_eq "app not created" "" "$(names app)"
if $have_docker_compose; then
    compose down >/dev/null 2>&1 || fail "down after the failed up failed"
    status=0
    theirs="$(cd "$dir" && timeout 60 docker compose -p "$project" up -d 2>&1)" || status=$?
    expect_eq "docker compose's status" 1 "$status"
    expect_contains "docker compose's words" "service \"init\" didn't complete successfully: exit 3" "$theirs"
fi
compose down >/dev/null 2>&1 || fail "down failed"

step "required: false on a service its profile leaves out; deploy.replicas; --wait"
cat >"$dir/compose.yaml" <<'YAML'
services:
  db:
    image: bb:compose
    command: ["sleep", "600"]
    stop_grace_period: 1s
    network_mode: none
    environment: {V: "1"}
  extra:
    image: bb:compose
    profiles: [extra]
    network_mode: none
  web:
    image: bb:compose
    command: ["sleep", "600"]
    stop_grace_period: 1s
    network_mode: none
    deploy: {replicas: 2}
    depends_on:
      db: {condition: service_started, restart: true}
      extra: {condition: service_healthy, required: false}
YAML
out="$(compose create 2>&1)" || fail "create failed: $out"
expect_contains "created" " Container $project-web-2  Created" "$out"
[[ $out != *Started* ]] || fail "create started something: $out"
expect_eq "created, not started" "created created" "$(docker inspect -f '{{.State.Status}}' "$project-web-1" "$project-db-1" | xargs)"
out="$(compose up -d --wait 2>&1)" || fail "up --wait failed: $out"
expect_eq "replicas" "$project-web-1 $project-web-2" "$(names web)"
expect_contains "waited" " Container $project-web-2  Healthy" "$out"
expect_eq "extra not created" "" "$(names extra)"

step "--scale web=3 adds -3; --scale web=1 removes the highest numbers"
out="$(compose up -d --scale web=3 2>&1)" || fail "scale up failed: $out"
expect_eq "scaled up" "$project-web-1 $project-web-2 $project-web-3" "$(names web)"
expect_contains "kept" " Container $project-web-1  Running" "$out"
out="$(compose up -d --scale web=1 2>&1)" || fail "scale down failed: $out"
expect_eq "scaled down" "$project-web-1" "$(names web)"
expect_contains "removed" " Container $project-web-3  Removed" "$out"
status=0
out="$(compose up -d --scale web 2>&1)" || status=$?
expect_eq "bad --scale status" 1 "$status"
expect_contains "bad --scale" 'invalid --scale option "web". Should be SERVICE=NUM' "$out"

step "restart: true: a recreated db restarts the running web"
sed -i 's/V: "1"/V: "2"/' "$dir/compose.yaml"
out="$(compose up -d --scale web=1 2>&1)" || fail "up after db change failed: $out"
expect_contains "db recreated" " Container $project-db-1  Recreated" "$out"
expect_contains "web restarted" " Container $project-web-1  Restarted" "$out"

step "the scale verb; down --rmi local keeps a named image, --rmi all removes it"
out="$(compose scale web=2 2>&1)" || fail "scale failed: $out"
expect_eq "scale verb" "$project-web-1 $project-web-2" "$(names web)"
status=0
out="$(compose scale web 2>&1)" || status=$?
expect_eq "bad scale status" 1 "$status"
expect_eq "bad scale" "invalid scale specifier: web" "$out"
status=0
out="$(compose down --rmi foo 2>&1)" || status=$?
expect_eq "bad --rmi status" 1 "$status"
expect_eq "bad --rmi" 'invalid value for --rmi: "foo"' "$out"
out="$(compose down --rmi local 2>&1)" || fail "down failed: $out"
expect_eq "containers left" "" "$(docker ps -aq --filter "label=com.docker.compose.project=$project")"
docker image inspect bb:compose >/dev/null 2>&1 || fail "--rmi local removed the image named in the file"
out="$(compose down --rmi all 2>&1)" || fail "down --rmi all failed: $out"
expect_contains "image removed" " Image bb:compose  Removed" "$out"
! docker image inspect bb:compose >/dev/null 2>&1 || fail "--rmi all left bb:compose"
echo "PASS"
