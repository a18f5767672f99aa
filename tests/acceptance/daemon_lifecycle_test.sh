#!/usr/bin/env bash
# berthd as a process: one daemon per data root, exec root, pid file and socket;
# recovery from kill -9; clean exit on SIGTERM; the configuration file and its
# reload on SIGHUP; refused flags; two independent daemons side by side.
#   daemon_lifecycle_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"

# custom_args NAME SOCK DATA_ROOT EXEC_ROOT PIDFILE: full flags for a daemon whose
# paths are chosen one by one (to share some of them with another daemon).
# Daemons started by hand get a bridge and cgroup parent of this test's own too
# (one for all: at most one of them gets as far as making it), cleaned up by lib.sh.
CUSTOM_BRIDGE="$(acc_unique_name)"
ACC_BRIDGES+=("$CUSTOM_BRIDGE")
ACC_CGROUP_PARENTS+=("berth-test-$CUSTOM_BRIDGE")
custom_args() {
    local dir
    dir="$(daemon_dir "$1")"
    mkdir -p "$dir"
    [[ -f $dir/daemon.json ]] || echo '{}' >"$dir/daemon.json"
    printf '%s\n' -H "unix://$2" --data-root "$3" --exec-root "$4" --pidfile "$5" \
        --config-file "$dir/daemon.json" --group 0 -b "$CUSTOM_BRIDGE" --cgroup-parent "berth-test-$CUSTOM_BRIDGE"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

step "--version and --help"
out="$("$BERTHD" --version)" || fail "berthd --version exited non-zero: $out"
expect_contains "berthd --version" "berthd version " "$out"
out="$("$BERTHD" --help)" || fail "berthd --help exited non-zero: $out"
expect_contains "berthd --help" "Usage: berthd" "$out"

step "the pid file holds the running daemon's pid"
start_berthd first
first_pid="$(pid_of first)"
expect_eq "pid file $(pidfile_of first)" "$first_pid" "$(cat "$(pidfile_of first)")"
first_sock="$(sock_of first)"
other="$(daemon_dir other)"

first_still_serves() {
    local out
    out="$(docker_on first version --format '{{.Server.Version}}' 2>&1)" ||
        fail "the first daemon stopped serving after $1: $out"
    expect_eq "the first daemon's pid file after $1" "$first_pid" "$(cat "$(pidfile_of first)")"
    [[ -S $first_sock ]] || fail "the first daemon's socket $first_sock is gone after $1"
}

step "a second daemon on the same data root is refused"
mapfile -t args < <(custom_args other "$other/berthd.sock" "$(data_root_of first)" "$other/exec" "$other/berthd.pid")
expect_start_failure "second berthd on the same data root" 1 \
    "another berthd (pid $first_pid) is already running with data root $(data_root_of first)" "${args[@]}"
[[ ! -e $other/berthd.sock ]] || fail "the refused daemon left a socket at $other/berthd.sock"
[[ ! -e $other/berthd.pid ]] || fail "the refused daemon left a pid file at $other/berthd.pid"
first_still_serves "a refused daemon on its data root"

step "a second daemon on the same exec root is refused"
mapfile -t args < <(custom_args other "$other/berthd.sock" "$other/data" "$(exec_root_of first)" "$other/berthd.pid")
expect_start_failure "second berthd on the same exec root" 1 \
    "another berthd (pid $first_pid) is already running with exec root $(exec_root_of first)" "${args[@]}"
first_still_serves "a refused daemon on its exec root"

step "a second daemon on the same pid file is refused"
mapfile -t args < <(custom_args other "$other/berthd.sock" "$other/data" "$other/exec" "$(pidfile_of first)")
expect_start_failure "second berthd on the same pid file" 1 \
    "another berthd (pid $first_pid) is already running with pid file $(pidfile_of first)" "${args[@]}"
first_still_serves "a refused daemon on its pid file"

step "a second daemon on the same (live) socket is refused"
mapfile -t args < <(custom_args other "$first_sock" "$other/data" "$other/exec" "$other/berthd.pid")
expect_start_failure "second berthd on the same socket" 1 "another daemon is already listening on $first_sock" \
    "${args[@]}"
first_still_serves "a refused daemon on its socket"

step "after kill -9 the socket stays, and a new daemon replaces it"
stop_berthd first KILL
expect_eq "exit status of berthd after kill -9" "137" "$STOP_STATUS"
[[ -S $first_sock ]] || fail "expected the socket $first_sock to outlive kill -9 (nothing removes it), but it is gone"
ping_ok "$first_sock" && fail "the socket of a killed daemon still answers"
start_berthd first
first_pid="$(pid_of first)"
out="$(docker_on first version --format '{{.Server.Version}}' 2>&1)" || fail "docker version after the restart: $out"
expect_eq "docker version after replacing the stale socket" "$(berthd_version)" "$out"
expect_eq "pid file after the restart" "$first_pid" "$(cat "$(pidfile_of first)")"
expect_contains "log of the restarted daemon" "removing stale socket $first_sock" "$(cat "$(log_of first)")"

step "SIGTERM ends the daemon (and its event streams) with status 0, removing socket and pid file"
DOCKER_HOST="unix://$first_sock" docker system events >"$(daemon_dir first)/events.out" 2>&1 &
events_pid=$!
track_helper "$events_pid"
listening() { api_call first /info && [[ "$(jq -r .NEventsListener <<<"$API_BODY")" == 1 ]]; }
wait_for 10 "the events stream to be counted in /info's NEventsListener" listening
started_ms="$(now_ms)"
stop_berthd first TERM
took_ms=$(($(now_ms) - started_ms))
expect_eq "berthd exit status on SIGTERM" "0" "$STOP_STATUS"
((took_ms < 5000)) || fail "berthd took ${took_ms} ms to exit on SIGTERM, expected under 5 s"
[[ ! -e $first_sock ]] || fail "the socket $first_sock is still there after SIGTERM"
[[ ! -e $(pidfile_of first) ]] || fail "the pid file $(pidfile_of first) is still there after SIGTERM"
events_ended() { ! kill -0 "$events_pid" 2>/dev/null || [[ "$(ps -o stat= -p "$events_pid")" == Z* ]]; }
wait_for 5 "'docker system events' to end when the daemon stops" events_ended
expect_contains "log on SIGTERM" "shutting down on SIGTERM" "$(cat "$(log_of first)")"

step "--config-file with {\"log-level\": \"debug\"} is applied"
mkdir -p "$(daemon_dir debug)"
echo '{"log-level": "debug"}' >"$(daemon_dir debug)/daemon.json"
start_berthd debug
api_call debug /info
expect_eq "/info Debug with \"log-level\": \"debug\" in the configuration file" "true" "$(jq -r .Debug <<<"$API_BODY")"

step "SIGHUP reloads the configuration file's log level"
echo '{"log-level": "info"}' >"$(daemon_dir debug)/daemon.json"
kill -HUP "$(pid_of debug)"
debug_off() { api_call debug /info && [[ "$(jq -r .Debug <<<"$API_BODY")" == false ]]; }
wait_for 10 "/info Debug to become false after SIGHUP with \"log-level\": \"info\" in the file" debug_off
expect_contains "log after SIGHUP" "configuration reloaded" "$(cat "$(log_of debug)")"

step "SIGHUP reloads the registry mirrors and insecure registries, as dockerd does"
echo '{"log-level": "info", "registry-mirrors": ["https://mirror.test:5000"], "insecure-registries": ["reg.test:5000"]}' \
    >"$(daemon_dir debug)/daemon.json"
kill -HUP "$(pid_of debug)"
mirrors_reloaded() { api_call debug /info && [[ "$(jq -c .RegistryConfig.Mirrors <<<"$API_BODY")" == '["https://mirror.test:5000/"]' ]]; }
wait_for 10 "/info's mirrors after SIGHUP" mirrors_reloaded
expect_eq "/info's insecure registry after SIGHUP" "false" \
    "$(jq -r '.RegistryConfig.IndexConfigs["reg.test:5000"].Secure' <<<"$API_BODY")"

step "SIGHUP with a broken configuration file keeps the daemon and its settings"
echo '{"log-level": "debug"' >"$(daemon_dir debug)/daemon.json"
kill -HUP "$(pid_of debug)"
reload_failed() { grep -q 'level=error msg="reloading the configuration: unable to parse' "$(log_of debug)"; }
wait_for 10 "an error in the log about the broken configuration file on SIGHUP" reload_failed
api_call debug /info
expect_eq "/info status after a failed reload" "200" "$API_STATUS"
expect_eq "/info Debug after a failed reload (unchanged)" "false" "$(jq -r .Debug <<<"$API_BODY")"
stop_berthd debug
expect_eq "berthd exit status on SIGTERM" "0" "$STOP_STATUS"

step "the configuration file alone can give every setting"
files="$(daemon_dir fromfile)"
mkdir -p "$files"
acc_unique_name >"$files/bridge"
jq -n --arg dir "$files" --arg bridge "$(cat "$files/bridge")" '{hosts: ["unix://\($dir)/berthd.sock"],
    "data-root": "\($dir)/data", "exec-root": "\($dir)/exec", pidfile: "\($dir)/berthd.pid", group: "0",
    debug: true, bridge: $bridge, "cgroup-parent": "berth-test-\($bridge)"}' >"$files/config.json"
