#!/usr/bin/env bash
# Soak benchmark (issue 14, part 6): does berthd stay small and steady?
#   1. SOAK_RUNS `docker run --rm` in a row; every SOAK_EVERY runs a row with
#      berthd's RSS, fds, threads, and the mounts, cgroups and veths left.
#   2. SOAK_CLIENTS concurrent API clients (curl: ps, inspect, logs, stats of a
#      random container) for SOAK_SECONDS while containers churn (run -d,
#      stop, rm); /_ping latency sampled meanwhile; then the same row again.
# With a Docker daemon present (BENCH_DOCKER_HOST, see bench_lib.sh), series 1
# runs against it too and its RSS is printed beside berthd's.
# Not a test: it prints figures (README.md), and exits non-zero only when it
# could not run.
#
#   soak_bench.sh /path/to/berthd
#
# Environment (through `packaging/dev.sh exec -- env NAME=VALUE bash ...`):
#   SOAK_RUNS (100), SOAK_EVERY (50), SOAK_CLIENTS (50), SOAK_SECONDS (60),
#   BENCH_DOCKER_HOST (unix:///var/run/docker.sock; "none" leaves Docker out).
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
RUNS="${SOAK_RUNS:-100}"
EVERY="${SOAK_EVERY:-50}"
CLIENTS="${SOAK_CLIENTS:-50}"
SECONDS_CHURN="${SOAK_SECONDS:-60}"
for value in "$RUNS" "$EVERY" "$CLIENTS" "$SECONDS_CHURN"; do
    [[ $value =~ ^[1-9][0-9]*$ ]] || fail "SOAK_* settings must be positive numbers, got '$value'"
done
need_busybox
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
for ((i = 1; i <= RUNS; i++)); do
    timeout 30 docker run --rm soak:1 true || fail "docker run --rm number $i"
    ((i % EVERY)) || report "after $i runs"
done

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

step "2. $CLIENTS clients (ps, inspect, logs, stats) for ${SECONDS_CHURN}s while containers churn"
# api_client N: until the stop file appears, random reads of random containers;
# counts answers by class in $ACC_TMP/client-N (404 is a container churned away).
api_client() {
    local n=$1 ids id status path
    local -A count=()
    while [[ ! -e $ACC_TMP/stop ]]; do
        mapfile -t ids < <(curl -s --max-time 10 --unix-socket "$SOCK" "http://berthd/containers/json?all=1" |
            jq -r '.[].Id' 2>/dev/null)
        id="${ids[RANDOM % (${#ids[@]} + 1)]:-none}" # now and then an unknown ID: a 404
        case $((RANDOM % 4)) in
        0) path="/containers/json?all=1" ;;
        1) path="/containers/$id/json" ;;
        2) path="/containers/$id/logs?stdout=1&stderr=1&tail=10" ;;
        *) path="/containers/$id/stats?stream=0" ;;
        esac
        status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 --unix-socket "$SOCK" "http://berthd$path")"
        count[$status]=$((${count[$status]:-0} + 1))
    done
    for status in "${!count[@]}"; do printf '%s %s\n' "$status" "${count[$status]}"; done >"$ACC_TMP/client-$n"
}
churn() {
    local round=0 id
    while [[ ! -e $ACC_TMP/stop ]]; do
        id="$(timeout 30 docker run -d soak:1 sh -c 'echo hello; sleep 1000')" || { echo "run failed" >>"$ACC_TMP/churn"; continue; }
        timeout 30 docker stop -t 1 "$id" >/dev/null || echo "stop failed" >>"$ACC_TMP/churn"
        timeout 30 docker rm "$id" >/dev/null || echo "rm failed" >>"$ACC_TMP/churn"
        round=$((round + 1))
        echo "$round" >"$ACC_TMP/churn-rounds"
    done
}
workers=()
for ((c = 0; c < CLIENTS; c++)); do
    api_client "$c" &
    workers+=($!)
    track_helper $!
done
for _ in 1 2; do
    churn &
    workers+=($!)
    track_helper $!
done
: >"$ACC_TMP/pings"
deadline=$((SECONDS + SECONDS_CHURN))
while ((SECONDS < deadline)); do
    curl -s -o /dev/null -w '%{time_total}\n' --max-time 10 --unix-socket "$SOCK" http://berthd/_ping >>"$ACC_TMP/pings"
    sleep 0.2
done
touch "$ACC_TMP/stop"
wait "${workers[@]}" || true
read -r med p90 _ max < <(stats <"$ACC_TMP/pings")
p99="$(sort -g "$ACC_TMP/pings" | awk '{ v[NR] = $1 } END { r = int(0.99 * NR); if (r < 0.99 * NR) r++; print v[r] }')"
printf '/_ping during it: %s samples, median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n' \
    "$(wc -l <"$ACC_TMP/pings")" "$(awk -v s="$med" 'BEGIN{print s*1000}')" "$(awk -v s="$p90" 'BEGIN{print s*1000}')" \
    "$(awk -v s="$p99" 'BEGIN{print s*1000}')" "$(awk -v s="$max" 'BEGIN{print s*1000}')"
printf 'answers: %s\n' "$(cat "$ACC_TMP"/client-* | awk '{ n[$1] += $2 } END { for (s in n) printf "%s×%d ", s, n[s] }')"
printf 'churn: %s containers run, stopped and removed; failures: %s\n' "$(cat "$ACC_TMP/churn-rounds" 2>/dev/null || echo 0)" \
    "$(sort "$ACC_TMP/churn" 2>/dev/null | uniq -c | tr '\n' ' ' || true)"
for id in $(docker ps -aq); do docker rm -f "$id" >/dev/null; done
row "" "RSS" "fds" "threads" "mounts" "cgroups" "veths"
report "after the churn"
