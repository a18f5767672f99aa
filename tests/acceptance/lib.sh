# shellcheck shell=bash
# STOP_STATUS, API_BODY, API_STATUS and FAIL_OUTPUT are results read by the tests.
# shellcheck disable=SC2034
# Shared helpers for the acceptance tests: each test sources this file, calls
# `acc_setup "$@"` and then drives real berthd processes with real clients (the
# docker CLI, curl) over unix sockets in its own temporary directory.
#
# A daemon is known by a short name; everything it owns lives in $ACC_TMP/<name>:
#   berthd.sock  data/  exec/  berthd.pid  berthd.log  daemon.json
# The EXIT trap kills every daemon and background helper this test started (by
# pid) and removes $ACC_TMP, so tests run side by side without meeting.
set -euo pipefail

ACC_TEST_NAME="$(basename "$0" .sh)"
ACC_TMP=""
BERTHD=""
declare -A ACC_DAEMON_PID=()
ACC_BRIDGES=()
ACC_CGROUP_PARENTS=()
ACC_HELPER_PIDS=()
ACC_LAUNCHER=()

# ---- reporting --------------------------------------------------------------

step() { printf -- '--- %s\n' "$*"; }

# Print every daemon's log, so a failure shows what the daemon said.
dump_logs() {
    local log
    for log in "$ACC_TMP"/*/berthd.log "$ACC_TMP"/*/*.out; do
        [[ -f $log ]] || continue
        printf '\n===== %s =====\n' "${log#"$ACC_TMP"/}" >&2
        tail -n 50 "$log" >&2
    done
}

fail() {
    printf '\nFAIL (%s): %s\n' "$ACC_TEST_NAME" "$*" >&2
    exit 1
}

skip() {
    printf 'SKIP (%s): %s\n' "$ACC_TEST_NAME" "$*"
    exit 77
}

expect_eq() { # WHAT EXPECTED ACTUAL
    [[ "$3" == "$2" ]] || fail "$1: expected '$2', got '$3'"
}

expect_contains() { # WHAT NEEDLE HAYSTACK
    [[ "$3" == *"$2"* ]] || fail "$1: expected to contain '$2', got: $3"
}

# wait_for SECONDS DESCRIPTION CMD...: poll CMD every 0.1 s until it succeeds.
# CMD runs in this shell (its stdout dropped), so a `fail` inside it ends the test.
# The deadline is stretched 3x: it only bounds a wait for something that does
# happen, and CI's two cores running the suite in parallel are much slower than
# the figure a test was written with.
wait_for() {
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + 3 * seconds))
    until "$@" >/dev/null; do
        ((SECONDS < deadline)) || fail "timed out after $((3 * seconds))s waiting for: $what"
        sleep 0.1
    done
}

# ---- setup and teardown -----------------------------------------------------

