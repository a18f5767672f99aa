#!/usr/bin/env bash
# `berth compose up -d / ps / down -v` against a real berthd, checked with the
# docker CLI: a db with a healthcheck (busybox httpd, checked with wget), a web
# that waits for it to be healthy and for a one-shot init to exit 0, publishes a port on 127.0.0.1, a named
# volume and a user network; names and labels as docker compose sets them (and
# compared with `docker compose` itself when its plugin is installed), a second
# `up` that touches nothing, a changed env that recreates one service (and
# --remove-orphans that removes init, gone from the file), `down -v`
# that leaves no container, network or volume.
#   compose_up_test.sh /path/to/berthd /path/to/berth
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/compose_lib.sh"
acc_setup "$1"
compose_needs "${2:-}"
use_daemon main

with_index() { mkdir -p "$1/www" && echo "hello from web" >"$1/www/index.html"; }
compose_image with_index
compose_free_port
compose_project cu
write_project() { # WEB_GREETING [with-init]
    local init="" init_dependency=""
    if [[ ${2:-} == with-init ]]; then
        init=$'  init:\n    image: bb:compose\n    command: ["true"]\n    network_mode: none'
        init_dependency=$'      init: {condition: service_completed_successfully}'
    fi
    cat >"$dir/compose.yaml" <<YAML
services:
$init
  db:
    image: bb:compose
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_grace_period: 1s # httpd as pid 1 ignores SIGTERM: keep stops short
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
      interval: 1s
      retries: 30
    volumes: [data:/data]
    networks: [back]
  web:
    image: bb:compose
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_grace_period: 1s # httpd as pid 1 ignores SIGTERM: keep stops short
    environment: {GREETING: "$1"}
    ports: ["127.0.0.1:$port:80"]
    depends_on:
      db: {condition: service_healthy}
$init_dependency
    networks: [back] # berthd joins one network per container for now
volumes:
  data: {}
networks:
  back: {}
YAML
}

write_project hello with-init
step "an unknown flag is refused as docker compose refuses it"
status=0
out="$(compose up --frob 2>&1)" || status=$?
expect_eq "unknown flag status" 1 "$status"
expect_contains "unknown flag" "unknown flag: --frob" "$out"
step "up -d creates networks, volume and containers in dependency order"
out="$(compose up -d 2>&1)" || fail "up -d failed: $out"
expect_contains "progress" " Network ${project}_back  Created" "$out"
expect_contains "progress" " Volume \"${project}_data\"  Created" "$out"
expect_contains "progress" " Container $project-db-1  Healthy" "$out"
expect_contains "progress" " Container $project-web-1  Started" "$out"
expect_contains "progress" " Container $project-init-1  Exited" "$out"
[[ "$(docker inspect -f '{{.State.Running}}' "$project-web-1")" == true ]] || fail "web is not running"
expect_eq "db health" healthy "$(docker inspect -f '{{.State.Health.Status}}' "$project-db-1")"

step "labels as docker compose sets them"
labels="$(docker inspect -f '{{json .Config.Labels}}' "$project-web-1")"
expect_eq "project" "$project" "$(jq -r '."com.docker.compose.project"' <<<"$labels")"
expect_eq "service" web "$(jq -r '."com.docker.compose.service"' <<<"$labels")"
expect_eq "number" 1 "$(jq -r '."com.docker.compose.container-number"' <<<"$labels")"
expect_eq "oneoff" False "$(jq -r '."com.docker.compose.oneoff"' <<<"$labels")"
expect_eq "depends_on" "db:service_healthy:false,init:service_completed_successfully:false" "$(jq -r '."com.docker.compose.depends_on"' <<<"$labels")"
expect_eq "working_dir" "$dir" "$(jq -r '."com.docker.compose.project.working_dir"' <<<"$labels")"
expect_eq "config_files" "$dir/compose.yaml" "$(jq -r '."com.docker.compose.project.config_files"' <<<"$labels")"
expect_eq "config-hash" "web $(jq -r '."com.docker.compose.config-hash"' <<<"$labels")" \
    "$(compose config --hash web)"
expect_eq "image" "$(docker image inspect -f '{{.Id}}' bb:compose)" "$(jq -r '."com.docker.compose.image"' <<<"$labels")"
expect_eq "network label" back "$(docker network inspect -f '{{index .Labels "com.docker.compose.network"}}' "${project}_back")"
expect_eq "volume label" data "$(docker volume inspect -f '{{index .Labels "com.docker.compose.volume"}}' "${project}_data")"

step "services resolve each other by name; the port answers on loopback"
grep -q "hello from web" <<<"$(docker exec "$project-web-1" wget -qO- http://db/)" || fail "web cannot reach db by name"
wait_for 10 "published port" "$BUSYBOX" wget -qO- "http://127.0.0.1:$port/"

