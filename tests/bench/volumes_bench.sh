#!/usr/bin/env bash
# Volume benchmark: `docker volume create` + mount + remove in the API (target
# <= 5 ms), on a berthd of its own; Docker's figure beside it when a Docker
# daemon answers. Not a test: it prints figures (see README.md).
#
#   volumes_bench.sh /path/to/berthd [N]
#
# One round: POST /volumes/create, a container made with the volume and started
# (the mount), then removed with the volume. The API part is create + remove of
# the volume (curl's time_total, the socket round trips included); the
# container's run is timed apart, with and without the volume, so the mount's
# share shows.
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
N="${2:-20}"
[[ $N =~ ^[1-9][0-9]*$ ]] || fail "N must be a positive number, got '$N'"
need_busybox
find_docker
use_daemon berth

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:bench >/dev/null || fail "docker import failed"

# on SOCKET METHOD PATH [BODY]: seconds the request took.
on() {
    curl -s -o /dev/null -w '%{time_total}\n' --unix-socket "$1" -X "$2" -H 'Content-Type: application/json' \
        ${4:+--data "$4"} "http://berthd$3"
}

series() { # ENGINE SOCKET
    local engine=$1 sock=$2 i name api=() with=() without=() t0 t1
    for ((i = -2; i < N; i++)); do
        name="bench$RANDOM$i"
        local create remove
        create="$(on "$sock" POST /volumes/create "{\"Name\":\"$name\"}")"
        t0="$(now)"
        DOCKER_HOST="unix://$sock" timeout 30 docker run --rm --network none -v "$name:/d" bb:bench true >/dev/null
        t1="$(now)"
        remove="$(on "$sock" DELETE "/volumes/$name")"
        local plain0 plain1
        plain0="$(now)"
        DOCKER_HOST="unix://$sock" timeout 30 docker run --rm --network none bb:bench true >/dev/null
        plain1="$(now)"
        ((i < 0)) && continue
        api+=("$(awk -v a="$create" -v b="$remove" 'BEGIN { printf "%.6f", (a + b) * 1000 }')")
        with+=("$(((t1 - t0) / 1000))")
        without+=("$(((plain1 - plain0) / 1000))")
    done
    read -r med p90 _ _ < <(printf '%s\n' "${api[@]}" | stats)
    printf '%-8s volume create+remove in the API: median %.2f ms, p90 %.2f ms (target <= 5 ms)\n' "$engine" "$med" "$p90"
    read -r med _ _ _ < <(printf '%s\n' "${with[@]}" | stats)
    local plain
    read -r plain _ _ _ < <(printf '%s\n' "${without[@]}" | stats)
    printf '%-8s docker run --rm with a volume: median %.0f ms; without: %.0f ms\n' "$engine" "$med" "$plain"
}

printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
series berth "$(sock_of berth)"
if ((HAVE_DOCKER)); then
    DOCKER_HOST="$DOCKER_URL" docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:bench >/dev/null &&
        series docker "$DOCKER_SOCK"
    DOCKER_HOST="$DOCKER_URL" docker rmi bb:bench >/dev/null 2>&1
else
    printf 'docker   not compared: %s\n' "$DOCKER_WHY"
fi
printf 'load average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