# Containers outlive berthd by design (their monitors are nobody's children),
# so the cleanup finds them by what they carry of $ACC_TMP: container inits by
# the pids in their records, monitors by their command line; then the mounts
# under $ACC_TMP (rootfs overlays, netns files), the daemons' bridges and NAT
# tables, and their cgroups.
acc_cleanup_containers() {
    [[ -n $ACC_TMP && -d $ACC_TMP ]] || return 0
    local record pid proc
    for record in "$ACC_TMP"/*/data/containers/*/container.json; do
        [[ -f $record ]] || continue
        # Published ports: one nft table per container (port_publisher.h).
        nft delete table ip "berth_p_$(basename "$(dirname "$record")" | cut -c1-12)" 2>/dev/null
        nft delete table ip6 "berth_p_$(basename "$(dirname "$record")" | cut -c1-12)" 2>/dev/null
        pid="$(jq -r '.state.pid // 0' "$record" 2>/dev/null)"
        [[ $pid =~ ^[0-9]+$ ]] && ((pid > 1)) && kill -KILL "$pid" 2>/dev/null
    done
    for proc in /proc/[0-9]*; do
        if grep -q "berth-monitor $ACC_TMP/" <<<"$({ tr '\0' ' ' <"$proc/cmdline"; } 2>/dev/null)"; then
            kill -KILL "${proc#/proc/}" 2>/dev/null
        fi
    done
    sleep 0.2
    local mount
    for mount in $(findmnt -rn -o TARGET | grep "^$ACC_TMP/" | sort -r); do
        umount -l "$mount" 2>/dev/null
    done
    local name file
    # berthd_args keeps each daemon's bridge name in its directory.
    for file in "$ACC_TMP"/*/bridge; do
        [[ -f $file ]] || continue
        name="$(cat "$file")"
        ACC_BRIDGES+=("$name")
        ACC_CGROUP_PARENTS+=("berth-test-$name")
    done
    # User-defined networks: each record names its bridge (its table is berth_ + the name with _ for -).
    for file in "$ACC_TMP"/*/data/network/networks/*.json; do
        [[ -f $file ]] || continue
        name="$(jq -r '.Bridge // empty' "$file" 2>/dev/null)"
        [[ -n $name ]] || continue
        ip link delete "$name" 2>/dev/null
        nft delete table ip "berth_${name//-/_}" 2>/dev/null
        nft delete table ip6 "berth_${name//-/_}" 2>/dev/null # a network with IPv6
    done
    for name in "${ACC_BRIDGES[@]}"; do
        ip link delete "$name" 2>/dev/null
        nft delete table ip "berth_$name" 2>/dev/null
    done
    for name in "${ACC_CGROUP_PARENTS[@]}"; do
        local dir
        for dir in /sys/fs/cgroup/*/"$name" /sys/fs/cgroup/"$name"; do
            [[ -d $dir ]] || continue
            find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
        done
    done
}

acc_cleanup() {
    local status=$?
    set +e
    local pid
    for pid in "${ACC_HELPER_PIDS[@]}" "${ACC_DAEMON_PID[@]}"; do
        kill -KILL "$pid" 2>/dev/null
    done
    for pid in "${ACC_HELPER_PIDS[@]}" "${ACC_DAEMON_PID[@]}"; do
        wait "$pid" 2>/dev/null
    done
    if ((status != 0)) && [[ -n $ACC_TMP ]]; then dump_logs; fi
    acc_cleanup_containers
    [[ -n $ACC_TMP && -d $ACC_TMP ]] && rm -rf "$ACC_TMP"
    exit "$status"
}

# acc_setup BERTHD_PATH: check the tools, make the temp dir, install the trap.
acc_setup() {
    BERTHD="${1:-${BERTHD:-}}"
    [[ -n $BERTHD && -x $BERTHD ]] || fail "usage: $0 /path/to/berthd (got '${BERTHD}')"
    local tool
    for tool in docker curl jq timeout; do
        command -v "$tool" >/dev/null || skip "$tool is not installed"
    done
    # Daemons die with this shell even if it is killed too hard for its trap
    # (a ctest timeout); setpriv execs, so $! is still berthd's pid.
    if command -v setpriv >/dev/null && grep -q -- --pdeathsig <<<"$(setpriv --help 2>&1)"; then
        ACC_LAUNCHER=(setpriv --pdeathsig KILL --)
    fi
    ACC_TMP="$(mktemp -d "/tmp/berth-acc-${ACC_TEST_NAME}.XXXXXX")"
    trap acc_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    # The docker CLI must talk to our daemons only: no user config, contexts or TLS.
    mkdir -p "$ACC_TMP/docker-config"
    export DOCKER_CONFIG="$ACC_TMP/docker-config"
    unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_API_VERSION
    export DOCKER_HOST="unix:///nonexistent/berth-acc-no-daemon-chosen.sock"
}

# Remember a background helper (an events stream, say) for the trap to kill.
track_helper() { ACC_HELPER_PIDS+=("$1"); }

