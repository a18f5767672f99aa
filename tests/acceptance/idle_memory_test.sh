#!/usr/bin/env bash
# berthd gives memory back once idle (issue 15, engine/daemon/idle_release.h):
# 10-20 s after its last request it trims its heap and drops its pages of its
# text and libraries (logged with --debug), holds less than it did right after
# the requests, and serves on as before: a container that ran across the
# release still answers logs, exec and stop, and a new one runs.
#   idle_memory_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
use_daemon main --debug
pid="$(pid_of main)"
log="$(log_of main)"
releases() { grep -c 'idle: memory given back' "$log" || true; }
released_since() { (($(releases) > $1)); }
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status"; }

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -c . | timeout 60 docker import - idle:1 >/dev/null || fail "docker import"

step "a container runs across the release"
id="$(timeout 30 docker run -d --network none idle:1 sh -c 'echo started; while sleep 0.2; do :; done')" ||
    fail "docker run -d: $id"
wait_for 30 "the container's first line" sh -c "docker logs $id | grep -qx started"
before="$(releases)"
rss_before="$(rss_kb)"
wait_for 60 "berthd giving memory back" released_since "$before"
rss_after="$(rss_kb)"
echo "RSS ${rss_before} kB -> ${rss_after} kB"
# Under ASan most of the RSS is shadow memory and the allocator's quarantine,
# which the release does not touch: there only the rest is checked.
if ! grep -q libasan <<<"$(ldd "$BERTHD" 2>/dev/null)"; then
    ((rss_after < rss_before)) || fail "RSS did not go down with the release: ${rss_before} kB -> ${rss_after} kB"
fi

step "berthd serves on: logs, exec, stop of that container, a new one"
expect_contains "docker logs after the release" started "$(timeout 30 docker logs "$id")"
expect_eq "docker exec after the release" hi "$(timeout 30 docker exec "$id" echo hi)"
timeout 30 docker stop -t 1 "$id" >/dev/null || fail "docker stop"
expect_eq "docker run after the release" after "$(timeout 30 docker run --rm --network none idle:1 echo after)"
timeout 30 docker rm "$id" >/dev/null || fail "docker rm"
stop_berthd main
expect_eq "exit status on SIGTERM" "0" "$STOP_STATUS"
echo "PASS ($ACC_TEST_NAME)"
