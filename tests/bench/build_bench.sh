#!/usr/bin/env bash
# The builder's figures (issue 12 §5), with Docker's classic builder beside
# them when a Docker daemon answers (BENCH_DOCKER_HOST, as the other benches):
#   - a 20-instruction Dockerfile with 8 RUN steps: the first build and the
#     fully cached rebuild (median of 5);
#   - a two-stage build whose stages are independent (each RUN sleeps 1 s),
#     against the sum of its stages built alone;
#   - a large context (CONTEXT_MB in FILES files; the issue's 500 MB / 20,000
#     scaled down by default): `COPY . /ctx` (sent, extracted, checksummed,
#     committed) and a build that only sends it, against `tar -c` of the folder
#     (piped: `tar -c -f /dev/null` skips reading the files) and against the
#     docker CLI sending it to a daemon that drops it (discard_daemon.py), with
#     berthd's peak RSS during them (sampled every 50 ms).
# BENCH_START_DOCKERD=1 starts a dockerd of its own to compare with (see below).
# A benchmark, not a test: it prints a table and exits 0 unless it could not run.
#   build_bench.sh /path/to/berthd [CONTEXT_MB] [FILES]
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/dockerd_lib.sh"
acc_setup "$1"
CONTEXT_MB="${2:-100}"
FILES="${3:-4000}"
need_busybox
use_daemon main
export DOCKER_BUILDKIT=0

# BENCH_START_DOCKERD=1: a dockerd of the bench's own (dockerd_lib.sh: Debian's
# docker.io on its own socket, roots and cgroup parent, touching none of the
# host's networking), stopped and cleaned on exit. Both engines then build with
# --network none.
BUILD_NET=()
if [[ ${BENCH_START_DOCKERD:-0} == 1 ]]; then
    command -v dockerd >/dev/null || fail "BENCH_START_DOCKERD=1 but dockerd is not installed"
    start_dockerd
    BENCH_DOCKER_HOST="unix://$(dockerd_sock)"
    BUILD_NET=(--network none)
fi
find_docker
tag="bb-bench-$(acc_unique_name)"
engines=(berth)
rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
chmod 1777 "$rootfs/tmp"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import "$ACC_TMP/rootfs.tar" "$tag:1" >/dev/null || fail "docker import into berthd"
if ((HAVE_DOCKER)); then
    DOCKER_HOST="$DOCKER_URL" docker import "$ACC_TMP/rootfs.tar" "$tag:1" >/dev/null || fail "docker import into Docker"
    engines+=(docker)
    [[ -n $DOCKERD_PID ]] || trap 'DOCKER_HOST="$DOCKER_URL" docker image ls -q --filter "reference=$tag*" | xargs -r env DOCKER_HOST="$DOCKER_URL" docker rmi -f >/dev/null 2>&1; DOCKER_HOST="$DOCKER_URL" docker image prune -f >/dev/null 2>&1; acc_cleanup' EXIT
fi

# on ENGINE CMD...: a command against that engine's daemon.
on() {
    local engine=$1
    shift
    if [[ $engine == docker ]]; then DOCKER_HOST="$DOCKER_URL" "$@"; else "$@"; fi
}
# timed ENGINE DIR ARGS...: seconds a docker build took (fails the bench on error).
timed() {
    local engine=$1 dir=$2 start end out
    shift 2
    start=$(now)
    out="$(on "$engine" timeout 600 docker build "${BUILD_NET[@]}" "$@" "$dir" 2>&1)" || fail "$engine: docker build $* $dir: $out"
    end=$(now)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'
}