launch_berthd fromfile "$files/berthd.sock" --config-file "$files/config.json"
api_call fromfile /info
expect_eq "/info DockerRootDir from \"data-root\" in the file" "$files/data" "$(jq -r .DockerRootDir <<<"$API_BODY")"
expect_eq "/info Debug from \"debug\": true in the file" "true" "$(jq -r .Debug <<<"$API_BODY")"
[[ -d $files/exec ]] || fail "the exec root $files/exec named in the file was not made"
expect_eq "pid file named in the file" "$(pid_of fromfile)" "$(cat "$files/berthd.pid")"
stop_berthd fromfile
expect_eq "berthd exit status on SIGTERM" "0" "$STOP_STATUS"

step "a configuration file that still names keys berthd does not use yet loads, with a warning"
mkdir -p "$(daemon_dir later)"
echo '{"storage-opts": [], "storage-driver": "vfs"}' >"$(daemon_dir later)/daemon.json"
start_berthd later
expect_contains "log with \"storage-opts\" in the file" '\"storage-opts\" is not supported by this berthd yet' \
    "$(cat "$(log_of later)")"
expect_eq "the file's storage-driver" "vfs" "$(docker_on later info --format '{{.Driver}}')"
stop_berthd later

step "bad configuration files are refused"
bad="$(daemon_dir bad)"
mkdir -p "$bad"
mapfile -t args < <(custom_args bad "$bad/berthd.sock" "$bad/data" "$bad/exec" "$bad/berthd.pid")
echo '{"log-level": "debug"}' >"$bad/daemon.json"
expect_start_failure "log-level both as a flag and in the configuration file" 1 \
    "the following directives are specified both as a flag and in the configuration file: log-level" \
    "${args[@]}" --log-level info
