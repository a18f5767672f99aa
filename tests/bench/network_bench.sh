#!/usr/bin/env bash
# Networks benchmark (issue 11, "Performance"), on a berthd of its own, with
# Docker's figures beside when a Docker answers (BENCH_DOCKER_HOST, or
# BENCH_START_DOCKERD=1 for a dockerd of the bench's own: no default bridge and
# no published ports there, as it touches none of the host's networking). Not
# a test: it prints figures (see README.md).
#
#   network_bench.sh /path/to/berthd [RUNS] [MiB]
#
# - what a network costs `docker run --rm IMG true`: --network none, the
#   default bridge and a user network (RUNS runs each, medians);
# - TCP throughput (MiB sent, net_probe.py run with nsenter in the containers'
#   network namespaces, so the kernel path is measured, not a tool's copy loop):
#   over a namespace's loopback, container to container on a user network, and
#   through a port published on 127.0.0.1;
# - the embedded DNS: 1,000 A queries of a container's name from another
#   container (median, p90), and how long after `docker run -d` returns a new
#   container's name resolves.
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/dockerd_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
RUNS="${2:-10}"
MIB="${3:-512}"
[[ $RUNS =~ ^[1-9][0-9]*$ && $MIB =~ ^[1-9][0-9]*$ ]] || fail "RUNS and MiB must be positive numbers"
for tool in python3 nsenter unshare; do command -v "$tool" >/dev/null || skip "$tool is not installed"; done
PROBE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/net_probe.py"
need_busybox
use_daemon berth
if [[ ${BENCH_START_DOCKERD:-0} == 1 ]]; then
    command -v dockerd >/dev/null || fail "BENCH_START_DOCKERD=1 but dockerd is not installed"
    start_dockerd
    BENCH_DOCKER_HOST="unix://$(dockerd_sock)"
fi
find_docker

unique="$(acc_unique_name)"
image="bb-netbench-$unique:1"
rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .

# on ENGINE ARGS...: the docker CLI against that engine.
on() {
    local engine=$1
    shift
    if [[ $engine == docker ]]; then DOCKER_HOST="$DOCKER_URL" timeout 60 docker "$@"; else timeout 60 docker "$@"; fi
}
pid_in() { on "$1" inspect -f '{{.State.Pid}}' "$2"; }
ip_in() { on "$1" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$2"; }
in_netns() { local pid=$1; shift; nsenter --net="/proc/$pid/ns/net" "$@"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
mibps() { awk -v m="$MIB" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", m / s; else print "-" }'; }

declare -A R=()

# run_cost ENGINE NETWORK: median seconds of `docker run --rm --network NETWORK IMG true`.
run_cost() {
    local engine=$1 network=$2 i t0 times=()
    for ((i = -1; i < RUNS; i++)); do
        t0="$(now)"
        on "$engine" run --rm --network "$network" "$image" true >/dev/null 2>&1 || return 1
        ((i < 0)) || times+=("$((($(now) - t0)))")
    done
    printf '%s\n' "${times[@]}" | awk '{ print $1 / 1e6 }' | stats | cut -d' ' -f1
}

# throughput SERVER_PID CLIENT_PID_OR_host HOST PORT: seconds for $MIB MiB to
# a server on port 5001 in the first container.
throughput() {
    local server_pid=$1 client=$2 host=$3 port=$4 server seconds
    in_netns "$server_pid" python3 "$PROBE" serve 5001 &
    server=$!
    local sender=(python3 "$PROBE" send "$host" "$port" "$MIB")
    [[ $client == host ]] || sender=(in_netns "$client" "${sender[@]}")
    if ! seconds="$("${sender[@]}" 2>"$ACC_TMP/probe.err")"; then
        printf 'net_probe send to %s:%s: %s\n' "$host" "$port" "$(tail -1 "$ACC_TMP/probe.err")" >&2
        kill "$server" 2>/dev/null
        wait "$server" 2>/dev/null
        return 1
    fi
    wait "$server"
    printf '%s' "$seconds"
}

loopback() {
    unshare -n bash -c 'ip link set lo up; python3 "$1" serve 5001 & python3 "$1" send 127.0.0.1 5001 "$2"; wait' _ "$PROBE" "$MIB"
}

series() { # ENGINE
    local engine=$1 net="netbench-$unique" server client pid_server pid_client port t_returned t_resolved
    on "$engine" import "$ACC_TMP/rootfs.tar" "$image" >/dev/null || fail "docker import into $engine"
    on "$engine" network create "$net" >/dev/null || fail "network create on $engine"
    R[$engine/none]="$(run_cost "$engine" none || echo -)"
    R[$engine/bridge]="$(run_cost "$engine" bridge || echo -)"
    R[$engine/user]="$(run_cost "$engine" "$net" || echo -)"

    port=$((20000 + RANDOM % 20000))
    server="$(on "$engine" run -d --network "$net" -p "127.0.0.1:$port:5001" --name "srv-$unique" "$image" sleep 600)"
    client="$(on "$engine" run -d --network "$net" --name "cli-$unique" "$image" sleep 600)"
    pid_server="$(pid_in "$engine" "$server")"
    pid_client="$(pid_in "$engine" "$client")"
    R[$engine/c2c]="$(throughput "$pid_server" "$pid_client" "$(ip_in "$engine" "$server")" 5001 || echo -)"
    R[$engine/published]="$(throughput "$pid_server" host 127.0.0.1 "$port" || echo -)"

    read -r R[$engine/dns_median] R[$engine/dns_p90] _ _ < <(in_netns "$pid_client" python3 "$PROBE" dns "srv-$unique" 1000 | stats ||
        echo - - - -)
    in_netns "$pid_client" python3 "$PROBE" dns-wait "new-$unique" 10 >"$ACC_TMP/resolved-$engine" &
    local waiter=$!
    on "$engine" run -d --network "$net" --name "new-$unique" "$image" sleep 600 >/dev/null
    t_returned="$EPOCHREALTIME"
    wait "$waiter" && t_resolved="$(cat "$ACC_TMP/resolved-$engine")"
    R[$engine/resolvable]="$(awk -v a="${t_resolved:-}" -v b="$t_returned" 'BEGIN { if (a == "") print "-"; else { d = (a - b) * 1000; printf "%.1f", d < 0 ? 0 : d } }')"

    on "$engine" rm -f "srv-$unique" "cli-$unique" "new-$unique" >/dev/null 2>&1
    on "$engine" network rm "$net" >/dev/null 2>&1
    on "$engine" rmi "$image" >/dev/null 2>&1
}

printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
R[loopback]="$(loopback)"
engines=(berth)
series berth
if ((HAVE_DOCKER)); then
    series docker
    engines+=(docker)
fi

cell() { [[ ${R[$1]:-} && ${R[$1]} != - ]] && printf '%s' "$2" || printf '%s' "-"; }
row() { printf '  %-58s %-20s %s\n' "$@"; }
row "" "Berth" "$( ((HAVE_DOCKER)) && echo Docker || echo "Docker: $DOCKER_WHY")"
for key in none bridge user; do
    row "docker run --rm ($key), median" "$(cell berth/$key "$(ms "${R[berth/$key]:-0}") ms")" \
        "$(cell docker/$key "$(ms "${R[docker/$key]:-0}") ms")"
done
extra() { awk -v a="${R[$1/$2]:-}" -v b="${R[$1/none]:-}" 'BEGIN { if (a == "" || a == "-" || b == "" || b == "-") print "-"; else printf "%+.1f ms", (a - b) * 1000 }'; }
row "  what the network adds (bridge / user)" "$(extra berth bridge) / $(extra berth user)" "$(extra docker bridge) / $(extra docker user)"
row "TCP over a namespace's loopback, MiB/s" "$(mibps "${R[loopback]}")" ""
for key in c2c published; do
    label="container to container"
    [[ $key == published ]] && label="through a port published on 127.0.0.1"
    share() { awk -v a="${R[$1/$key]:-}" -v l="${R[loopback]}" 'BEGIN { if (a == "" || a == "-") print "-"; else printf "%.0f %%", 100 * l / a }'; }
    row "TCP $label, MiB/s (of loopback)" "$(cell berth/$key "$(mibps "${R[berth/$key]:-0}") ($(share berth))")" \
        "$(cell docker/$key "$(mibps "${R[docker/$key]:-0}") ($(share docker))")"
done
row "DNS: 1,000 lookups of a name, median / p90" "$(cell berth/dns_median "${R[berth/dns_median]:-} / ${R[berth/dns_p90]:-} ms")" \
    "$(cell docker/dns_median "${R[docker/dns_median]:-} / ${R[docker/dns_p90]:-} ms")"
row "a new name resolves after run -d returns" "$(cell berth/resolvable "${R[berth/resolvable]:-} ms")" \
    "$(cell docker/resolvable "${R[docker/resolvable]:-} ms")"
printf 'targets: a network adds <= 10 ms; c2c >= 90 %% of loopback; published >= 50 %%; DNS median <= 1 ms; resolvable <= 50 ms\n'
printf 'load average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
