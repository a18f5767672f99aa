#!/usr/bin/env bash
# Compose benchmark (issue 13 §6): `up -d` and `down` of a 10-service project
# (images present, no builds), by `berth compose` and `docker compose` against
# berthd and, when a Docker answers, against it; and `config` of a 30-service
# file by each. Targets: berth compose against berthd ≤ 0.3× docker compose
# against dockerd and ≤ 0.5× docker compose against berthd (the same engine:
# the difference is the client), for up and down alike; config ≤ 20 ms.
# Not a test: it prints figures (see README.md).
#
#   compose_bench.sh /path/to/berthd /path/to/berth [RUNS]
#   BENCH_START_DOCKERD=1 ... for a dockerd of the bench's own (--iptables=false)
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/dockerd_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
BERTH="${2:-}"
RUNS="${3:-5}"
[[ -x $BERTH ]] || fail "usage: $0 BERTHD BERTH [RUNS]"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || fail "RUNS must be a positive number, got '$RUNS'"
need_busybox
use_daemon berth
BERTHD_URL="$DOCKER_HOST"
if [[ ${BENCH_START_DOCKERD:-0} == 1 ]]; then
    command -v dockerd >/dev/null || fail "BENCH_START_DOCKERD=1 but dockerd is not installed"
    start_dockerd
    BENCH_DOCKER_HOST="unix://$(dockerd_sock)"
fi
find_docker
have_docker_compose=0
docker compose version >/dev/null 2>&1 && have_docker_compose=1

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
import_on() { DOCKER_HOST="$1" timeout 60 docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:bench >/dev/null; }
import_on "$BERTHD_URL" || fail "docker import on berthd failed"
((HAVE_DOCKER)) && { import_on "$DOCKER_URL" || fail "docker import on Docker failed"; }

# write_project DIR SERVICES: SERVICES busybox services sleeping on the default network.
write_project() {
    mkdir -p "$1"
    { echo "services:"; for ((s = 1; s <= $2; s++)); do
        printf '  s%02d:\n    image: bb:bench\n    command: [sleep, "600"]\n    environment: {N: "%d"}\n' "$s" "$s"
    done; } >"$1/compose.yaml"
}
write_project "$ACC_TMP/ten" 10
write_project "$ACC_TMP/thirty" 30

# client TOOL URL ARGS...: `berth compose` or `docker compose` on the ten-service project at URL.
client() {
    local tool=$1 url=$2
    shift 2
    if [[ $tool == berth ]]; then (cd "$ACC_TMP/ten" && DOCKER_HOST="$url" timeout 120 "$BERTH" compose -p "cb$RUN_ID" "$@")
    else (cd "$ACC_TMP/ten" && DOCKER_HOST="$url" timeout 120 docker compose -p "cb$RUN_ID" "$@"); fi
}

declare -A R=() UPS=() DOWNS=()
# pair KEY TOOL URL KEEP: one `up -d` then `down -t 0`, their times (µs) kept when KEEP is 1;
# a failure marks KEY failed and ends its series.
pair() {
    local key=$1 tool=$2 url=$3 keep=$4 t0 t1 t2
    [[ ${R[$key/up]:-} == failed ]] && return
    RUN_ID="$(acc_unique_name)"
    t0="$(now)"
    client "$tool" "$url" up -d >/dev/null 2>&1 || { R[$key/up]="failed" R[$key/down]="failed"; return; }
    t1="$(now)"
    client "$tool" "$url" down -t 0 >/dev/null 2>&1 || { R[$key/up]="failed" R[$key/down]="failed"; return; }
    t2="$(now)"
    ((keep)) || return 0
    UPS[$key]+="$((t1 - t0)) "
    DOWNS[$key]+="$((t2 - t1)) "
}
median_s() { tr ' ' '\n' | grep . | awk '{ print $1 / 1e6 }' | stats | cut -d' ' -f1; }

# The series ("KEY TOOL URL"), run in rounds: a warm-up pair each, then RUNS
# rounds in which every series does one pair in turn, so that the load of the
# shared machine, which drifts, weighs on each alike (the ratios compare them).
SERIES=("berth/berthd berth $BERTHD_URL")
((have_docker_compose)) && SERIES+=("compose/berthd compose $BERTHD_URL")
((HAVE_DOCKER && have_docker_compose)) && SERIES+=("compose/docker compose $DOCKER_URL")
((HAVE_DOCKER)) && SERIES+=("berth/docker berth $DOCKER_URL")
for ((i = -1; i < RUNS; i++)); do
    for series in "${SERIES[@]}"; do
        read -r key tool url <<<"$series"
        pair "$key" "$tool" "$url" "$((i >= 0))"
    done
done
for series in "${SERIES[@]}"; do
    read -r key _ <<<"$series"
    [[ ${R[$key/up]:-} == failed ]] && continue
    R[$key/up]="$(median_s <<<"${UPS[$key]}")"
    R[$key/down]="$(median_s <<<"${DOWNS[$key]}")"
done

# config_ms TOOL: median ms of `config` of the 30-service file, 20 runs.
config_ms() {
    local i t0 times=()
    for ((i = 0; i < 20; i++)); do
        t0="$(now)"
        if [[ $1 == berth ]]; then (cd "$ACC_TMP/thirty" && "$BERTH" compose config >/dev/null)
        else (cd "$ACC_TMP/thirty" && docker compose config >/dev/null); fi
        times+=("$(($(now) - t0))")
    done
    printf '%s\n' "${times[@]}" | awk '{ print $1 / 1e3 }' | stats | cut -d' ' -f1
}

R[config/berth]="$(config_ms berth)"
((have_docker_compose)) && R[config/compose]="$(config_ms compose)"

ratio() { awk -v a="${R[$1]:-}" -v b="${R[$2]:-}" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f×", a / b; else print "-" }'; }
sec() { [[ -n ${R[$1]:-} ]] && printf '%s s' "${R[$1]}" || printf -- '-'; }
echo "Compose benchmark: $RUNS runs, load $(cut -d' ' -f1-3 /proc/loadavg); Docker: ${DOCKER_WHY:-$DOCKER_URL}"
printf '%-46s %-12s %-12s\n' "10 services, median" "up -d" "down"
printf '%-46s %-12s %-12s\n' "berth compose → berthd" "$(sec berth/berthd/up)" "$(sec berth/berthd/down)"
printf '%-46s %-12s %-12s\n' "docker compose → berthd" "$(sec compose/berthd/up)" "$(sec compose/berthd/down)"
printf '%-46s %-12s %-12s\n' "docker compose → Docker" "$(sec compose/docker/up)" "$(sec compose/docker/down)"
printf '%-46s %-12s %-12s\n' "berth compose → Docker" "$(sec berth/docker/up)" "$(sec berth/docker/down)"
printf '%-46s %-12s %-12s\n' "berth→berthd / compose→Docker (target ≤ 0.3×)" \
    "$(ratio berth/berthd/up compose/docker/up)" "$(ratio berth/berthd/down compose/docker/down)"
printf '%-46s %-12s %-12s\n' "berth→berthd / compose→berthd (target ≤ 0.5×)" \
    "$(ratio berth/berthd/up compose/berthd/up)" "$(ratio berth/berthd/down compose/berthd/down)"
printf '%-46s %-12s\n' "config, 30 services, median (target ≤ 20 ms)" "berth ${R[config/berth]} ms, docker compose ${R[config/compose]:--} ms"
