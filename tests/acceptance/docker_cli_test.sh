#!/usr/bin/env bash
# The real docker CLI against berthd: version, info, events (live and replayed),
# a not-yet-implemented endpoint, and the API version checks seen through curl.
#   docker_cli_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"

start_berthd main
DOCKER_HOST="unix://$(sock_of main)"
export DOCKER_HOST
hostname="$(uname -n)"

step "docker version reports the server berthd is"
want_version="$(berthd_version)"
[[ -n $want_version ]] || fail "could not read a version from '$BERTHD --version': $("$BERTHD" --version)"
server="$(docker_on main version --format \
    '{{.Server.Version}}|{{.Server.APIVersion}}|{{.Server.MinAPIVersion}}|{{.Server.Os}}|{{.Server.Arch}}|{{.Server.KernelVersion}}')" ||
    fail "docker version failed: $server"
IFS='|' read -r version api_version min_api_version os arch kernel <<<"$server"
expect_eq "docker version: Server.Version (berthd --version)" "$want_version" "$version"
expect_eq "docker version: Server.APIVersion" "1.45" "$api_version"
expect_eq "docker version: Server.MinAPIVersion" "1.24" "$min_api_version"
expect_eq "docker version: Server.Os" "linux" "$os"
expect_eq "docker version: Server.Arch" "$(go_arch)" "$arch"
expect_eq "docker version: Server.KernelVersion (uname -r)" "$(uname -r)" "$kernel"

step "docker info reports this host and this daemon"
info="$(docker_on main info --format '{{json .}}')" || fail "docker info --format '{{json .}}' failed: $info"
field() { jq -r ".$1" <<<"$info"; }
expect_eq "docker info: NCPU (nproc)" "$(nproc)" "$(field NCPU)"
mem_kb="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
expect_eq "docker info: MemTotal (/proc/meminfo MemTotal * 1024)" "$((mem_kb * 1024))" "$(field MemTotal)"
expect_eq "docker info: KernelVersion (uname -r)" "$(uname -r)" "$(field KernelVersion)"
if [[ "$(stat -fc %T /sys/fs/cgroup)" == cgroup2fs ]]; then want_cgroup=2; else want_cgroup=1; fi
expect_eq "docker info: CgroupVersion (/sys/fs/cgroup is $(stat -fc %T /sys/fs/cgroup))" "$want_cgroup" "$(field CgroupVersion)"
expect_eq "docker info: DockerRootDir (--data-root)" "$(data_root_of main)" "$(field DockerRootDir)"
expect_eq "docker info: Name (hostname)" "$hostname" "$(field Name)"
expect_eq "docker info: Containers" "0" "$(field Containers)"
expect_eq "docker info: ServerVersion" "$want_version" "$(field ServerVersion)"
engine_id="$(field ID)"
[[ -n $engine_id && $engine_id != null ]] || fail "docker info: ID is empty: $info"
plain="$(docker_on main info 2>&1)" || fail "plain docker info exited non-zero: $plain"
expect_contains "plain docker info" "Server Version: $want_version" "$plain"

