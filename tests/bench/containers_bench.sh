#!/usr/bin/env bash
# Container benchmarks: Berth (a berthd of its own, started here) side by side
# with Docker when a Docker daemon answers on /var/run/docker.sock. Not a test:
# it prints figures and the targets they are read against (see README.md).
#
#   containers_bench.sh /path/to/berthd [N] [PARALLEL]
#
#   N         runs per timed series (default 20)
#   PARALLEL  containers started at once in the parallel series (default 100)
#
# Environment (through `packaging/dev.sh exec -- env NAME=VALUE bash ...`: dev.sh
# does not pass the caller's environment on):
#   BENCH_DOCKER_HOST  the Docker daemon to compare with (default unix:///var/run/docker.sock;
#                      "none" leaves Docker out)
#   BENCH_PARALLEL_TIMEOUT  seconds each `docker run -d` of the parallel series may take
#                      before it is killed and counted as failed (default 120)
#   BENCH_KEEP_LOG=1   copy berthd's log to /tmp/berth-bench-berthd.log before cleaning up
#
# Everything made here is removed on exit: on berthd's side by lib.sh (daemon,
# containers, mounts, bridge, cgroups, temp dir); on Docker's side the
# containers carrying this run's label and the image imported for it.
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
N="${2:-20}"
PARALLEL="${3:-100}"
PAR_TIMEOUT="${BENCH_PARALLEL_TIMEOUT:-120}"
[[ $N =~ ^[1-9][0-9]*$ ]] || fail "N must be a positive number, got '$N'"
[[ $PARALLEL =~ ^[1-9][0-9]*$ ]] || fail "PARALLEL must be a positive number, got '$PARALLEL'"
BUSYBOX="$(command -v busybox || true)"
[[ -n $BUSYBOX ]] || skip "busybox (busybox-static) is not installed"

RUN_ID="$(head -c6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
LABEL="berth-bench=$RUN_ID"
IMAGE="berth-bench-busybox:$RUN_ID"

# ---- Docker's side: found, not started; cleaned up on exit -----------------------

find_docker
DOCKER_IMPORTED=0

dk() { DOCKER_HOST="$DOCKER_URL" timeout -k 5 180 docker "$@"; }

bench_cleanup() {
    local status=$?
    set +e
    if ((HAVE_DOCKER)); then
        local ids
        ids="$(dk ps -aq --filter "label=$LABEL" 2>/dev/null)"
        # shellcheck disable=SC2086
        [[ -n $ids ]] && dk rm -f $ids >/dev/null 2>&1
        ((DOCKER_IMPORTED)) && dk rmi "$IMAGE" >/dev/null 2>&1
    fi
    if [[ ${BENCH_KEEP_LOG:-0} == 1 && -f $(log_of berth) ]]; then cp "$(log_of berth)" /tmp/berth-bench-berthd.log; fi
    (exit "$status")
    acc_cleanup
}
trap bench_cleanup EXIT

# ---- figures ------------------------------------------------------------------

rss_kb() { kb_field "/proc/$1/status" VmRSS; }
pss_kb() { kb_field "/proc/$1/smaps_rollup" Pss; }
anon_kb() { kb_field "/proc/$1/smaps_rollup" Anonymous; } # heap, stack, data: what one more costs


# pid_by_cmdline NEEDLE...: the first process whose command line holds every NEEDLE.
pid_by_cmdline() {
    local proc cmdline needle
    for proc in /proc/[0-9]*; do
        cmdline="$({ tr '\0' ' ' <"$proc/cmdline"; } 2>/dev/null)" || continue
        for needle in "$@"; do [[ $cmdline == *"$needle"* ]] || continue 2; done
        printf '%s\n' "${proc#/proc/}"
        return 0
    done
    return 1
}

# ---- the series, the same for both engines ---------------------------------------

# cli_floor ENGINE: `docker version`, the CLI's own cost per command (a floor under docker run).
cli_floor() {
    local engine=$1 i t0
    for ((i = 0; i < N; i++)); do
        t0=$(now)
        docker version >/dev/null 2>&1 || true
        echo "$(($(now) - t0))e-6"
    done | stats >"$ACC_TMP/$engine.floor"
    read -r "FIG[$engine/floor_med]" _ <"$ACC_TMP/$engine.floor"
}

