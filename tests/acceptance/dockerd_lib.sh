# A dockerd of the test's own (Debian's docker.io), beside its berthds, for tests
# that check berthd's answers against Docker's on the same commands. Source after
# lib.sh and acc_setup. It changes nothing in the host's network (no iptables,
# no docker0, no forwarding: its containers run with --network none) and is
# stopped gracefully (its containerd and shims with it) when the test exits.
DOCKERD_PID=""
DOCKERD_DIR=""
DOCKERD_CGROUP=""

# need_dockerd: skip the test where docker.io is not installed.
need_dockerd() {
    command -v dockerd >/dev/null || skip "dockerd (Debian's docker.io) is not installed"
}

dockerd_sock() { printf '%s/docker.sock' "$DOCKERD_DIR"; }

# start_dockerd: start it under $ACC_TMP/dockerd and wait for its /_ping.
start_dockerd() {
    DOCKERD_DIR="$ACC_TMP/dockerd"
    DOCKERD_CGROUP="berth-test-docker-$(acc_unique_name)"
    mkdir -p "$DOCKERD_DIR"
    setsid dockerd --host="unix://$(dockerd_sock)" --data-root="$DOCKERD_DIR/data" \
        --exec-root="$DOCKERD_DIR/exec" --pidfile="$DOCKERD_DIR/docker.pid" \
        --cgroup-parent="$DOCKERD_CGROUP" --bridge=none --iptables=false \
        --ip6tables=false --ip-forward=false --ip-masq=false --userland-proxy=false \
        --log-level=warn >"$DOCKERD_DIR/dockerd.log" 2>&1 &
    DOCKERD_PID=$!
    trap 'dockerd_exit_status=$?; stop_dockerd; (exit "$dockerd_exit_status"); acc_cleanup' EXIT
    local tries
    for ((tries = 0; tries < 300; tries++)); do
        curl -sf --max-time 2 --unix-socket "$(dockerd_sock)" http://docker/_ping >/dev/null && return 0
        kill -0 "$DOCKERD_PID" 2>/dev/null || { cat "$DOCKERD_DIR/dockerd.log" >&2; fail "dockerd exited at start"; }
        sleep 0.1
    done
    cat "$DOCKERD_DIR/dockerd.log" >&2
    fail "dockerd did not answer /_ping in 30 s"
}

# stop_dockerd: remove its containers, SIGTERM (SIGKILL to its group after 20 s),
# unmount what it left under its directory and remove its cgroups.
stop_dockerd() {
    [[ -n $DOCKERD_PID ]] || return 0
    # Runs in the EXIT trap: a failing step (wait gives dockerd's status) must
    # not end the shell before lib.sh's cleanup.
    local -
    set +e
    local ids cg m
    ids="$(DOCKER_HOST="unix://$(dockerd_sock)" timeout 20 docker ps -aq 2>/dev/null)"
    [[ -n $ids ]] && DOCKER_HOST="unix://$(dockerd_sock)" timeout 30 docker rm -f $ids >/dev/null 2>&1
    kill -TERM "$DOCKERD_PID" 2>/dev/null
    timeout 20 tail --pid="$DOCKERD_PID" -f /dev/null || kill -KILL -- "-$DOCKERD_PID" 2>/dev/null
    wait "$DOCKERD_PID" 2>/dev/null
    DOCKERD_PID=""
    for m in $(awk -v d="$DOCKERD_DIR/" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r); do
        umount -l "$m" 2>/dev/null
    done
    for cg in /sys/fs/cgroup/*/"$DOCKERD_CGROUP" /sys/fs/cgroup/"$DOCKERD_CGROUP"; do
        [[ -d $cg ]] && rmdir "$cg" 2>/dev/null
    done
    return 0
}
