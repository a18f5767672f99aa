# What the `berth compose` acceptance tests share; source it after lib.sh and acc_setup.
#   compose_needs BERTH     $BERTH, the app's binary (a usage error without it), and busybox
#   compose_image [HOOK]    bb:compose imported from a busybox rootfs; HOOK ROOTFS adds files first
#   compose_project PREFIX  $project (PREFIX + a unique name) and its folder $dir
#   compose ARGS / theirs ARGS   `berth compose` / `docker compose` on $project, in $dir
#   plain                   drops the line clears (ESC[2K) docker compose writes even on a pipe
#   compose_free_port       a loopback TCP port nothing listens on, in $port
# $have_docker_compose says whether `theirs` can run.
compose_needs() {
    BERTH="${1:-}"
    [[ -x $BERTH ]] || fail "usage: $0 BERTHD BERTH"
    need_busybox
}

compose_image() {
    local rootfs="$ACC_TMP/rootfs"
    make_busybox_rootfs "$rootfs"
    [[ -z ${1:-} ]] || "$1" "$rootfs"
    tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
    docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:compose >/dev/null || fail "docker import failed"
}

compose_project() {
    project="$1$(acc_unique_name)"
    dir="$ACC_TMP/$project"
    mkdir -p "$dir"
}

compose_free_port() {
    command -v ss >/dev/null || skip "ss (iproute2) is not installed"
    port=$((20000 + RANDOM % 10000))
    while [[ -n "$(ss -Htln "sport = :$port")" ]]; do port=$((20000 + RANDOM % 10000)); done
}

compose() { (cd "$dir" && timeout 60 "$BERTH" compose -p "$project" "$@"); }
theirs() { (cd "$dir" && timeout 60 docker compose -p "$project" "$@"); }
plain() { sed 's/\x1b\[2K//g'; }

have_docker_compose=false
docker compose version >/dev/null 2>&1 && have_docker_compose=true