# run_series ENGINE [SERIES DOCKER_RUN_OPTIONS...]: N x `docker run --rm IMAGE true`
# after 2 warm-up runs; its figures are FIG[ENGINE/SERIES_*] (SERIES is "run" by default).
run_series() {
    local engine=$1 series=${2:-run} i t0 failures=0
    shift 2 || shift
    docker run --rm "$@" "$IMAGE" true >/dev/null 2>&1 || true
    docker run --rm "$@" "$IMAGE" true >/dev/null 2>&1 || true
    : >"$ACC_TMP/$engine.$series"
    for ((i = 0; i < N; i++)); do
        t0=$(now)
        if timeout -k 5 60 docker run --rm --label "$LABEL" "$@" "$IMAGE" true >/dev/null 2>>"$ACC_TMP/$engine.$series.err"; then
            echo "$(($(now) - t0))e-6" >>"$ACC_TMP/$engine.$series"
        else
            failures=$((failures + 1))
        fi
    done
    read -r "FIG[$engine/${series}_med]" "FIG[$engine/${series}_p90]" "FIG[$engine/${series}_min]" "FIG[$engine/${series}_max]" \
        < <(stats <"$ACC_TMP/$engine.$series")
    FIG[$engine/${series}_fail]=$failures
    if ((failures)); then
        printf '    %d of %d runs failed; the first error: %s\n' "$failures" "$N" "$(head -n1 "$ACC_TMP/$engine.$series.err")"
    fi
}

# The API series: create + start + wait + delete, timed phase by phase, over
# one new unix-socket connection per request (like a client would), in python3
# when there is one, otherwise with one curl per request (which adds curl's own
# start-up, some ms, to every phase).
API_PY='
import http.client, json, socket, sys, time
sock, image, label, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
class Conn(http.client.HTTPConnection):
    def __init__(self):
        super().__init__("localhost", timeout=60)
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(sock)
def call(method, path, body=None, want=(200, 201, 204)):
    c = Conn()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    c.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status not in want:
        raise RuntimeError("%s %s: %d %s" % (method, path, r.status, data[:200]))
    return data
key, value = label.split("=", 1)
for i in range(n + 2):  # the first two warm up
    t = [time.perf_counter()]
    cid = json.loads(call("POST", "/containers/create",
                          {"Image": image, "Cmd": ["true"], "Labels": {key: value}}))["Id"]
    t.append(time.perf_counter())
    call("POST", "/containers/%s/start" % cid)
    t.append(time.perf_counter())
    code = json.loads(call("POST", "/containers/%s/wait" % cid))["StatusCode"]
    t.append(time.perf_counter())
    call("DELETE", "/containers/%s" % cid)
    t.append(time.perf_counter())
    if code != 0:
        raise RuntimeError("container %s exited with %d" % (cid, code))
    if i >= 2:
        print(" ".join("%.6f" % (t[k + 1] - t[k]) for k in range(4)), "%.6f" % (t[4] - t[0]))
'