echo '{"no-such-option": true}' >"$bad/daemon.json"
expect_start_failure "an unknown key in the configuration file" 1 \
    "the following directives don't match any configuration option: no-such-option" "${args[@]}"
echo '{"log-level": "debug",' >"$bad/daemon.json"
expect_start_failure "malformed JSON in the configuration file" 1 \
    "unable to parse the configuration file $bad/daemon.json" "${args[@]}"
echo '{"log-level": "loud"}' >"$bad/daemon.json"
expect_start_failure "a bad log level in the configuration file" 1 "unable to parse logging level: loud" "${args[@]}"
rm "$bad/daemon.json"
expect_start_failure "a configuration file that does not exist" 1 \
    "configuration file $bad/daemon.json does not exist" "${args[@]}"
[[ ! -e $bad/berthd.sock ]] || fail "a daemon refused for its configuration left a socket behind"

step "bad flags are refused"
echo '{}' >"$bad/daemon.json"
expect_start_failure "an unknown flag" 125 "unknown flag: --no-such-flag" "${args[@]}" --no-such-flag
# Loopback rather than 0.0.0.0: were the refusal broken, nothing would be exposed.
expect_start_failure "-H tcp://127.0.0.1:2375" 1 "unix sockets only" \
    --data-root "$bad/data" --exec-root "$bad/exec" --pidfile "$bad/berthd.pid" --config-file "$bad/daemon.json" \
    --group 0 -H tcp://127.0.0.1:2375
