#!/usr/bin/env bash
# Memory benchmark (issue 15): berthd's resident memory through a day of image
# work, against a berthd of its own and Debian's docker-registry on 127.0.0.1.
# Series, each N times: commits, pushes of new layers, pulls, saves, loads;
# then one large layer each way (commit, push, pull, save, load, import). After each
# series it prints berthd's RSS once idle again and its peak RSS during the
# series (VmHWM, reset before each series through /proc/PID/clear_refs), and
# dockerd's RSS when one runs (its figures for the same work are not measured
# here: it is only shown as found). RSS is read 1 s after each series and again
# once berthd is idle (it gives memory back 10-20 s after its last request; it
# runs with --debug, which logs that). Not a test: it prints figures (README.md).
#
#   memory_bench.sh /path/to/berthd
#
# Environment (through `packaging/dev.sh exec -- env NAME=VALUE bash ...`):
#   MEM_RUNS      N, the length of each series (default 30)
#   MEM_LARGE_MB  MiB of random data in the large layer (default 256; 1024 for the issue's 1 GB)
#   BENCH_BERTHD_ARGS  extra berthd options
#   MEM_SMAPS=1   also print berthd's resident memory by mapping, idle at the start and the end
#
# Everything made here is removed on exit (lib.sh's trap: the registry, the
# berthd and its data root, the archives).
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/registry_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
RUNS="${MEM_RUNS:-30}"
LARGE_MB="${MEM_LARGE_MB:-256}"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || fail "MEM_RUNS must be a positive number, got '$RUNS'"
[[ $LARGE_MB =~ ^[1-9][0-9]*$ ]] || fail "MEM_LARGE_MB must be a positive number, got '$LARGE_MB'"
read -r -a EXTRA_ARGS <<<"${BENCH_BERTHD_ARGS:-}"
need_busybox
registry_tools_or_skip
find_docker

use_daemon mem --debug "${EXTRA_ARGS[@]}"
PID="$(pid_of mem)"
start_registry mem
REG="$(registry_addr mem)"
ARCHIVES="$ACC_TMP/archives"
mkdir -p "$ARCHIVES"

dockerd_rss() {
    local pid
    pid="$(pids_by_comm dockerd | head -n1)"
    [[ -n $pid ]] && mb "$(kb_field "/proc/$pid/status" VmRSS)" || printf -- '-'
}
reset_peak() { echo 5 >"/proc/$PID/clear_refs"; }
rss() { mb "$(kb_field "/proc/$PID/status" VmRSS)"; }
# berthd gives memory back 10-20 s after its last request (daemon/idle_release.h);
# with --debug it logs that. wait_idle waits for the next such line (at most 60 s).
releases() { grep -c 'idle: memory given back' "$(log_of mem)" || true; }
wait_idle() { # RELEASES_BEFORE
    local deadline=$((SECONDS + 60))
    while (($(releases) <= $1 && SECONDS < deadline)); do sleep 0.5; done
    sleep 0.5
}
row() { printf '%-40s %-12s %-12s %-12s %s\n' "$@"; }
report() { # SERIES
    local before soon peak
    before="$(releases)"
    sleep 1
    soon="$(rss)"
    peak="$(mb "$(kb_field "/proc/$PID/status" VmHWM)")"
    wait_idle "$before"
    row "$1" "$soon" "$(rss)" "$peak" "$(dockerd_rss)"
}
# MEM_SMAPS=1: where berthd's resident memory is, by mapping (rss_by_mapping.py).
smaps_table() { # TITLE
    [[ ${MEM_SMAPS:-0} == 1 ]] || return 0
    printf '\n%s\n' "$1"
    python3 "$(dirname "${BASH_SOURCE[0]}")/rss_by_mapping.py" "$PID"
    echo
}
q() { "$@" >/dev/null 2>&1 || fail "$* failed"; }

step "importing busybox as $REG/a:1"
make_busybox_rootfs "$ACC_TMP/rootfs"
tar -C "$ACC_TMP/rootfs" -cf "$ACC_TMP/rootfs.tar" .
q docker import "$ACC_TMP/rootfs.tar" "$REG/a:1"
rm -rf "$ACC_TMP/rootfs" "$ACC_TMP/rootfs.tar"
printf '\nBerth memory benchmark: N=%s, large layer %s MiB, %s cores; %s\n' "$RUNS" "$LARGE_MB" "$(nproc)" \
    "$("$BERTHD" --version 2>/dev/null | head -n1)"
((HAVE_DOCKER)) || echo "Docker: $DOCKER_WHY"
echo
row "after" "RSS at 1 s" "RSS idle" "peak (series)" "dockerd RSS"
report "start (idle, one image)"
smaps_table "berthd idle at the start, by mapping:"

reset_peak
for ((i = 1; i <= RUNS; i++)); do
    id="$(docker run -d --network none "$REG/a:1" sh -c "echo $i > /f")" || fail "docker run failed"
    q docker wait "$id"
    q docker commit "$id" "$REG/c:$i"
    q docker rm "$id"
done
report "$RUNS commits"

reset_peak
for ((i = 1; i <= RUNS; i++)); do q docker push -q "$REG/c:$i"; done
report "$RUNS pushes of new layers"

reset_peak
for ((i = 1; i <= RUNS; i++)); do q docker rmi "$REG/c:$i"; done
for ((i = 1; i <= RUNS; i++)); do q docker pull -q "$REG/c:$i"; done
report "$RUNS pulls"

reset_peak
for ((i = 1; i <= RUNS; i++)); do q docker save -o "$ARCHIVES/c$i.tar" "$REG/c:$i"; done
report "$RUNS saves"

reset_peak
for ((i = 1; i <= RUNS; i++)); do q docker rmi "$REG/c:$i"; done
for ((i = 1; i <= RUNS; i++)); do q docker load -q -i "$ARCHIVES/c$i.tar"; done
rm -f "$ARCHIVES"/c*.tar
report "$RUNS loads"

reset_peak
id="$(docker run -d --network none "$REG/a:1" sh -c "head -c ${LARGE_MB}m /dev/urandom > /big")" || fail "docker run failed"
q docker wait "$id"
q docker commit "$id" "$REG/big:1"
q docker rm "$id"
report "commit of a $LARGE_MB MiB layer"
reset_peak
q docker push -q "$REG/big:1"
report "push of a $LARGE_MB MiB layer"
reset_peak
q docker rmi "$REG/big:1"
q docker pull -q "$REG/big:1"
report "pull of a $LARGE_MB MiB layer"
reset_peak
q docker save -o "$ARCHIVES/big.tar" "$REG/big:1"
report "save of a $LARGE_MB MiB layer"
reset_peak
q docker rmi "$REG/big:1"
q docker load -q -i "$ARCHIVES/big.tar"
rm -f "$ARCHIVES/big.tar"
report "load of a $LARGE_MB MiB layer"
mkdir -p "$ARCHIVES/rootfs"
head -c "${LARGE_MB}m" /dev/urandom >"$ARCHIVES/rootfs/big"
tar -C "$ARCHIVES/rootfs" -cf "$ARCHIVES/rootfs.tar" . && rm -rf "$ARCHIVES/rootfs"
reset_peak
q docker import "$ARCHIVES/rootfs.tar" "$REG/bigimport:1"
rm -f "$ARCHIVES/rootfs.tar"
report "import of a $LARGE_MB MiB layer"
smaps_table "berthd idle at the end, by mapping:"
echo
echo "targets (issue 15): RSS back within 4 MB of idle (<= 16 MB) after each series; peak < 64 MB for the large layer"
