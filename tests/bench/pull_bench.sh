#!/usr/bin/env bash
# Pull benchmark: `docker pull` of a ~200 MB, five-layer image from a local
# registry (Debian's docker-registry on 127.0.0.1), from nothing to ready to
# run, against a berthd of its own (a fresh data root for every run), side by
# side with Docker when a Docker daemon answers on /var/run/docker.sock. Then
# the second pull of the same image, which should find it up to date. Not a
# test: it prints figures and the targets they are read against (see README.md).
#
#   pull_bench.sh /path/to/berthd [RUNS] [NOOP_RUNS]
#
#   RUNS       pulls from nothing per engine (default $PULL_RUNS, else 3)
#   NOOP_RUNS  second pulls of the image already there (default $PULL_NOOP_RUNS, else 10)
#
# Environment (through `packaging/dev.sh exec -- env NAME=VALUE bash ...`: dev.sh
# does not pass the caller's environment on):
#   PULL_RUNS, PULL_NOOP_RUNS  as above
#   PULL_LAYER_MB      MiB of random data in each of the four big layers (default 48)
#   BENCH_DOCKER_HOST  the Docker daemon to compare with (default unix:///var/run/docker.sock;
#                      "none" leaves Docker out)
#   BENCH_BERTHD_ARGS  extra berthd options, e.g. --debug
#   BENCH_KEEP_LOG=1   copy the last berthd's log to /tmp/berth-pull-bench-berthd.log
#
# Everything made here is removed on exit: the registry, the berthd daemons and
# their data roots (lib.sh's trap), and on Docker's side the one image pulled
# under this run's unique name (its layers are unique to the run too, so no
# other image of that Docker is touched; nothing is pruned).
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/registry_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
RUNS="${2:-${PULL_RUNS:-3}}"
NOOP_RUNS="${3:-${PULL_NOOP_RUNS:-10}}"
LAYER_MB="${PULL_LAYER_MB:-48}"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || fail "RUNS must be a positive number, got '$RUNS'"
[[ $NOOP_RUNS =~ ^[1-9][0-9]*$ ]] || fail "NOOP_RUNS must be a positive number, got '$NOOP_RUNS'"
[[ $LAYER_MB =~ ^[1-9][0-9]*$ ]] || fail "PULL_LAYER_MB must be a positive number, got '$LAYER_MB'"
read -r -a EXTRA_ARGS <<<"${BENCH_BERTHD_ARGS:-}"
BUSYBOX="$(command -v busybox || true)"
[[ -n $BUSYBOX ]] || skip "busybox (busybox-static) is not installed"
registry_tools_or_skip
PULL_TIMEOUT=600

RUN_ID="$(head -c6 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# ---- Docker's side: found, not started; cleaned up on exit -----------------------

find_docker

REF="" # set once the registry is up
LAST_BERTHD=""

bench_cleanup() {
    local status=$?
    set +e
    if ((HAVE_DOCKER)) && [[ -n $REF ]]; then
        DOCKER_HOST="$DOCKER_URL" timeout -k 5 120 docker rmi -f "$REF" >/dev/null 2>&1
    fi
    if [[ ${BENCH_KEEP_LOG:-0} == 1 && -n $LAST_BERTHD && -f $(log_of "$LAST_BERTHD") ]]; then
        cp "$(log_of "$LAST_BERTHD")" /tmp/berth-pull-bench-berthd.log
    fi
    (exit "$status")
    acc_cleanup
}
trap bench_cleanup EXIT

# ---- figures ------------------------------------------------------------------



# cpu_ticks PID...: user + system time of the processes and of their reaped
# children (layer unpackers), in clock ticks.
cpu_ticks() {
    local pid total=0 stat
    for pid in "$@"; do
        stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || continue
        stat="${stat##*) }" # after "(comm) ": field 3 onwards
        total=$((total + $(awk '{ print $12 + $13 + $14 + $15 }' <<<"$stat")))
    done
    echo "$total"
}
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"

daemon_pids() { # ENGINE: the processes whose CPU time a pull is charged with
    if [[ $1 == berth ]]; then pid_of "$LAST_BERTHD"; else pids_by_comm dockerd; pids_by_comm containerd; fi
}