# ---- daemons ----------------------------------------------------------------

daemon_dir() { printf '%s/%s' "$ACC_TMP" "$1"; }
sock_of() { printf '%s/%s/berthd.sock' "$ACC_TMP" "$1"; }
log_of() { printf '%s/%s/berthd.log' "$ACC_TMP" "$1"; }
pidfile_of() { printf '%s/%s/berthd.pid' "$ACC_TMP" "$1"; }
data_root_of() { printf '%s/%s/data' "$ACC_TMP" "$1"; }
exec_root_of() { printf '%s/%s/exec' "$ACC_TMP" "$1"; }
pid_of() { printf '%s' "${ACC_DAEMON_PID[$1]:-}"; }

# The flags that give daemon NAME its own socket, roots, pid file, (empty)
# configuration file, so /etc/berth/daemon.json never leaks in, and bridge and
# cgroup parent: daemons side by side must not share the default berth0 (or a
# real berthd's). The bridge name is kept in NAME's directory, so a restart of
# NAME uses the same one and the cleanup finds it.
berthd_args() {
    local dir
    dir="$(daemon_dir "$1")"
    mkdir -p "$dir"
    [[ -f $dir/daemon.json ]] || echo '{}' >"$dir/daemon.json"
    [[ -f $dir/bridge ]] || acc_unique_name >"$dir/bridge"
    local bridge
    bridge="$(cat "$dir/bridge")"
    printf '%s\n' -H "unix://$dir/berthd.sock" --data-root "$dir/data" --exec-root "$dir/exec" \
        --pidfile "$dir/berthd.pid" --config-file "$dir/daemon.json" -b "$bridge" --cgroup-parent "berth-test-$bridge"
}