step "the Dockerfiles and the context"
twenty="$ACC_TMP/twenty"
mkdir -p "$twenty/src"
for i in 1 2 3 4; do echo "file $i" >"$twenty/src/f$i.txt"; done
cat >"$twenty/Dockerfile" <<EOF
FROM $tag:1
ARG RUNID
ENV APP=/app MODE=bench
LABEL org.example.bench=build
WORKDIR /app
COPY src/ /app/src/
RUN echo "\$RUNID" >/app/runid
RUN mkdir -p /app/out && cp /app/src/*.txt /app/out/
RUN for i in 1 2 3 4 5 6 7 8 9 10; do echo line \$i; done >/app/out/lines
RUN cat /app/out/lines | wc -l >/app/out/count
RUN adduser -D -H bench 2>/dev/null || true
RUN touch /app/out/a /app/out/b /app/out/c
RUN ls -la /app/out >/app/listing
RUN du -s /app >/app/size
EXPOSE 8080
VOLUME /data
USER nobody
STOPSIGNAL SIGTERM
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["cat /app/out/count"]
EOF
expect_eq "instructions" "20" "$(grep -cv '^$' "$twenty/Dockerfile")"
expect_eq "RUN steps" "8" "$(grep -c '^RUN' "$twenty/Dockerfile")"

two="$ACC_TMP/twostage"
mkdir -p "$two"
cat >"$two/Dockerfile" <<EOF
FROM $tag:1 AS left
ARG RUNID
RUN echo "\$RUNID" >/id && sleep 1 && echo left >/out
FROM $tag:1 AS right
ARG RUNID
RUN echo "\$RUNID" >/id && sleep 1 && echo right >/out
FROM $tag:1
COPY --from=left /out /left
COPY --from=right /out /right
EOF

big="$ACC_TMP/context"
mkdir -p "$big"
per_file=$((CONTEXT_MB * 1024 * 1024 / FILES))
python3 - "$big" "$FILES" "$per_file" <<'EOF'
import os, sys
root, files, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
block = os.urandom(1 << 20)
for i in range(files):
    d = os.path.join(root, "d%03d" % (i // 200))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.bin" % i), "wb") as f:
        off = (i * 7919) % (len(block) - size) if size < len(block) else 0
        f.write(block[off:off + size] if size < len(block) else os.urandom(size))
EOF
printf 'FROM %s:1\nCOPY . /ctx\n' "$tag" >"$big/Dockerfile"
mkdir -p "$big/.send"
printf 'FROM %s:1\nLABEL sent=1\n' "$tag" >"$ACC_TMP/send.Dockerfile"
echo "context: $(du -sm "$big" | cut -f1) MB in $(find "$big" -type f | wc -l) files"

# peak_rss_while PID CMD...: runs CMD, sampling PID's VmRSS every 50 ms; PEAK_KB is the highest.
PEAK_KB=0
peak_rss_while() {
    local pid=$1 sampler
    shift
    echo 0 >"$ACC_TMP/peak"
    (set +e; peak=0; while kill -0 "$pid" 2>/dev/null; do
        rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null)
        if ((${rss:-0} > peak)); then peak=$rss; echo "$peak" >"$ACC_TMP/peak"; fi
        sleep 0.05; done) &
    sampler=$!
    "$@"
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    PEAK_KB=$(cat "$ACC_TMP/peak" 2>/dev/null || echo 0)
}

declare -A R=()
# BENCH_CONTEXT_ONLY=1: only the large context (its send timed 3 times, the median kept).
SEND_RUNS=1
[[ ${BENCH_CONTEXT_ONLY:-0} == 1 ]] && SEND_RUNS=3

# The yardsticks, the folder in the page cache for each. GNU tar writing to
# /dev/null does not read the files' data (it notices /dev/null), so the
# honest `tar -c` is piped; the docker CLI's own cost of making and sending the
# tar is measured against a daemon that drops it.
step "the yardsticks: tar -c, and the docker CLI sending to a daemon that drops it"
tar -C "$big" -c . | cat >/dev/null
for _ in $(seq "$SEND_RUNS"); do
    start=$(now)
    tar -C "$big" -c . | cat >/dev/null
    awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.4f\n", (b - a) / 1e6 }'
done | stats | cut -d' ' -f1 >"$ACC_TMP/t"
R[tar]=$(cat "$ACC_TMP/t")
start=$(now)
tar -C "$big" -c -f /dev/null .
R[tar_devnull]=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.3f", (b - a) / 1e6 }')
python3 "$(dirname "${BASH_SOURCE[0]}")/discard_daemon.py" "$ACC_TMP/discard.sock" &
discard_pid=$!
for _ in $(seq 50); do [[ -S $ACC_TMP/discard.sock ]] && break; sleep 0.1; done
for _ in $(seq "$SEND_RUNS"); do
    start=$(now)
    DOCKER_HOST="unix://$ACC_TMP/discard.sock" docker build -f "$ACC_TMP/send.Dockerfile" "$big" >/dev/null 2>&1 ||
        fail "the docker CLI against the discarding daemon"
    awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.4f\n", (b - a) / 1e6 }'
done | stats | cut -d' ' -f1 >"$ACC_TMP/t"
R[cli]=$(cat "$ACC_TMP/t")
kill "$discard_pid" 2>/dev/null || true
wait "$discard_pid" 2>/dev/null || true
for engine in "${engines[@]}"; do
  if [[ ${BENCH_CONTEXT_ONLY:-0} != 1 ]]; then
    step "$engine: 20 instructions, 8 RUN"
    R[$engine/first]=$(timed "$engine" "$twenty" -t "$tag:twenty" --build-arg RUNID="$RANDOM$RANDOM" --no-cache)
    runid="$RANDOM$RANDOM"
    timed "$engine" "$twenty" -t "$tag:twenty" --build-arg RUNID="$runid" >/dev/null # fills the cache for this RUNID
    R[$engine/cached]=$(for _ in 1 2 3 4 5; do timed "$engine" "$twenty" -t "$tag:twenty" --build-arg RUNID="$runid"; echo; done | stats | cut -d' ' -f1)

    step "$engine: two independent stages"
    R[$engine/left]=$(timed "$engine" "$two" --target left --no-cache --build-arg RUNID="$RANDOM")
    R[$engine/right]=$(timed "$engine" "$two" --target right --no-cache --build-arg RUNID="$RANDOM")
    R[$engine/both]=$(timed "$engine" "$two" -t "$tag:two" --no-cache --build-arg RUNID="$RANDOM")

  fi
    step "$engine: the large context"
    pid="$(pid_of main)"
    [[ $engine == docker ]] && pid="${DOCKERD_PID:-$(pids_by_comm dockerd | head -n1)}"
    sync
    : >"$ACC_TMP/sends"
    for _ in $(seq "$SEND_RUNS"); do
        peak_rss_while "$pid" timed "$engine" "$big" -f "$ACC_TMP/send.Dockerfile" --no-cache >"$ACC_TMP/t"
        { cat "$ACC_TMP/t"; echo; } >>"$ACC_TMP/sends"
        if ((PEAK_KB > ${R[$engine/send_rss]:-0})); then R[$engine/send_rss]=$PEAK_KB; fi
    done
    R[$engine/send]=$(stats <"$ACC_TMP/sends" | cut -d' ' -f1)
    peak_rss_while "$pid" timed "$engine" "$big" -t "$tag:big" --no-cache >"$ACC_TMP/t"
    R[$engine/copy]=$(cat "$ACC_TMP/t"); R[$engine/copy_rss]=$PEAK_KB
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
row() { printf '%-52s %-22s %-22s %s\n' "$@"; }
D() { ((HAVE_DOCKER)) && printf '%s' "$1" || printf '%s' "-"; }
echo
echo "Docker: ${DOCKER_WHY:-$DOCKER_URL}${BUILD_NET[*]:+ (both with ${BUILD_NET[*]})}; context ${CONTEXT_MB} MB in ${FILES} files; load $(cut -d' ' -f1-3 /proc/loadavg)"
row "" "Berth" "Docker (classic)" "target"
if [[ ${BENCH_CONTEXT_ONLY:-0} != 1 ]]; then
row "20 instructions, 8 RUN: first build" "${R[berth/first]} s" "$(D "${R[docker/first]:-} s")" "<= 0.3x Docker"
((HAVE_DOCKER)) && row "  Berth / Docker" "$(ratio "${R[berth/first]}" "${R[docker/first]}")" "" ""
row "  fully cached rebuild, median of 5" "${R[berth/cached]} s" "$(D "${R[docker/cached]:-} s")" "<= 0.2 s"
row "two independent stages (RUN sleep 1 each)" "${R[berth/both]} s" "$(D "${R[docker/both]:-} s")" ""
row "  stage alone: left + right" "${R[berth/left]} + ${R[berth/right]} s" "$(D "${R[docker/left]:-} + ${R[docker/right]:-} s")" ""
row "  both / sum of stages" "$(ratio "${R[berth/both]}" "$(awk -v a="${R[berth/left]}" -v b="${R[berth/right]}" 'BEGIN { print a + b }')")" \
    "$(D "$(ratio "${R[docker/both]:-0}" "$(awk -v a="${R[docker/left]:-0}" -v b="${R[docker/right]:-0}" 'BEGIN { print a + b }')")")" "<= 0.6"
fi
row "large context: tar -c DIR | cat$( ((SEND_RUNS > 1)) && echo ", median of $SEND_RUNS")" "${R[tar]} s" "" ""
row "  (tar -c -f /dev/null DIR: reads no data)" "${R[tar_devnull]} s" "" ""
row "  docker CLI sending it to a daemon that drops it" "${R[cli]} s" "" ""
row "  build that only sends it (LABEL)$( ((SEND_RUNS > 1)) && echo ", median of $SEND_RUNS")" "${R[berth/send]} s" "$(D "${R[docker/send]:-} s")" ""
row "  send / tar -c" "$(ratio "${R[berth/send]}" "${R[tar]}")" "$(D "$(ratio "${R[docker/send]:-0}" "${R[tar]}")")" "<= 1.2"
row "  send / the CLI's own send" "$(ratio "${R[berth/send]}" "${R[cli]}")" "$(D "$(ratio "${R[docker/send]:-0}" "${R[cli]}")")" ""
row "  COPY . /ctx (sent, checksummed, committed)" "${R[berth/copy]} s" "$(D "${R[docker/copy]:-} s")" ""
row "  COPY / tar -c" "$(ratio "${R[berth/copy]}" "${R[tar]}")" "$(D "$(ratio "${R[docker/copy]:-0}" "${R[tar]}")")" ""
row "  daemon peak RSS while sending" "$(mb "${R[berth/send_rss]}")" "$(D "$(mb "${R[docker/send_rss]:-0}")")" "<= 64 MB (berthd)"
row "  daemon peak RSS during COPY ." "$(mb "${R[berth/copy_rss]}")" "$(D "$(mb "${R[docker/copy_rss]:-0}")")" "<= 64 MB (berthd)"
