# shellcheck shell=bash
# What the benchmarks share: finding the Docker to compare with, processes, and
# figures. Sourced after tests/acceptance/lib.sh.

declare -A FIG=() # FIG[engine/key] = printed value

now() { printf '%s' "${EPOCHREALTIME/[.,]/}"; } # microseconds

# stats: numbers (one per line) in, "median p90 min max" out (p90 by nearest rank).
stats() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - - -"; exit }
        med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        r = int(0.9 * NR); if (r < 0.9 * NR) r++; if (r < 1) r = 1
        printf "%.4f %.4f %.4f %.4f\n", med, v[r], v[1], v[NR] }'
}

kb_field() { awk -v f="$2:" '$1 == f { print $2; exit }' "$1" 2>/dev/null || true; } # FILE FIELD
mb() { awk -v k="${1:-0}" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

# find_docker: the Docker daemon to compare with, from BENCH_DOCKER_HOST (default
# unix:///var/run/docker.sock; "none" leaves Docker out). Sets DOCKER_URL,
# DOCKER_SOCK, HAVE_DOCKER (1 when it answers /_ping) and DOCKER_WHY (why not).
DOCKER_URL=""
DOCKER_SOCK=""
HAVE_DOCKER=0
DOCKER_WHY=""
find_docker() {
    DOCKER_URL="${BENCH_DOCKER_HOST:-unix:///var/run/docker.sock}"
    DOCKER_SOCK="${DOCKER_URL#unix://}"
    HAVE_DOCKER=0
    DOCKER_WHY=""
    if [[ $DOCKER_URL == none ]]; then
        DOCKER_WHY="left out (BENCH_DOCKER_HOST=none)"
    elif [[ ! -S $DOCKER_SOCK ]]; then
        DOCKER_WHY="not found: no socket at $DOCKER_SOCK"
    elif [[ "$(curl -s --max-time 5 --unix-socket "$DOCKER_SOCK" http://docker/_ping 2>/dev/null)" != OK ]]; then
        DOCKER_WHY="not found: $DOCKER_SOCK does not answer /_ping"
    else
        HAVE_DOCKER=1
    fi
}

# pids_by_comm NAME: every process whose comm is NAME.
pids_by_comm() {
    local proc
    for proc in /proc/[0-9]*; do
        if [[ "$(cat "$proc/comm" 2>/dev/null)" == "$1" ]]; then printf '%s\n' "${proc#/proc/}"; fi
    done
}