# stamp T0: each line of stdin, prefixed with the microseconds since T0.
stamp() {
    local t0=$1 line
    while IFS= read -r line; do printf '%s %s\n' "$((${EPOCHREALTIME/[.,]/} - t0))" "$line"; done
}

# pull_once FILE: `docker pull $REF` with the output lines stamped into FILE;
# prints the wall time in seconds; returns docker's exit status.
pull_once() {
    local file=$1 t0 t1 rc=0
    t0=$(now)
    timeout -k 5 "$PULL_TIMEOUT" docker pull "$REF" 2>&1 | stamp "$t0" >"$file" || rc=$?
    t1=$(now)
    echo "$((t1 - t0))e-6"
    return "$rc"
}

# timeline FILE: "resolved downloaded unpacked" in seconds: the first
# "Pulling fs layer" line (manifest and config fetched), the last "Download
# complete" and the last "Pull complete".
timeline() {
    awk '/: Pulling fs layer$/ && !r { r = $1 }
         /: Download complete$/ { d = $1 }
         /: Pull complete$/ { p = $1 }
         END { printf "%s %s %s\n", r ? r / 1e6 : "-", d ? d / 1e6 : "-", p ? p / 1e6 : "-" }' "$1"
}

# check_fresh_pull FILE: the pull downloaded all LAYERS layers and the image.
check_fresh_pull() {
    local file=$1 complete
    complete="$(grep -c ': Pull complete$' "$file" || true)"
    [[ $complete == "$LAYERS" ]] || fail "expected $LAYERS 'Pull complete' lines, got $complete: $(cut -d' ' -f2- "$file")"
    grep -q "Status: Downloaded newer image for $REF\$" "$file" || fail "no 'Downloaded newer image': $(cut -d' ' -f2- "$file")"
    grep -q "Digest: $DIGEST\$" "$file" || fail "the pull did not report digest $DIGEST: $(cut -d' ' -f2- "$file")"
}

# fresh_pull ENGINE RUN: one timed pull from nothing; its figures appended to $ACC_TMP/ENGINE.*.
fresh_pull() {
    local engine=$1 run=$2 file secs cpu0 cpu1
    file="$ACC_TMP/$engine.pull$run"
    sync # the previous run's writeback is not this run's
    # shellcheck disable=SC2046
    cpu0="$(cpu_ticks $(daemon_pids "$engine"))"
    secs="$(pull_once "$file")" || fail "$engine: docker pull $REF (run $run) failed: $(cut -d' ' -f2- "$file")"
    # shellcheck disable=SC2046
    cpu1="$(cpu_ticks $(daemon_pids "$engine"))"
    check_fresh_pull "$file"
    echo "$secs" >>"$ACC_TMP/$engine.fresh"
    timeline "$file" >>"$ACC_TMP/$engine.timeline"
    awk -v t="$((cpu1 - cpu0))" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f\n", t / hz }' >>"$ACC_TMP/$engine.cpu"
    printf '    run %s: %.3f s\n' "$run" "$secs"
}