ping_ok() { curl -sf --max-time 2 --unix-socket "$1" http://berthd/_ping >/dev/null; }

# launch_berthd NAME SOCKET ARGS...: start berthd with exactly ARGS in the
# background, logging to NAME's log, and wait until SOCKET answers /_ping.
# Fails, with the log, if the daemon dies or stays silent for 10 s.
launch_berthd() {
    local name=$1 sock=$2
    shift 2
    local dir
    dir="$(daemon_dir "$name")"
    mkdir -p "$dir"
    "${ACC_LAUNCHER[@]}" "$BERTHD" "$@" >>"$dir/berthd.log" 2>&1 &
    local pid=$!
    ACC_DAEMON_PID[$name]=$pid
    local deadline=$((SECONDS + 10))
    until ping_ok "$sock"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            local rc=0
            wait "$pid" || rc=$?
            unset "ACC_DAEMON_PID[$name]"
            fail "berthd '$name' exited with status $rc instead of serving on $sock (its log is below)"
        fi
        ((SECONDS < deadline)) || fail "berthd '$name' did not answer /_ping on $sock within 10s"
        sleep 0.05
    done
}

acc_unique_name() { printf 'bt%s' "$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }

# start_berthd NAME [EXTRA_ARGS...]: a daemon with berthd_args NAME and socket group 0.
start_berthd() {
    local name=$1
    shift
    local -a args
    mapfile -t args < <(berthd_args "$name")
    launch_berthd "$name" "$(sock_of "$name")" "${args[@]}" --group 0 "$@"
}

# stop_berthd NAME [SIGNAL]: signal the daemon (SIGTERM by default), wait up to
# 10 s for it to exit and set STOP_STATUS to its exit status.
STOP_STATUS=""
stop_berthd() {
    local name=$1 signal=${2:-TERM}
    local pid="${ACC_DAEMON_PID[$name]:-}"
    [[ -n $pid ]] || fail "stop_berthd: no running daemon '$name'"
    kill -"$signal" "$pid"
    # 30 s: a stop kills and removes what is running (a build's RUN, say); CI's
    # loaded cores make that slow, and a hang still shows.
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]; do
        ((SECONDS < deadline)) || fail "berthd '$name' (pid $pid) still running 30s after SIG$signal"
        sleep 0.05
    done
    STOP_STATUS=0
    wait "$pid" 2>/dev/null || STOP_STATUS=$?
    unset "ACC_DAEMON_PID[$name]"
}

# expect_start_failure WHAT STATUS NEEDLE ARGS...: berthd ARGS must exit by
# itself (within 10 s) with STATUS and print "berthd: ...NEEDLE..." on stderr.
# Sets FAIL_OUTPUT.
FAIL_OUTPUT=""
expect_start_failure() {
    local what=$1 want_status=$2 needle=$3
    shift 3
    local status=0
    FAIL_OUTPUT="$(timeout 10 "$BERTHD" "$@" 2>&1 >/dev/null)" || status=$?
    [[ $status != 124 ]] || fail "$what: berthd was expected to refuse to start, but it was still running after 10s"
    expect_eq "$what: exit status" "$want_status" "$status"
    expect_contains "$what: stderr" "$needle" "$FAIL_OUTPUT"
    [[ $FAIL_OUTPUT == "berthd: "* ]] || fail "$what: expected stderr to start with 'berthd: ', got: $FAIL_OUTPUT"
}

# import_web_image PAGE: bb:test, busybox with /www/index.html saying PAGE,
# served by "${WEB_HTTPD[@]}" in the network tests.
WEB_HTTPD=(httpd -f -p 80 -h /www)
import_web_image() {
    local rootfs="$ACC_TMP/web-rootfs"
    make_busybox_rootfs "$rootfs"
    mkdir -p "$rootfs/www"
    echo "$1" >"$rootfs/www/index.html"
    tar -C "$rootfs" -cf "$ACC_TMP/web-rootfs.tar" .
    docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/web-rootfs.tar" bb:test >/dev/null || fail "docker import failed"
}

# free_ports N: N different ports no tcp or udp socket uses now, away from the
# ephemeral range, on one line (one call: a subshell could not remember which
# it gave before): read -r p1 p2 <<<"$(free_ports 2)".
free_ports() {
    local port chosen=()
    while ((${#chosen[@]} < $1)); do
        port=$((20000 + RANDOM % 10000))
        [[ " ${chosen[*]} " == *" $port "* ]] && continue
        [[ -z "$(ss -Htuln "sport = :$port")" ]] && chosen+=("$port")
    done
    echo "${chosen[*]}"
}

# seeded_sequence SEED_VAR LENGTH_VAR DEFAULT_LENGTH: a random test's seed (the
# variable named SEED_VAR, random when unset) and length (LENGTH_VAR, else the
# default) in $seed and $length, printed to replay a failure; RANDOM seeded.
seeded_sequence() {
    local seed_var=$1 length_var=$2
    seed=${!seed_var:-$((RANDOM * 32768 + RANDOM))}
    length=${!length_var:-$3}
    echo "$seed_var=$seed $length_var=$length"
    RANDOM=$seed
}

# need_tools TOOL...: skip unless every TOOL is installed.
need_tools() {
    local tool
    for tool in "$@"; do command -v "$tool" >/dev/null || skip "$tool is not installed"; done
}

# need_ipv6: skip unless the kernel has IPv6 and the host has not turned it off.
need_ipv6() {
    [[ -d /proc/sys/net/ipv6 ]] || skip "the kernel has no IPv6"
    [[ $(cat /proc/sys/net/ipv6/conf/all/disable_ipv6) == 0 ]] || skip "IPv6 is disabled on this host"
}

# fetch_page ADDRESS:PORT: the body of http://ADDRESS:PORT/ (an IPv6 address in
# brackets), asked directly (no proxy) within 5 s.
fetch_page() { curl -g -s --noproxy '*' --max-time 5 "http://$1/"; }

# expect_page WHAT ADDRESS:PORT PAGE: PAGE is served there (waiting for it up to 10 s).
expect_page() {
    wait_for 10 "$1 at $2" fetch_page "$2"
    expect_eq "$1" "$3" "$(fetch_page "$2")"
}

# port_table_of ID: the nft table of a container's published ports (port_publisher.h).
port_table_of() { printf 'berth_p_%s' "${1:0:12}"; }

# keep_ipv6_forwarding: berthd turns IPv6 forwarding on for a network with
# IPv6, as dockerd does; the EXIT trap gives the host back the value it had.
keep_ipv6_forwarding() {
    ACC_IPV6_FORWARDING="$(cat /proc/sys/net/ipv6/conf/all/forwarding)"
    trap acc_restore_ipv6_forwarding_and_clean_up EXIT
}
acc_restore_ipv6_forwarding_and_clean_up() {
    local status=$?
    set +e # acc_cleanup reads the test's status from $?: (exit) hands it on
    echo "$ACC_IPV6_FORWARDING" >/proc/sys/net/ipv6/conf/all/forwarding
    (exit "$status")
    acc_cleanup
}

# ---- clients ----------------------------------------------------------------

# docker_on NAME ARGS...: the docker CLI against daemon NAME, bounded in time.
docker_on() {
    local name=$1
    shift
    DOCKER_HOST="unix://$(sock_of "$name")" timeout 30 docker "$@"
}

# api NAME PATH: GET PATH; prints the body, then a last line with the HTTP status.
api() {
    curl -s --max-time 10 --unix-socket "$(sock_of "$1")" -w '\n%{http_code}' "http://berthd$2"
}

# api_post NAME PATH JSON: POST the JSON body to PATH; prints the response body
# (a refusal's {"message": ...} included), as the daemon answers it when the
# docker CLI would check the request itself first.
api_post() {
    local out
    out="$(api_post_status "$@")"
    printf '%s' "${out%$'\n'*}"
}

# api_post_status NAME PATH JSON: the same, the HTTP status on a last line of its own.
api_post_status() {
    curl -s --max-time 10 --unix-socket "$(sock_of "$1")" -w '\n%{http_code}' -H 'Content-Type: application/json' \
        "http://berthd$2" -d "$3"
}

# api_call NAME PATH: GET PATH into API_BODY and API_STATUS.
API_BODY=""
API_STATUS=""
api_call() {
    local out
    out="$(api "$1" "$2")" || fail "curl GET $2 on daemon '$1' failed (is it running?)"
    API_STATUS="${out##*$'\n'}"
    API_BODY="${out%$'\n'*}"
}

# The version berthd --version prints: "berthd version 0.1.0, build abc" -> 0.1.0
berthd_version() {
    "$BERTHD" --version | sed -n 's/^berthd version \([^,]*\),.*/\1/p'
}

# Docker's name for this machine's architecture, as in `docker version`'s OS/Arch.
go_arch() {
    case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    i386 | i686) echo 386 ;;
    armv*) echo arm ;;
    *) uname -m ;;
    esac
}

# need_busybox: BUSYBOX is Debian's busybox-static binary, or the test is skipped.
BUSYBOX=""
need_busybox() {
    BUSYBOX="$(command -v busybox || true)"
    [[ -n $BUSYBOX ]] || skip "busybox (busybox-static) is not installed"
}

# use_daemon NAME [EXTRA_ARGS...]: start daemon NAME and point the docker CLI at it.
use_daemon() {
    start_berthd "$@"
    DOCKER_HOST="unix://$(sock_of "$1")"
    export DOCKER_HOST
}

# make_busybox_rootfs DIR: a root filesystem of busybox-static with a link for
# every applet, /etc/passwd and /etc/group with root and nobody, and /tmp.
make_busybox_rootfs() {
    local dir=$1 applet
    mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp"
    cp "$BUSYBOX" "$dir/bin/busybox"
    for applet in $("$BUSYBOX" --list); do [[ -e $dir/bin/$applet ]] || ln -s busybox "$dir/bin/$applet"; done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$dir/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
}
