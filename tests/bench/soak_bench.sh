#!/usr/bin/env bash
# Soak benchmark (issue 14, part 6): does berthd stay small and steady?
#   1. SOAK_RUNS `docker run --rm` in a row; every SOAK_EVERY runs a row with
#      berthd's RSS, fds, threads, and the mounts, cgroups and veths left.
#   2. SOAK_CLIENTS concurrent API clients (soak_load.py: run, exec, logs -f,
#      stats, inspect, ps, pull from a registry on loopback, rmi) for
#      SOAK_SECONDS; /_ping timed every 0.1 s on a connection of its own,
#      beside an idle berthd's; the errors Docker would not give; what is
#      left; then the same row again.
# With a Docker daemon present (BENCH_DOCKER_HOST, see bench_lib.sh), series 1
# runs against it too and its RSS is printed beside berthd's.
# Not a test: it prints figures (README.md), and exits non-zero only when it
# could not run.
#
#   soak_bench.sh /path/to/berthd
#
# Environment (through `packaging/dev.sh exec -- env NAME=VALUE bash ...`):
#   SOAK_RUNS (100; 0 leaves series 1 out), SOAK_EVERY (50), SOAK_CLIENTS (50), SOAK_SECONDS (60),
#   BENCH_DOCKER_HOST (unix:///var/run/docker.sock; "none" leaves Docker out),
#   SOAK_SMAPS=1: berthd's resident memory by mapping (rss_by_mapping.py) idle,
#   1 s after the runs and once idle again.
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/registry_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
RUNS="${SOAK_RUNS:-100}"
EVERY="${SOAK_EVERY:-50}"
CLIENTS="${SOAK_CLIENTS:-50}"
SECONDS_CHURN="${SOAK_SECONDS:-60}"
for value in "$EVERY" "$CLIENTS" "$SECONDS_CHURN"; do
    [[ $value =~ ^[1-9][0-9]*$ ]] || fail "SOAK_* settings must be positive numbers, got '$value'"
done
[[ $RUNS =~ ^[0-9]+$ ]] || fail "SOAK_RUNS must be a number (0 leaves series 1 out), got '$RUNS'"
need_busybox
registry_tools_or_skip
command -v python3 >/dev/null || skip "python3 is not installed"
find_docker

use_daemon soak
PID="$(pid_of soak)"
SOCK="$(sock_of soak)"
BRIDGE="$(cat "$(daemon_dir soak)/bridge")"
make_busybox_rootfs "$ACC_TMP/rootfs"
tar -C "$ACC_TMP/rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import "$ACC_TMP/rootfs.tar" soak:1 >/dev/null || fail "docker import soak:1"

left_mounts() { { grep -- " $ACC_TMP/" /proc/self/mountinfo || true; } | wc -l; }
left_cgroups() { find /sys/fs/cgroup -mindepth 2 -type d -path "*berth-test-$BRIDGE*/*" 2>/dev/null | wc -l; }
left_veths() { ip -o link show master "$BRIDGE" 2>/dev/null | wc -l; }
smaps_table() { # TITLE
    [[ ${SOAK_SMAPS:-0} == 1 ]] || return 0
    printf '\n%s\n' "$1"
    python3 "$(dirname "${BASH_SOURCE[0]}")/rss_by_mapping.py" "$PID"
    echo
}
row() { printf '%-28s %-10s %-6s %-8s %-7s %-8s %-6s %s\n' "$@"; }
report() { # WHAT [DOCKERD_RSS]
    sleep 1 # idle again: its workers done
    row "$1" "$(mb "$(kb_field "/proc/$PID/status" VmRSS)")" "$(find "/proc/$PID/fd" -mindepth 1 | wc -l)" \
        "$(kb_field "/proc/$PID/status" Threads)" "$(left_mounts)" "$(left_cgroups)" "$(left_veths)" "${2:--}"
}
dockerd_rss() {
    local pid
    pid="$(pids_by_comm dockerd | head -n1)"
    [[ -n $pid ]] && mb "$(kb_field "/proc/$pid/status" VmRSS)" || printf -- '-'
}

step "1. $RUNS docker run --rm (load average $(cut -d' ' -f1-3 /proc/loadavg))"
row "" "RSS" "fds" "threads" "mounts" "cgroups" "veths" "dockerd RSS"
report "idle"
# berthd gives memory back once idle for 10-20 s (IdleRelease): the idle figure
# the runs are compared with is the one after that, as the one they return to.
if ((RUNS)); then
    sleep 24
    report "idle, 25 s later"
    smaps_table "idle, 25 s later, by mapping"
