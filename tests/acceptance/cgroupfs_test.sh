#!/usr/bin/env bash
# A container's /sys/fs/cgroup shows its own cgroups, with the real docker CLI
# (issue 14 §5): --memory and --cpus are read back inside the container (JVMs,
# Go and Node size themselves from these files), read-only unless --privileged;
# --cgroupns host|private accepted, in inspect, and giving the container its
# own cgroup namespace or the host's; docker info unchanged.
#   cgroupfs_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -c . >"$ACC_TMP/base.tar"
use_daemon cg
timeout 60 docker import "$ACC_TMP/base.tar" base:1 >/dev/null || fail "docker import"
version="$(docker info --format '{{.CgroupVersion}}')"
expect_eq "docker info's CgroupDriver" "cgroupfs" "$(docker info --format '{{.CgroupDriver}}')"
if [[ $version == 1 ]]; then
    memory_file=/sys/fs/cgroup/memory/memory.limit_in_bytes
    quota_file=/sys/fs/cgroup/cpu/cpu.cfs_quota_us
    quota_of() { printf '%s' "$1"; }
    default_cgroupns=host
else
    memory_file=/sys/fs/cgroup/memory.max
    quota_file=/sys/fs/cgroup/cpu.max
    quota_of() { printf '%s 100000' "$1"; }
    default_cgroupns=private
fi

step "cgroup v$version: --memory 64m and --cpus 0.5 are what the container reads"
expect_eq "memory limit inside" "67108864" "$(timeout 30 docker run --rm --memory 64m base:1 cat "$memory_file")"
expect_eq "cpu quota inside" "$(quota_of 50000)" "$(timeout 30 docker run --rm --cpus 0.5 base:1 cat "$quota_file")"

step "read-only, and it is the container's own cgroup, not the host's root nor berthd's"
# shellcheck disable=SC2016 # expanded in the container
out="$(timeout 30 docker run --rm --memory 64m base:1 sh -c \
    '(echo 1 >'"$memory_file"') 2>/dev/null && echo writable || echo read-only; mkdir /sys/fs/cgroup/x 2>/dev/null && echo mkdir; true')"
expect_eq "writing a limit from inside" "read-only" "$out"
if [[ $version == 1 ]]; then
    listing="$(timeout 30 docker run --rm base:1 ls /sys/fs/cgroup)"
    for controller in cpu memory pids; do
        [[ -d /sys/fs/cgroup/$controller ]] || continue
        expect_contains "/sys/fs/cgroup in the container" "$controller" "$listing"
    done
    [[ $listing != *unified* ]] || fail "the host's cgroup2 at unified is shown: $listing"
    # In the host's cgroup namespace the container is in a cgroup of its own in
    # every hierarchy (name=systemd too, as runc does), so no bind shows berthd's.
    id="$(timeout 30 docker run -d base:1 sleep 60)" || fail "docker run -d"
    while IFS=: read -r _ controllers path; do
        [[ -z $controllers || $path == */"$id" ]] || fail "the container's $controllers cgroup is $path, not its own"
    done < <(timeout 30 docker exec "$id" cat /proc/1/cgroup)
    docker rm -f "$id" >/dev/null
    # The container's directory has no children; the host's root has berth-test-*.
    expect_eq "the memory hierarchy's subdirectories" "0" \
        "$(timeout 30 docker run --rm base:1 sh -c 'find /sys/fs/cgroup/memory -mindepth 1 -type d | wc -l')"
fi

step "--privileged mounts it read-write: a write reaches the container's cgroup"
out="$(timeout 30 docker run --rm --privileged --memory 64m base:1 sh -c \
    "echo 33554432 >$memory_file && cat $memory_file")" || fail "writing the limit with --privileged: $out"
expect_eq "the limit written from inside" "33554432" "$out"

step "--cgroupns: the default is $default_cgroupns; host and private accepted and shown by inspect"
timeout 30 docker create --name dflt base:1 true >/dev/null || fail "docker create"
expect_eq "default CgroupnsMode" "$default_cgroupns" "$(docker inspect dflt --format '{{.HostConfig.CgroupnsMode}}')"
host_ns="$(readlink /proc/self/ns/cgroup)"
for mode in host private; do
    out="$(timeout 30 docker run --name "ns-$mode" --cgroupns "$mode" --memory 64m base:1 sh -c \
        "readlink /proc/self/ns/cgroup; cat $memory_file")" || fail "docker run --cgroupns $mode: $out"
    expect_eq "CgroupnsMode of --cgroupns $mode" "$mode" "$(docker inspect "ns-$mode" --format '{{.HostConfig.CgroupnsMode}}')"
    expect_eq "the limit with --cgroupns $mode" "67108864" "$(tail -n 1 <<<"$out")"
    ns="$(head -n 1 <<<"$out")"
    if [[ $mode == host ]]; then
        expect_eq "cgroup namespace with --cgroupns host" "$host_ns" "$ns"
    else
        [[ $ns != "$host_ns" && $ns == cgroup:* ]] || fail "--cgroupns private shares the host's cgroup namespace: $ns"
    fi
done
# shellcheck disable=SC2016 # expanded in the container
expect_eq "/proc/self/cgroup in a private cgroup namespace" "/" \
    "$(timeout 30 docker run --rm --cgroupns private base:1 sh -c 'cut -d: -f3 /proc/self/cgroup | sort -u | head -n 1')"
# The CLI refuses other modes itself; the daemon answers as dockerd does.
create() { # API_VERSION HOST_CONFIG_JSON: prints the body, then the HTTP status
    curl -s --max-time 10 --unix-socket "$(sock_of cg)" -H 'Content-Type: application/json' -w '\n%{http_code}' \
        -d "{\"Image\":\"base:1\",\"Cmd\":[\"true\"],\"HostConfig\":$2}" "http://berthd/v$1/containers/create"
}
out="$(create 1.45 '{"CgroupnsMode":"shared"}')"
expect_eq "create with CgroupnsMode shared" $'{"message":"invalid cgroup namespace mode: shared"}\n\n400' "$out"
old_id="$(create 1.40 '{}' | head -n 1 | jq -r .Id)"
expect_eq "CgroupnsMode of a container created through API 1.40" "host" \
    "$(docker inspect "$old_id" --format '{{.HostConfig.CgroupnsMode}}')"
docker rm "$old_id" >/dev/null
docker rm -f dflt ns-host ns-private >/dev/null
echo "PASS ($ACC_TEST_NAME)"