step "ps lists the project's containers"
expect_eq "ps --services" "$(printf 'db\nweb')" "$(compose ps --services | sort)"
expect_eq "ps -a --services" "$(printf 'db\ninit\nweb')" "$(compose ps -a --services | sort)"
expect_eq "ps json" "$project-web-1" "$(compose ps --format json | jq -r 'select(.Service=="web") | .Name')"
expect_eq "ps json health" healthy "$(compose ps --format json | jq -r 'select(.Service=="db") | .Health')"
table="$(compose ps)"
expect_contains "ps header" "NAME" "$(head -1 <<<"$table")"
expect_contains "ps header" "PORTS" "$(head -1 <<<"$table")"
expect_contains "ps ports" "127.0.0.1:$port->80/tcp" "$(grep "$project-web-1" <<<"$table")"
expect_eq "ps -q" "$(docker inspect -f '{{.Id}}' "$project-db-1")" "$(compose ps -q | grep "$(docker inspect -f '{{.Id}}' "$project-db-1")")"

step "a second up recreates nothing"
out="$(compose up -d 2>&1)" || fail "second up failed: $out"
expect_contains "second up" " Container $project-web-1  Running" "$out"
[[ $out != *Recreate* && $out != *Created* ]] || fail "second up changed something: $out"

step "up -d --force-recreate --wait db recreates db only; --no-recreate keeps a changed web"
out="$(compose up -d --force-recreate --wait db 2>&1)" || fail "forced up failed: $out"
expect_contains "forced" " Container $project-db-1  Recreated" "$out"
expect_contains "waited" " Container $project-db-1  Healthy" "$out"
[[ $out != *"$project-web-1"* ]] || fail "up db touched web: $out"
write_project changed with-init
out="$(compose up -d --no-recreate --no-deps web 2>&1)" || fail "no-recreate up failed: $out"
expect_contains "no-recreate" " Container $project-web-1  Running" "$out"
[[ $out != *Recreate* && $out != *"$project-db-1"* ]] || fail "--no-recreate --no-deps web changed something: $out"

step "a changed environment recreates web only; --remove-orphans removes init, gone from the file"
write_project changed
out="$(compose up -d --remove-orphans 2>&1)" || fail "third up failed: $out"
expect_contains "orphan" " Container $project-init-1  Removed" "$out"
expect_contains "recreate" " Container $project-web-1  Recreated" "$out"
expect_contains "db kept" " Container $project-db-1  Running" "$out"
grep -q GREETING=changed <<<"$(docker inspect -f '{{json .Config.Env}}' "$project-web-1")" || fail "web has the old env"

step "stop, start web, restart"
out="$(compose stop 2>&1)" || fail "stop failed: $out"
expect_contains "stop" " Container $project-db-1  Stopped" "$out"
expect_eq "stopped" "false false" "$(docker inspect -f '{{.State.Running}}' "$project-web-1" "$project-db-1" | xargs)"
out="$(compose start web 2>&1)" || fail "start failed: $out"
expect_contains "start" " Container $project-web-1  Started" "$out"
expect_eq "web only" "true false" "$(docker inspect -f '{{.State.Running}}' "$project-web-1" "$project-db-1" | xargs)"
out="$(compose restart 2>&1)" || fail "restart failed: $out"
expect_contains "restart" " Container $project-db-1  Restarted" "$out"
expect_eq "both run" "true true" "$(docker inspect -f '{{.State.Running}}' "$project-web-1" "$project-db-1" | xargs)"

step "down -v leaves no container, network or volume"
out="$(compose down -v 2>&1)" || fail "down failed: $out"
expect_contains "down" " Container $project-web-1  Removed" "$out"
expect_eq "containers left" "" "$(docker ps -aq --filter "label=com.docker.compose.project=$project")"
expect_eq "networks left" "" "$(docker network ls -q --filter "label=com.docker.compose.project=$project")"
expect_eq "volumes left" "" "$(docker volume ls -q --filter "label=com.docker.compose.project=$project")"

if $have_docker_compose; then
    step "docker compose on the same project sets the same names and labels"
    compose up -d >/dev/null 2>&1 || fail "berth up before comparison failed"
    ours="$(docker inspect -f '{{json .Config.Labels}}' "$project-web-1" | jq -S 'del(."com.docker.compose.version")')"
    compose down -v >/dev/null 2>&1 || fail "berth down before comparison failed"
    (cd "$dir" && timeout 60 docker compose -p "$project" up -d >/dev/null 2>&1) || fail "docker compose up failed"
    theirs="$(docker inspect -f '{{json .Config.Labels}}' "$project-web-1" | jq -S 'del(."com.docker.compose.version")')"
    expect_eq "labels vs docker compose" "$theirs" "$ours"
    theirs="$(cd "$dir" && docker compose -p "$project" ps --format json | jq -cS 'select(.Service=="web") | del(.CreatedAt, .RunningFor, .Status, .ID, .Labels)')"
    ours="$(compose ps --format json | jq -cS 'select(.Service=="web") | del(.CreatedAt, .RunningFor, .Status, .ID, .Labels)')"
    expect_eq "ps --format json vs docker compose" "$theirs" "$ours"
    step "berth brings down what docker compose made"
    compose down -v >/dev/null 2>&1 || fail "berth down of docker compose's project failed"
    expect_eq "containers left" "" "$(docker ps -aq --filter "label=com.docker.compose.project=$project")"
fi
echo "PASS"