step "docker system events streams the daemon's reload event"
t0="$(date +%s.%N)"
events_file="$(daemon_dir main)/events.out"
# Run directly (not through docker_on's timeout) so that $! is the CLI itself.
docker system events --format '{{json .}}' >"$events_file" 2>&1 &
events_pid=$!
track_helper "$events_pid"
# The stream is live once the daemon counts its listener: only then can a
# reload not slip by before the subscription.
listening() { api_call main /info && [[ "$(jq -r .NEventsListener <<<"$API_BODY")" == 1 ]]; }
wait_for 10 "the events stream to be counted in /info's NEventsListener" listening
kill -HUP "$(pid_of main)"
reload_seen() { grep -q '"Action":"reload"' "$events_file"; }
wait_for 10 "a daemon reload event on 'docker system events' (its output is printed below)" reload_seen
event="$(jq -R -c 'fromjson? | select(.Type == "daemon" and .Action == "reload")' "$events_file")"
[[ -n $event ]] || fail "the events stream printed no JSON reload event of type daemon: $(cat "$events_file")"
expect_eq "reload event: Actor.ID (docker info ID)" "$engine_id" "$(jq -r .Actor.ID <<<"$event")"
expect_eq "reload event: Actor.Attributes.name (hostname)" "$hostname" "$(jq -r .Actor.Attributes.name <<<"$event")"
expect_eq "reload event: scope" "local" "$(jq -r .scope <<<"$event")"
# Read the times as text: jq's doubles cannot hold timeNano exactly.
raw_event="$(grep -m1 '"Action":"reload"' "$events_file")"
time_nano="$(grep -o '"timeNano":[0-9]*' <<<"$raw_event" | cut -d: -f2)"
time_s="$(grep -o '"time":[0-9]*' <<<"$raw_event" | cut -d: -f2)"
[[ ${#time_nano} -gt 9 ]] || fail "reload event: no timeNano in $raw_event"
expect_eq "reload event: time (timeNano $time_nano in whole seconds)" "${time_nano:0:${#time_nano}-9}" "$time_s"
kill "$events_pid" 2>/dev/null || true
wait "$events_pid" 2>/dev/null || true

step "docker system events --since/--until replays the reload and ends by itself"
until_time="$(date +%s.%N)"
replay() { # ARGS...: the replayed events, one JSON per line; fails if it does not end
    local out status=0
    out="$(docker_on main system events --since "$t0" --until "$until_time" --format '{{json .}}' "$@" 2>&1)" ||
        status=$?
    [[ $status != 124 ]] || fail "docker system events --since/--until $* did not end by itself"
    [[ $status == 0 ]] || fail "docker system events --since/--until $* exited $status: $out"
    printf '%s' "$out"
}
replayed="$(replay)"
expect_eq "replay: number of events" "1" "$(grep -c . <<<"$replayed" || true)"
expect_eq "replay: the event" "daemon reload $engine_id" "$(jq -r '"\(.Type) \(.Action) \(.Actor.ID)"' <<<"$replayed")"
replayed="$(replay --filter type=container)"
expect_eq "replay --filter type=container" "" "$replayed"
replayed="$(replay --filter event=reload)"
expect_eq "replay --filter event=reload" "daemon reload" "$(jq -r '"\(.Type) \(.Action)"' <<<"$replayed")"
replayed="$(replay --filter type=daemon --filter "daemon=$engine_id")"
expect_eq "replay --filter type=daemon --filter daemon=<ID>" "daemon reload" \
    "$(jq -r '"\(.Type) \(.Action)"' <<<"$replayed")"
replayed="$(replay --filter event=start)"
expect_eq "replay --filter event=start" "" "$replayed"

step "docker system events --until a moment ahead waits for it, then ends"
started="$(date +%s%N)"
status=0
out="$(docker_on main system events --until "$(date -d '+1 second' +%s.%N)" 2>&1)" || status=$?
took_ms=$((($(date +%s%N) - started) / 1000000))
[[ $status != 124 ]] || fail "docker system events --until <now + 1 s> was still running after 30 s"
expect_eq "docker system events --until <now + 1 s>: exit status (output: $out)" "0" "$status"
((took_ms >= 900 && took_ms < 10000)) ||
    fail "docker system events --until <now + 1 s> ended after ${took_ms} ms, expected about 1 s"

step "docker system events rejects an unknown filter"
status=0
out="$(docker_on main system events --filter foo=bar 2>&1)" || status=$?
[[ $status != 124 ]] || fail "docker system events --filter foo=bar kept running instead of failing"
[[ $status != 0 ]] || fail "docker system events --filter foo=bar succeeded: $out"
expect_contains "docker system events --filter foo=bar" "invalid filter 'foo'" "$out"

step "docker plugin ls fails: the Plugin API is not implemented yet"
status=0
out="$(docker_on main plugin ls 2>&1)" || status=$?
[[ $status != 0 ]] || fail "docker plugin ls was expected to fail (501), but it succeeded: $out"
expect_contains "docker plugin ls error" "not implemented" "$out"
api_call main /v1.45/plugins
expect_eq "GET /v1.45/plugins status" "501" "$API_STATUS"
expect_eq "GET /v1.45/plugins message" \
    "GET /plugins is not implemented in berthd yet (Plugin API)" "$(jq -r .message <<<"$API_BODY")"

step "API versions and unknown paths over raw HTTP"
api_call main /v1.99/info
expect_eq "GET /v1.99/info status" "400" "$API_STATUS"
expect_contains "GET /v1.99/info message" "is too new" "$(jq -r .message <<<"$API_BODY")"
api_call main /v1.23/info
expect_eq "GET /v1.23/info status" "400" "$API_STATUS"
expect_contains "GET /v1.23/info message" "is too old" "$(jq -r .message <<<"$API_BODY")"
api_call main /nope
expect_eq "GET /nope status" "404" "$API_STATUS"
expect_eq "GET /nope message" "page not found" "$(jq -r .message <<<"$API_BODY")"
api_call main /v1.24/version
expect_eq "GET /v1.24/version status" "200" "$API_STATUS"
expect_eq "GET /v1.24/version Version" "$want_version" "$(jq -r .Version <<<"$API_BODY")"

step "the engine ID survives a restart (kept in the data root)"
stop_berthd main
expect_eq "berthd exit status on SIGTERM" "0" "$STOP_STATUS"
start_berthd main
restarted_id="$(docker_on main info --format '{{.ID}}')" || fail "docker info after restart failed: $restarted_id"
expect_eq "docker info: ID after a restart" "$engine_id" "$restarted_id"

echo "PASS ($ACC_TEST_NAME)"