fi
for ((i = 1; i <= RUNS; i++)); do
    timeout 30 docker run --rm soak:1 true || fail "docker run --rm number $i"
    ((i % EVERY)) || report "after $i runs"
    if ((i == EVERY)); then smaps_table "1 s after $i runs, by mapping"; fi
done
if ((RUNS)); then
    sleep 24
    report "idle again, 25 s later"
    smaps_table "idle again, 25 s later, by mapping"
fi

if ((HAVE_DOCKER)); then
    step "1'. the same on Docker ($DOCKER_URL)"
    tag="berth-bench-soak:$(acc_unique_name)"
    DOCKER_HOST="$DOCKER_URL" docker import "$ACC_TMP/rootfs.tar" "$tag" >/dev/null || fail "importing into Docker"
    printf '%-28s %s\n' "idle" "$(dockerd_rss)"
    for ((i = 1; i <= RUNS; i++)); do
        DOCKER_HOST="$DOCKER_URL" timeout 30 docker run --rm "$tag" true >/dev/null || fail "Docker's run $i"
        ((i % EVERY)) || printf '%-28s %s\n' "after $i runs" "$(sleep 1; dockerd_rss)"
    done
    DOCKER_HOST="$DOCKER_URL" docker rmi "$tag" >/dev/null || true
else
    step "Docker: $DOCKER_WHY"
fi

step "2. $CLIENTS clients (run, exec, logs -f, stats, inspect, ps, pull, rmi) for ${SECONDS_CHURN}s"
# The image the clients pull and remove: soak:1 with one more layer, pushed to
# a registry on loopback and removed here, so every pull fetches a layer.
start_registry soak
PULL_REF="$(registry_addr soak)/soak-pull:1"
id="$(docker run -d soak:1 sh -c 'echo pulled >/pulled')" && docker wait "$id" >/dev/null &&
    docker commit "$id" "$PULL_REF" >/dev/null && docker rm "$id" >/dev/null || fail "making $PULL_REF"
docker push "$PULL_REF" >/dev/null || fail "docker push $PULL_REF"
docker rmi "$PULL_REF" >/dev/null || fail "docker rmi $PULL_REF"
# An idle berthd beside it, pinged in turn with the loaded one: what the
# machine's scheduler alone adds to a /_ping under this load.
start_berthd idle
LOAD="$(dirname "${BASH_SOURCE[0]}")/soak_load.py"
printf 'load average %s at the start\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$LOAD" ping "$SECONDS_CHURN" 0.1 "$SOCK" "$(sock_of idle)" >"$ACC_TMP/pings" &
pinger=$!
track_helper "$pinger"
python3 "$LOAD" load "$SOCK" "$SECONDS_CHURN" "$CLIENTS" soak:1 "$PULL_REF" || fail "the load generator failed"
wait "$pinger" || true
printf 'load average %s at the end\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
ping_line() { # WHICH WHAT
    local samples errors
    samples="$(awk -v w="$1" '$1 == w && $2 !~ /^error/ { print $2 }' "$ACC_TMP/pings")"
    errors="$(awk -v w="$1" '$1 == w && $2 ~ /^error/' "$ACC_TMP/pings" | wc -l)"
    sort -g <<<"$samples" | awk -v what="$2" -v errors="$errors" '{ v[NR] = $1 }
        function at(p,  r) { r = int(p * NR); if (r < p * NR) r++; if (r < 1) r = 1; return v[r] }
        END { printf "/_ping %s: %d samples, median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed\n",
              what, NR, at(0.5), at(0.9), at(0.99), v[NR], errors }'
}
ping_line 0 "of the loaded berthd"
ping_line 1 "of an idle berthd beside it"
docker rmi "$PULL_REF" >/dev/null 2>&1 || true # the last rmi may have come before the last pull
left_containers="$(docker ps -aq | wc -l)"
left_images="$(docker images -q | wc -l)"
printf 'left afterwards: %s containers, %s images (soak:1 is the one expected)\n' "$left_containers" "$left_images"
row "" "RSS" "fds" "threads" "mounts" "cgroups" "veths"
report "after the load"
sleep 24
report "idle again, 25 s later"