api_series_curl() { # SOCK N
    local sock=$1 n=$2 i t0 t1 t2 t3 t4 id
    for ((i = 0; i < n + 2; i++)); do
        t0=$(now)
        id="$(curl -sf --max-time 60 --unix-socket "$sock" -H 'Content-Type: application/json' \
            -d "{\"Image\":\"$IMAGE\",\"Cmd\":[\"true\"],\"Labels\":{\"${LABEL%%=*}\":\"${LABEL#*=}\"}}" \
            http://engine/containers/create | jq -r .Id)" || return 1
        t1=$(now)
        curl -sf --max-time 60 --unix-socket "$sock" -X POST "http://engine/containers/$id/start" >/dev/null || return 1
        t2=$(now)
        curl -sf --max-time 60 --unix-socket "$sock" -X POST "http://engine/containers/$id/wait" >/dev/null || return 1
        t3=$(now)
        curl -sf --max-time 60 --unix-socket "$sock" -X DELETE "http://engine/containers/$id" >/dev/null || return 1
        t4=$(now)
        ((i < 2)) || echo "$((t1 - t0))e-6 $((t2 - t1))e-6 $((t3 - t2))e-6 $((t4 - t3))e-6 $((t4 - t0))e-6"
    done
}

api_series() { # ENGINE SOCK
    local engine=$1 sock=$2 col phase
    if command -v python3 >/dev/null; then
        FIG[api_client]="python3 http.client, one connection per request"
        python3 -c "$API_PY" "$sock" "$IMAGE" "$LABEL" "$N" >"$ACC_TMP/$engine.api" 2>"$ACC_TMP/$engine.api.err"
    else
        FIG[api_client]="curl, one process per request (adds curl's start-up to each phase)"
        api_series_curl "$sock" "$N" >"$ACC_TMP/$engine.api" 2>"$ACC_TMP/$engine.api.err"
    fi || {
        printf '    the API series failed: %s\n' "$(tail -n1 "$ACC_TMP/$engine.api.err")"
        return 0
    }
    col=1
    for phase in create start wait delete total; do
        read -r "FIG[$engine/api_${phase}_med]" "FIG[$engine/api_${phase}_p90]" _ < <(awk -v c=$col '{ print $c }' "$ACC_TMP/$engine.api" | stats)
        col=$((col + 1))
    done
}

# monitor_rss ENGINE: start `sleep` detached and measure the process that babysits it.
monitor_rss() {
    local engine=$1 id pid=""
    id="$(timeout -k 5 60 docker run -d --label "$LABEL" "$IMAGE" sleep 600)" || {
        echo "    docker run -d failed"
        return 0
    }
    sleep 1 # let the monitor settle after the start
    if [[ $engine == berth ]]; then
        pid="$(pid_by_cmdline berth-monitor "$id" || true)"
        FIG[$engine/monitor_name]=berth-monitor
    else
        pid="$(pid_by_cmdline containerd-shim "$id" || true)"
        FIG[$engine/monitor_name]="$(cat "/proc/$pid/comm" 2>/dev/null || echo containerd-shim)"
    fi
    if [[ -n $pid ]]; then
        FIG[$engine/monitor_rss]="$(rss_kb "$pid")"
        FIG[$engine/monitor_pss]="$(pss_kb "$pid")"
        FIG[$engine/monitor_anon]="$(anon_kb "$pid")"
        FIG[$engine/monitor_threads]="$(kb_field "/proc/$pid/status" Threads)"
    else
        echo "    no monitor process found for $id"
    fi
    timeout -k 5 60 docker rm -f "$id" >/dev/null
}

# parallel ENGINE: PARALLEL x `docker run -d IMAGE sleep 600` at once; count, time, remove.
parallel_series() {
    local engine=$1 i t0 t1 ok=0 timed_out=0 rc running ids dir="$ACC_TMP/$engine.parallel"
    local -a clients=()
    mkdir -p "$dir"
    t0=$(now)
    for ((i = 0; i < PARALLEL; i++)); do
        (
            rc=0
            timeout -k 5 "$PAR_TIMEOUT" docker run -d --label "$LABEL" "$IMAGE" sleep 600 >"$dir/$i.id" 2>"$dir/$i.err" || rc=$?
            echo "$rc" >"$dir/$i.rc"
        ) 2>/dev/null & # no "Killed" job notices for the ones timeout kills
        clients+=($!)
    done
    wait "${clients[@]}" # not a bare wait: berthd is a child of this shell too
    t1=$(now)
    for ((i = 0; i < PARALLEL; i++)); do
        rc="$(cat "$dir/$i.rc")"
        if [[ $rc == 0 && "$(cat "$dir/$i.id")" =~ ^[0-9a-f]{64}$ ]]; then ok=$((ok + 1)); fi
        if [[ $rc == 124 || $rc == 137 ]]; then timed_out=$((timed_out + 1)); fi
    done
    running="$(timeout -k 5 60 docker ps -q --filter "label=$LABEL" | wc -l)"
    FIG[$engine/par_ok]=$ok
    FIG[$engine/par_timed_out]=$timed_out
    FIG[$engine/par_running]=$running
    FIG[$engine/par_time]="$(awk -v u=$((t1 - t0)) 'BEGIN { printf "%.2f", u / 1e6 }')"
    if ((ok < PARALLEL)); then
        local first
        first="$(cat "$dir"/*.err 2>/dev/null | grep -m1 . || true)"
        printf '    %d of %d failed (%d of them killed after %s s); the first error: %s\n' \
            "$((PARALLEL - ok))" "$PARALLEL" "$timed_out" "$PAR_TIMEOUT" "${first:-none printed}"
    fi
    # the monitors of all of them, while they run
    if [[ $engine == berth ]]; then
        local total=0 count=0 pid kb
        while read -r pid; do
            kb="$(pss_kb "$pid")"
            total=$((total + ${kb:-0}))
            count=$((count + 1))
        done < <(for proc in /proc/[0-9]*; do
            if { tr '\0' ' ' <"$proc/cmdline"; } 2>/dev/null | grep -q "berth-monitor $ACC_TMP/"; then echo "${proc#/proc/}"; fi
        done)
        FIG[$engine/par_monitors]="$count monitors, $(mb "$total") PSS in all"
        FIG[$engine/par_daemon_rss]="$(rss_kb "$(pid_of berth)")"
    else
        FIG[$engine/par_daemon_rss]="$(docker_rss)"
    fi
    t0=$(now)
    ids="$(timeout -k 5 60 docker ps -aq --filter "label=$LABEL")"
    # shellcheck disable=SC2086
    [[ -z $ids ]] || timeout -k 5 300 docker rm -f $ids >/dev/null 2>&1 || echo "    docker rm -f of the parallel containers failed"
    FIG[$engine/par_rm_time]="$(awk -v u=$(($(now) - t0)) 'BEGIN { printf "%.2f", u / 1e6 }')"
}

docker_rss() { # dockerd + containerd VmRSS in kB
    local total=0 pid kb
    for pid in $(pids_by_comm dockerd) $(pids_by_comm containerd); do
        kb="$(rss_kb "$pid")"
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}

bench_engine() { # ENGINE SOCK
    local engine=$1 sock=$2
    step "$engine: docker CLI floor (docker version x$N)"
    cli_floor "$engine"
    step "$engine: docker run --rm $IMAGE true x$N"
    run_series "$engine"
    step "$engine: docker run --rm --network none $IMAGE true x$N"
    run_series "$engine" nonet --network none
    step "$engine: API create+start+wait+delete x$N"
    api_series "$engine" "$sock"
    step "$engine: a running sleep container's monitor"
    monitor_rss "$engine"
    step "$engine: $PARALLEL x docker run -d at once"
    parallel_series "$engine"
}

# ---- the rootfs, the same tarball for both ------------------------------------------

rootfs="$ACC_TMP/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
cp "$BUSYBOX" "$rootfs/bin/busybox"
for applet in $("$BUSYBOX" --list); do [[ -e $rootfs/bin/$applet ]] || ln -s busybox "$rootfs/bin/$applet"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .

printf 'Berth container benchmarks: N=%s, PARALLEL=%s, %s cores, load average %s at start\n' \
    "$N" "$PARALLEL" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- Berth ----------------------------------------------------------------------------

step "berth: starting berthd $BERTHD"
t0=$(now)
start_berthd berth
FIG[berth/startup]="$(awk -v u=$(($(now) - t0)) 'BEGIN { printf "%.3f", u / 1e6 }')"
sleep 1
FIG[berth/idle_rss]="$(rss_kb "$(pid_of berth)")"
FIG[berth/idle_pss]="$(pss_kb "$(pid_of berth)")"
FIG[berth/version]="$("$BERTHD" --version 2>/dev/null | head -n1)"
export DOCKER_HOST="unix://$(sock_of berth)"
docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" "$IMAGE" >/dev/null || fail "docker import into berthd failed"
bench_engine berth "$(sock_of berth)"
FIG[berth/after_rss]="$(rss_kb "$(pid_of berth)")"

# ---- Docker ---------------------------------------------------------------------------

if ((HAVE_DOCKER)); then
    export DOCKER_HOST="$DOCKER_URL"
    FIG[docker/version]="Docker $(docker version -f '{{.Server.Version}}' 2>/dev/null)"
    FIG[docker/idle_rss]="$(docker_rss)"
    FIG[docker/containers_before]="$(docker ps -aq | wc -l)"
    step "docker: importing the same rootfs as $IMAGE"
    docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" "$IMAGE" >/dev/null || fail "docker import into Docker failed"
    DOCKER_IMPORTED=1
    bench_engine docker "$DOCKER_SOCK"
    FIG[docker/after_rss]="$(docker_rss)"
fi
export DOCKER_HOST="unix:///nonexistent/berth-bench-no-daemon-chosen.sock"

# ---- the table ------------------------------------------------------------------------

s() { # seconds -> "0.123 s"
    [[ -n ${1:-} && $1 != - ]] && awk -v v="$1" 'BEGIN { printf "%.3f s", v }' || printf -- '-'
}
ms() { # seconds -> "12.3 ms"
    [[ -n ${1:-} && $1 != - ]] && awk -v v="$1" 'BEGIN { printf "%.1f ms", v * 1000 }' || printf -- '-'
}
kmb() { [[ -n ${1:-} ]] && mb "$1" || printf -- '-'; }
row() { printf '%-44s %-22s %-22s %s\n' "$@"; }

D() { ((HAVE_DOCKER)) && printf '%s' "$1" || printf -- '-'; }
echo
echo "Berth: ${FIG[berth/version]}"
if ((HAVE_DOCKER)); then
    echo "Docker: ${FIG[docker/version]} at $DOCKER_URL (${FIG[docker/containers_before]} containers there before)"
else
    echo "Docker: $DOCKER_WHY; Berth's figures alone."
fi
echo "API client: ${FIG[api_client]:-}"
echo
row "" "Berth" "Docker" "target"
row "docker run --rm IMG true, median" "$(s "${FIG[berth/run_med]:-}")" "$(D "$(s "${FIG[docker/run_med]:-}")")" "<= 0.100 s"
row "  p90" "$(s "${FIG[berth/run_p90]:-}")" "$(D "$(s "${FIG[docker/run_p90]:-}")")"
row "  min / max" "$(s "${FIG[berth/run_min]:-}") / $(s "${FIG[berth/run_max]:-}")" \
    "$(D "$(s "${FIG[docker/run_min]:-}") / $(s "${FIG[docker/run_max]:-}")")"
row "  failed runs" "${FIG[berth/run_fail]:-}/$N" "$(D "${FIG[docker/run_fail]:-}/$N")"
row "  --network none, median" "$(s "${FIG[berth/nonet_med]:-}")" "$(D "$(s "${FIG[docker/nonet_med]:-}")")"
row "  --network none, p90" "$(s "${FIG[berth/nonet_p90]:-}")" "$(D "$(s "${FIG[docker/nonet_p90]:-}")")"
row "  (docker version, the CLI's floor)" "$(s "${FIG[berth/floor_med]:-}")" "$(D "$(s "${FIG[docker/floor_med]:-}")")"
row "API create+start+wait+delete, median" "$(ms "${FIG[berth/api_total_med]:-}")" "$(D "$(ms "${FIG[docker/api_total_med]:-}")")" "<= 30 ms"
row "  p90" "$(ms "${FIG[berth/api_total_p90]:-}")" "$(D "$(ms "${FIG[docker/api_total_p90]:-}")")"
for phase in create start wait delete; do
    row "  $phase, median" "$(ms "${FIG[berth/api_${phase}_med]:-}")" "$(D "$(ms "${FIG[docker/api_${phase}_med]:-}")")"
done
row "daemon RSS, idle after start" "$(kmb "${FIG[berth/idle_rss]:-}")" "$(D "$(kmb "${FIG[docker/idle_rss]:-}")")" "<= 15 MB (berthd)"
row "  Berth: berthd's PSS; Docker: RSS of" "$(kmb "${FIG[berth/idle_pss]:-}")" "$(D "dockerd+containerd")"
row "daemon RSS after the series, no containers" "$(kmb "${FIG[berth/after_rss]:-}")" "$(D "$(kmb "${FIG[docker/after_rss]:-}")")"
row "monitor of a running container, RSS" "$(kmb "${FIG[berth/monitor_rss]:-}")" "$(D "$(kmb "${FIG[docker/monitor_rss]:-}")")" "<= 1 MB (berth-monitor)"
row "  PSS" "$(kmb "${FIG[berth/monitor_pss]:-}")" "$(D "$(kmb "${FIG[docker/monitor_pss]:-}")")"
row "  private (anonymous) memory" "$(kmb "${FIG[berth/monitor_anon]:-}")" "$(D "$(kmb "${FIG[docker/monitor_anon]:-}")")"
row "  process, threads" "${FIG[berth/monitor_name]:-} ${FIG[berth/monitor_threads]:-}" \
    "$(D "${FIG[docker/monitor_name]:-} ${FIG[docker/monitor_threads]:-}")"
row "$PARALLEL x docker run -d at once: succeeded" "${FIG[berth/par_ok]:-}/$PARALLEL" "$(D "${FIG[docker/par_ok]:-}/$PARALLEL")" "all"
row "  killed after ${PAR_TIMEOUT} s (hung)" "${FIG[berth/par_timed_out]:-}" "$(D "${FIG[docker/par_timed_out]:-}")"
row "  running afterwards (docker ps)" "${FIG[berth/par_running]:-}" "$(D "${FIG[docker/par_running]:-}")"
row "  wall time until all returned" "${FIG[berth/par_time]:-} s" "$(D "${FIG[docker/par_time]:-} s")"
row "  daemon RSS with them running" "$(kmb "${FIG[berth/par_daemon_rss]:-}")" "$(D "$(kmb "${FIG[docker/par_daemon_rss]:-}")")"
row "  docker rm -f of all of them" "${FIG[berth/par_rm_time]:-} s" "$(D "${FIG[docker/par_rm_time]:-} s")"
[[ -n ${FIG[berth/par_monitors]:-} ]] && row "  Berth's monitors" "${FIG[berth/par_monitors]}"
row "berthd start until /_ping answers" "${FIG[berth/startup]:-} s" ""
printf '\nload average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