expect_start_failure "--group nosuchgroup" 1 "group nosuchgroup not found" \
    -H "unix://$bad/berthd.sock" --data-root "$bad/data" --exec-root "$bad/exec" --pidfile "$bad/berthd.pid" \
    --config-file "$bad/daemon.json" --group nosuchgroup
expect_start_failure "--log-level loud" 125 "unable to parse logging level: loud" "${args[@]}" --log-level loud
[[ ! -e $bad/berthd.sock ]] || fail "a refused daemon left a socket behind"

step "a daemon that fails on its second socket removes the first"
start_berthd holder
partial="$(daemon_dir partial)"
mkdir -p "$partial"
status=0
out="$(timeout 10 "$BERTHD" -H "unix://$partial/first.sock" -H "unix://$(sock_of holder)" --data-root "$partial/data" \
    --exec-root "$partial/exec" --pidfile "$partial/berthd.pid" --config-file "$(daemon_dir holder)/daemon.json" \
    --group 0 -b "$CUSTOM_BRIDGE" --cgroup-parent "berth-test-$CUSTOM_BRIDGE" 2>&1)" || status=$?
expect_eq "exit status with a second -H already served by another daemon" 1 "$status"
expect_contains "stderr with a second -H already served" "berthd: another daemon is already listening" "$out"
[[ ! -e $partial/first.sock ]] || fail "a daemon that did not start left its first socket $partial/first.sock behind"
stop_berthd holder

step "relative roots become absolute; a missing pid file directory is made"
relative="$(daemon_dir relative)"
mkdir -p "$relative"
echo '{}' >"$relative/daemon.json"
(cd "$relative" && exec "${ACC_LAUNCHER[@]}" "$BERTHD" -H "unix://$relative/berthd.sock" --data-root rel-data \
    --exec-root rel-exec --pidfile "$relative/run/sub/berthd.pid" --config-file daemon.json --group 0 \
    -b "$CUSTOM_BRIDGE" --cgroup-parent "berth-test-$CUSTOM_BRIDGE" >>"$relative/berthd.log" 2>&1) &
# shellcheck disable=SC2034 # read by lib.sh's cleanup and stop_berthd
ACC_DAEMON_PID[relative]=$!
wait_for 10 "berthd with relative roots to answer" ping_ok "$relative/berthd.sock"
out="$(docker_on relative info --format '{{.DockerRootDir}}' 2>&1)" || fail "docker info with relative roots: $out"
expect_eq "DockerRootDir given as rel-data" "$relative/rel-data" "$out"
[[ -s $relative/run/sub/berthd.pid ]] || fail "the pid file in a new directory $relative/run/sub was not written"
stop_berthd relative

step "two daemons with their own roots and sockets run side by side"
start_berthd left
start_berthd right -D
for name in left right; do
    out="$(docker_on "$name" version --format '{{.Server.Version}}' 2>&1)" ||
        fail "docker version against '$name' (with another daemon running) failed: $out"
    expect_eq "docker version against '$name'" "$(berthd_version)" "$out"
done
left="$(docker_on left info --format '{{.ID}} {{.DockerRootDir}} {{.Debug}}')" || fail "docker info on 'left': $left"
right="$(docker_on right info --format '{{.ID}} {{.DockerRootDir}} {{.Debug}}')" || fail "docker info on 'right': $right"
[[ ${left%% *} != "${right%% *}" ]] || fail "two daemons with separate data roots share the engine ID ${left%% *}"
expect_eq "docker info DockerRootDir and Debug of 'left'" "$(data_root_of left) false" "${left#* }"
expect_eq "docker info DockerRootDir and Debug of 'right' (started with -D)" "$(data_root_of right) true" "${right#* }"
stop_berthd left INT
expect_eq "exit status of 'left' on SIGINT" "0" "$STOP_STATUS"
[[ ! -e $(sock_of left) && ! -e $(pidfile_of left) ]] || fail "the socket or pid file of 'left' is still there after SIGINT"
out="$(docker_on right version --format '{{.Server.Version}}' 2>&1)" || fail "'right' stopped serving when 'left' stopped: $out"
stop_berthd right
expect_eq "exit status of 'right' on SIGTERM" "0" "$STOP_STATUS"

echo "PASS ($ACC_TEST_NAME)"