# noop_series ENGINE SOCK: NOOP_RUNS x `docker pull` of the image already there,
# then as many bare POST /images/create (curl), then the CLI's floor. After a
# sync: the last pull's writeback would otherwise slow any fsync in the no-op.
noop_series() {
    local engine=$1 sock=$2 i file secs t0 out repo=${REF%:*} tag=${REF##*:}
    file="$ACC_TMP/$engine.noop.out"
    sync
    : >"$ACC_TMP/$engine.noop"
    for ((i = 0; i < NOOP_RUNS; i++)); do
        secs="$(pull_once "$file")" || fail "$engine: second docker pull $REF failed: $(cut -d' ' -f2- "$file")"
        grep -q "Status: Image is up to date for $REF\$" "$file" ||
            fail "$engine: the second pull was not a no-op: $(cut -d' ' -f2- "$file")"
        echo "$secs" >>"$ACC_TMP/$engine.noop"
    done
    read -r "FIG[$engine/noop_med]" "FIG[$engine/noop_p90]" "FIG[$engine/noop_min]" "FIG[$engine/noop_max]" \
        < <(stats <"$ACC_TMP/$engine.noop")
    for ((i = 0; i < NOOP_RUNS; i++)); do
        t0=$(now)
        out="$(curl -s --max-time 60 --unix-socket "$sock" -X POST \
            "http://engine/images/create?fromImage=$repo&tag=$tag")" || fail "$engine: POST /images/create failed"
        echo "$(($(now) - t0))e-6"
        [[ $out == *"Image is up to date"* ]] || fail "$engine: POST /images/create was not a no-op: $out"
    done | stats >"$ACC_TMP/$engine.noop_api"
    read -r "FIG[$engine/noop_api_med]" "FIG[$engine/noop_api_p90]" _ <"$ACC_TMP/$engine.noop_api"
    for ((i = 0; i < NOOP_RUNS; i++)); do
        t0=$(now)
        docker version >/dev/null 2>&1 || true
        echo "$(($(now) - t0))e-6"
    done | stats >"$ACC_TMP/$engine.floor"
    read -r "FIG[$engine/floor_med]" _ <"$ACC_TMP/$engine.floor"
}

# sanity ENGINE: the pulled image runs (untimed): its first layer's run id file.
sanity() {
    local engine=$1 out
    out="$(timeout -k 5 60 docker run --rm --network none "$REF" cat /etc/berth-bench-run 2>&1)" || out="failed: $out"
    if [[ $out == "$RUN_ID" ]]; then
        FIG[$engine/runs]="yes"
    else
        FIG[$engine/runs]="no"
        printf '    docker run of the pulled image: %s\n' "$(head -n1 <<<"$out")"
    fi
}

summarize() { # ENGINE
    local engine=$1
    read -r "FIG[$engine/fresh_med]" _ "FIG[$engine/fresh_min]" "FIG[$engine/fresh_max]" < <(stats <"$ACC_TMP/$engine.fresh")
    FIG[$engine/mbps]="$(awk -v b="$COMPRESSED_BYTES" -v s="${FIG[$engine/fresh_med]}" 'BEGIN { printf "%.1f", b / 1e6 / s }')"
    local col key
    col=1
    for key in resolved downloaded unpacked; do
        read -r "FIG[$engine/${key}_med]" _ < <(awk -v c=$col '$c != "-" { print $c }' "$ACC_TMP/$engine.timeline" | stats)
        col=$((col + 1))
    done
    read -r "FIG[$engine/cpu_med]" _ < <(stats <"$ACC_TMP/$engine.cpu")
}

# ---- the image: five layers, ~200 MB compressed, unique to this run ----------------

step "building a 5-layer image: a busybox rootfs and 4 x $LAYER_MB MiB of random data (gzip)"
t0=$(now)
base="$ACC_TMP/layers/base"
mkdir -p "$base/bin" "$base/etc" "$base/tmp"
cp "$BUSYBOX" "$base/bin/busybox"
for applet in $("$BUSYBOX" --list); do [[ -e $base/bin/$applet ]] || ln -s busybox "$base/bin/$applet"; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$base/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$base/etc/group"
echo "$RUN_ID" >"$base/etc/berth-bench-run" # no layer is shared with an earlier run's image
specs=("gzip:$base")
for k in 1 2 3 4; do
    # Random bytes, which gzip cannot shrink: two thirds in one file, the rest
    # in 256 KiB files, so the unpacking makes some files too.
    dir="$ACC_TMP/layers/data$k"
    mkdir -p "$dir/data$k/small"
    head -c "$((LAYER_MB * 2 / 3))M" /dev/urandom >"$dir/data$k/big"
    head -c "$((LAYER_MB - LAYER_MB * 2 / 3))M" /dev/urandom | split -b 256K -a 3 -d - "$dir/data$k/small/f"
    specs+=("gzip:$dir")
done
layout="$ACC_TMP/oci-pull-bench"
oci_layout_init "$layout"
oci_layout_image "$layout" "linux/$(go_arch)" "${specs[@]}"
oci_layout_tag "$layout" "$OCI_DESCRIPTOR"
DIGEST=$OCI_MANIFEST_DIGEST
LAYERS=${#OCI_LAYER_DIGESTS[@]}
COMPRESSED_BYTES="$(jq '[.layers[].size] | add' "$layout/blobs/sha256/${DIGEST#sha256:}")"
UNCOMPRESSED_BYTES="$(du -sb --apparent-size "$ACC_TMP/layers" | cut -f1)"
rm -rf "$ACC_TMP/layers"

start_registry bench
REF="$(registry_addr bench)/berth-bench-pull:$RUN_ID"
step "pushing it to $REF"
push_layout "$layout" "$REF"
rm -rf "$layout"
FIG[build_time]="$(awk -v u=$(($(now) - t0)) 'BEGIN { printf "%.1f", u / 1e6 }')"

printf 'Berth pull benchmark: RUNS=%s, NOOP_RUNS=%s, %s cores, load average %s at start\n' \
    "$RUNS" "$NOOP_RUNS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'image: %s layers, %s bytes compressed (%.1f MB), ~%.1f MB of files; built and pushed in %s s\n' \
    "$LAYERS" "$COMPRESSED_BYTES" "$(awk -v b="$COMPRESSED_BYTES" 'BEGIN { print b / 1e6 }')" \
    "$(awk -v b="$UNCOMPRESSED_BYTES" 'BEGIN { print b / 1e6 }')" "${FIG[build_time]}"

# ---- Berth: a new daemon with an empty data root for every run -------------------------

FIG[berth/version]="$("$BERTHD" --version 2>/dev/null | head -n1)"
step "berth: docker pull from nothing x$RUNS (a new berthd, empty data root, each run)"
: >"$ACC_TMP/berth.fresh"
for ((run = 1; run <= RUNS; run++)); do
    if [[ -n $LAST_BERTHD ]]; then
        stop_berthd "$LAST_BERTHD"
        rm -rf "$(data_root_of "$LAST_BERTHD")" # its bridge file stays for the cleanup
    fi
    LAST_BERTHD="pull$run"
    start_berthd "$LAST_BERTHD" "${EXTRA_ARGS[@]}"
    export DOCKER_HOST="unix://$(sock_of "$LAST_BERTHD")"
    fresh_pull berth "$run"
done
FIG[berth/hwm]="$(kb_field "/proc/$(pid_of "$LAST_BERTHD")/status" VmHWM)"
FIG[berth/rss]="$(kb_field "/proc/$(pid_of "$LAST_BERTHD")/status" VmRSS)"
FIG[berth/disk]="$(du -sk "$(data_root_of "$LAST_BERTHD")" | cut -f1)"
summarize berth
step "berth: second pull of the image already there x$NOOP_RUNS"
noop_series berth "$(sock_of "$LAST_BERTHD")"
step "berth: docker run of the pulled image (untimed)"
sanity berth

# ---- Docker: the image removed between runs ----------------------------------------------

if ((HAVE_DOCKER)); then
    export DOCKER_HOST="$DOCKER_URL"
    FIG[docker/version]="Docker $(docker version -f '{{.Server.Version}}' 2>/dev/null), $(docker info -f '{{.Driver}}' 2>/dev/null)"
    step "docker: docker pull from nothing x$RUNS (docker rmi between runs)"
    : >"$ACC_TMP/docker.fresh"
    for ((run = 1; run <= RUNS; run++)); do
        if ((run > 1)); then
            timeout -k 5 120 docker rmi "$REF" >/dev/null || fail "docker rmi $REF failed"
        fi
        ! docker image inspect "$REF" >/dev/null 2>&1 || fail "$REF is still in Docker before run $run"
        fresh_pull docker "$run"
    done
    summarize docker
    step "docker: second pull of the image already there x$NOOP_RUNS"
    noop_series docker "$DOCKER_SOCK"
    step "docker: docker run of the pulled image (untimed)"
    sanity docker
fi
export DOCKER_HOST="unix:///nonexistent/berth-bench-no-daemon-chosen.sock"

# ---- the table ------------------------------------------------------------------------

s() { # seconds -> "0.123 s"
    [[ -n ${1:-} && $1 != - ]] && awk -v v="$1" 'BEGIN { printf "%.3f s", v }' || printf -- '-'
}
ms() { # seconds -> "12.3 ms"
    [[ -n ${1:-} && $1 != - ]] && awk -v v="$1" 'BEGIN { printf "%.1f ms", v * 1000 }' || printf -- '-'
}
row() { printf '%-44s %-22s %-22s %s\n' "$@"; }
D() { ((HAVE_DOCKER)) && printf '%s' "$1" || printf -- '-'; }

speedup="-"
verdict=""
if ((HAVE_DOCKER)); then
    speedup="$(awk -v b="${FIG[berth/fresh_med]}" -v d="${FIG[docker/fresh_med]}" 'BEGIN { printf "%.2fx", d / b }')"
    if awk -v b="${FIG[berth/fresh_med]}" -v d="${FIG[docker/fresh_med]}" 'BEGIN { exit !(d / b >= 1.5) }'; then
        verdict="met"
    else
        verdict="NOT met"
    fi
fi
noop_verdict="$(awk -v v="${FIG[berth/noop_med]}" 'BEGIN { print (v < 0.050) ? "met" : "NOT met" }')"

echo
echo "Berth: ${FIG[berth/version]}"
if ((HAVE_DOCKER)); then
    echo "Docker: ${FIG[docker/version]} at $DOCKER_URL"
else
    echo "Docker: $DOCKER_WHY; Berth's figures alone."
fi
echo "Registry: $REGISTRY_BIN on $(registry_addr bench); MB = 10^6 bytes of compressed layers"
echo
row "" "Berth" "Docker" "target"
row "docker pull from nothing, median" "$(s "${FIG[berth/fresh_med]}")" "$(D "$(s "${FIG[docker/fresh_med]:-}")")"
row "  min / max" "$(s "${FIG[berth/fresh_min]}") / $(s "${FIG[berth/fresh_max]}")" \
    "$(D "$(s "${FIG[docker/fresh_min]:-}") / $(s "${FIG[docker/fresh_max]:-}")")"
row "  throughput (compressed MB / median s)" "${FIG[berth/mbps]} MB/s" "$(D "${FIG[docker/mbps]:-} MB/s")"
row "  Berth's speed / Docker's" "$speedup" "" ">= 1.5x${verdict:+ ($verdict)}"
row "  manifest and config fetched, median" "$(s "${FIG[berth/resolved_med]}")" "$(D "$(s "${FIG[docker/resolved_med]:-}")")"
row "  last layer downloaded, median" "$(s "${FIG[berth/downloaded_med]}")" "$(D "$(s "${FIG[docker/downloaded_med]:-}")")"
row "  last layer unpacked, median" "$(s "${FIG[berth/unpacked_med]}")" "$(D "$(s "${FIG[docker/unpacked_med]:-}")")"
row "  daemon CPU (user+sys), median" "$(s "${FIG[berth/cpu_med]}")" "$(D "$(s "${FIG[docker/cpu_med]:-}")")"
row "second pull (up to date), median" "$(ms "${FIG[berth/noop_med]}")" "$(D "$(ms "${FIG[docker/noop_med]:-}")")" \
    "< 50 ms ($noop_verdict)"
row "  p90 / max" "$(ms "${FIG[berth/noop_p90]}") / $(ms "${FIG[berth/noop_max]}")" \
    "$(D "$(ms "${FIG[docker/noop_p90]:-}") / $(ms "${FIG[docker/noop_max]:-}")")"
row "  POST /images/create (curl), median" "$(ms "${FIG[berth/noop_api_med]}")" "$(D "$(ms "${FIG[docker/noop_api_med]:-}")")"
row "  (docker version, the CLI's floor)" "$(ms "${FIG[berth/floor_med]}")" "$(D "$(ms "${FIG[docker/floor_med]:-}")")"
row "the pulled image runs" "${FIG[berth/runs]:-}" "$(D "${FIG[docker/runs]:-}")"
row "berthd peak RSS over a pull (VmHWM)" "$(mb "${FIG[berth/hwm]}")" ""
row "  RSS after the last pull" "$(mb "${FIG[berth/rss]}")" ""
row "  data root after one pull (du)" "$(mb "${FIG[berth/disk]}")" ""
printf '\nload average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
