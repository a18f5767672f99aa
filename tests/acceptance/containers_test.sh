#!/usr/bin/env bash
# Containers with the real docker CLI against berthd: run with and without a
# tty, exit codes (0, n, 125, 126, 127, 137), detached containers in ps,
# inspect and logs, stop/kill/rm rules, networks (bridge, none, host), limits in
# the cgroup, OOM, --rm, restart policies, and containers that outlive a
# kill -9 of berthd and are managed again after its restart; a monitor at work
# again after releasing its idle pages; docker cp, diff and export.
#   containers_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
use_daemon main
bridge="$(cat "$(daemon_dir main)/bridge")"
cgroup_parent="berth-test-$bridge"

# A busybox image with every applet, built here from Debian's busybox-static.
rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:test >/dev/null || fail "docker import failed"

step "docker run prints the output and exits with the command's status"
expect_eq "echo" "hello" "$(timeout 30 docker run --rm bb:test echo hello)"
status=0
timeout 30 docker run --rm bb:test sh -c 'exit 3' || status=$?
expect_eq "exit status" 3 "$status"

step "stderr stays stderr; stdin with -i"
expect_eq "stderr" "to-stderr" "$(timeout 30 docker run --rm bb:test sh -c 'echo to-stderr >&2' 2>&1 >/dev/null)"
expect_eq "stdin" "from-stdin" "$(echo from-stdin | timeout 30 docker run --rm -i bb:test cat)"

step "exec failures: 127 for a missing command, 126 for a non-executable"
status=0
out="$(timeout 30 docker run --rm bb:test nosuchcommand 2>&1)" || status=$?
expect_eq "missing command status" 127 "$status"
expect_contains "missing command message" 'executable file not found in $PATH' "$out"
status=0
out="$(timeout 30 docker run --rm bb:test /etc/passwd 2>&1)" || status=$?
expect_eq "non-executable status" 126 "$status"
expect_contains "non-executable message" "permission denied" "$out"

step "isolation: pid 1, hostname, no host files, masked /proc paths, default capabilities"
expect_eq "pid" "1" "$(timeout 30 docker run --rm bb:test sh -c 'echo $$')"
cid="$(docker create --hostname box bb:test hostname)"
docker start -a "$cid" >"$ACC_TMP/hostname.out"
expect_eq "hostname" "box" "$(cat "$ACC_TMP/hostname.out")"
docker rm "$cid" >/dev/null
expect_eq "host files" "absent" "$(timeout 30 docker run --rm bb:test sh -c "test -e $ACC_TMP && echo present || echo absent")"
expect_eq "/proc/keys masked" "" "$(timeout 30 docker run --rm bb:test cat /proc/keys)"
capeff="$(timeout 30 docker run --rm bb:test sh -c 'grep CapEff /proc/self/status')"
expect_eq "CapEff" "CapEff:	00000000a80425fb" "$capeff"
expect_eq "user" "65534:65534" "$(timeout 30 docker run --rm --user nobody bb:test sh -c 'echo $(id -u):$(id -g)')"

step "a tty: -t gives the process a pty"
expect_eq "tty" "/dev/pts/0" "$(timeout 30 docker run --rm -t bb:test tty | tr -d '\r')"

if command -v script >/dev/null; then
    step "docker run -it from a terminal: input, output, window size and exit status"
    status=0
    out="$(printf 'echo typed-$((6*7))\nstty size\nexit 7\n' |
        timeout 30 script -qec "stty cols 91 rows 23; docker run -it --rm bb:test sh" /dev/null)" || status=$?
    expect_eq "-it exit status" 7 "$status"
    expect_contains "-it output" "typed-42" "$out"
    expect_contains "-it window size" "23 91" "$out"

    step "detach keys: ctrl-p ctrl-q leaves the container running"
    docker run -dit --name det bb:test sh >/dev/null
    printf 'touch /tmp/before-detach\n\x10\x11' | timeout 30 script -qec "docker attach det" /dev/null >/dev/null || true
    expect_eq "running after detach" "running" "$(docker inspect -f '{{.State.Status}}' det)"
    docker exec det test -f /tmp/before-detach || fail "the input before the detach keys did not arrive"
    docker rm -f det >/dev/null
fi

step "networks: bridge with an address and a default route, none, host"
bridge_addr="$(timeout 30 docker run --rm bb:test ip -4 -o addr show eth0)"
expect_contains "eth0 address" "inet " "$bridge_addr"
expect_contains "default route" "default via" "$(timeout 30 docker run --rm bb:test ip route)"
expect_eq "none: only lo" "lo" "$(timeout 30 docker run --rm --network none bb:test ls /sys/class/net)"
# The host's network namespace itself: a list of its interfaces would race with
# the bridges and veths of tests running beside this one.
expect_eq "host: the host's network namespace" "$(readlink /proc/self/ns/net)" \
    "$(timeout 30 docker run --rm --network host bb:test readlink /proc/self/ns/net)"
uplink="$(ip route show default | awk '{print $5; exit}')"
[[ -z $uplink ]] || expect_contains "host: the host's uplink $uplink" "$uplink" \
    "$(timeout 30 docker run --rm --network host bb:test ls /sys/class/net)"

step "detached: ps, inspect, logs, stop with SIGKILL after the timeout"
id="$(docker run -d --name sleeper --memory 64m --pids-limit 50 bb:test sh -c 'echo started; exec sleep 1000')"
[[ $id =~ ^[0-9a-f]{64}$ ]] || fail "docker run -d printed '$id'"
expect_eq "ps" "sleeper" "$(docker ps --format '{{.Names}}')"
expect_eq "running" "true" "$(docker inspect -f '{{.State.Running}}' sleeper)"
pid="$(docker inspect -f '{{.State.Pid}}' sleeper)"
kill -0 "$pid" || fail "the container's pid $pid is not a live process"
wait_for 10 "the first log line" bash -c "[[ \$(docker logs sleeper) == started ]]"
memory_limit="$(cat /sys/fs/cgroup/memory/"$cgroup_parent"/"$id"/memory.limit_in_bytes 2>/dev/null ||
    cat /sys/fs/cgroup/"$cgroup_parent"/"$id"/memory.max)"
expect_eq "memory limit in the cgroup" "67108864" "$memory_limit"
status=0
out="$(docker rm sleeper 2>&1)" || status=$?
[[ $status != 0 ]] || fail "docker rm of a running container succeeded"
expect_contains "rm running" "stop the container before removing or force remove" "$out"
docker stop -t 1 sleeper >/dev/null
expect_eq "exit code after stop" "137" "$(docker inspect -f '{{.State.ExitCode}}' sleeper)"
expect_eq "status" "exited" "$(docker inspect -f '{{.State.Status}}' sleeper)"
expect_eq "ps -a" "sleeper" "$(docker ps -a --filter status=exited --format '{{.Names}}')"
docker rm sleeper >/dev/null
expect_eq "after rm" "" "$(docker ps -aq)"

step "exec: output, status, user, env, workdir, tty, detached, errors"
docker run -d --name ex --hostname exhost bb:test sleep 1000 >/dev/null
expect_eq "exec echo" "hi" "$(timeout 30 docker exec ex echo hi)"
status=0
timeout 30 docker exec ex sh -c 'exit 5' || status=$?
expect_eq "exec status" 5 "$status"
# A command that ends at once can end, and be inspected, before berthd has
# marked its exec running (its status read as 0 in 5 of 200 rounds once).
for round in $(seq 20); do
    status=0
    timeout 30 docker exec ex sh -c 'exit 7' || status=$?
    expect_eq "exec status, round $round" 7 "$status"
done
expect_eq "exec hostname" "exhost" "$(timeout 30 docker exec ex hostname)"
expect_eq "exec sees the container's pid 1" "sleep" "$(timeout 30 docker exec ex cat /proc/1/comm)"
expect_eq "exec user" "65534" "$(timeout 30 docker exec -u nobody ex id -u)"
expect_eq "exec env" "bar" "$(timeout 30 docker exec -e FOO=bar ex sh -c 'echo $FOO')"
expect_eq "exec workdir" "/tmp" "$(timeout 30 docker exec -w /tmp ex pwd)"
expect_contains "exec tty" "/dev/pts/" "$(timeout 30 docker exec -t ex tty)"
expect_eq "exec stdin" "piped" "$(echo piped | timeout 30 docker exec -i ex cat)"
status=0
out="$(timeout 30 docker exec ex nosuchcommand 2>&1)" || status=$?
expect_eq "exec missing command" 127 "$status"
expect_contains "exec missing command message" "executable file not found" "$out"
docker exec -d ex sh -c 'sleep 0.3; touch /tmp/detached-done'
wait_for 10 "the detached exec" docker exec ex test -f /tmp/detached-done
top="$(docker top ex)"
expect_contains "top" "sleep 1000" "$top"
docker pause ex >/dev/null
expect_eq "paused" "paused" "$(docker inspect -f '{{.State.Status}}' ex)"
out="$(docker exec ex true 2>&1)" && fail "exec in a paused container succeeded"
expect_contains "exec paused" "is paused" "$out"
docker unpause ex >/dev/null
expect_eq "unpaused" "running" "$(docker inspect -f '{{.State.Status}}' ex)"
docker rename ex ex2
expect_eq "renamed" "/ex2" "$(docker inspect -f '{{.Name}}' ex2)"
old_pid="$(docker inspect -f '{{.State.Pid}}' ex2)"
docker restart -t 1 ex2 >/dev/null
new_pid="$(docker inspect -f '{{.State.Pid}}' ex2)"
[[ $new_pid != "$old_pid" && $new_pid != 0 ]] || fail "restart did not start a new process ($old_pid -> $new_pid)"
docker rm -f ex2 >/dev/null
out="$(docker exec ex2 true 2>&1)" && fail "exec in a removed container succeeded"

step "logs: streams, tail, timestamps, follow until the container exits"
docker run -d --name lg bb:test sh -c 'echo one; echo two >&2; sleep 0.2; echo three' >/dev/null
wait_for 10 "lg to exit" bash -c "[[ \$(docker inspect -f '{{.State.Status}}' lg) == exited ]]"
expect_eq "stdout only" "one three" "$(docker logs lg 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"
expect_eq "stderr only" "two" "$(docker logs lg 2>&1 >/dev/null)"
expect_eq "tail" "three" "$(docker logs --tail 1 lg 2>/dev/null)"
[[ "$(docker logs -t lg 2>/dev/null | head -1)" =~ ^20[0-9-]+T[0-9:.]+Z\ one$ ]] || fail "timestamps: $(docker logs -t lg 2>&1 | head -1)"
docker run -d --name fl bb:test sh -c 'for i in 1 2 3; do echo line$i; sleep 0.3; done' >/dev/null
expect_eq "follow" "line1 line2 line3" "$(timeout 30 docker logs -f fl | tr '\n' ' ' | sed 's/ $//')"
docker rm lg fl >/dev/null

step "a monitor that dropped its idle pages still logs, attaches, execs and records the exit"
# berth-monitor unmaps its binary's pages after 1 s without activity (engine/monitor/resident_pages.h):
# every path below runs on code it maps back in.
id="$(docker run -d -i --name idler bb:test sh -c 'echo started; read a; echo "got $a"; echo "err $a" >&2; read b; echo "got $b"; exit 3')"
wait_for 10 "the first log line" bash -c "[[ \$(docker logs idler) == started ]]"
monitor_pid="$(cat "$(exec_root_of main)/containers/$id/monitor.pid")"
sleep 1.5
# The release splits the binary's mappings into 64 KiB pieces: the sign that it ran.
pieces="$(grep -c " $(readlink "/proc/$monitor_pid/exe")\$" "/proc/$monitor_pid/maps")"
((pieces > 8)) || fail "the monitor's binary is in $pieces mappings: its pages were not released"
out="$( (echo one; sleep 2) | timeout -s KILL 3 docker attach --sig-proxy=false idler 2>&1)" || true
expect_contains "attach after the release" "got one" "$out"
sleep 1.5
expect_eq "exec after the release" "ok" "$(docker exec idler echo ok)"
status=0
out="$(echo two | timeout 30 docker attach idler 2>&1)" || status=$?
expect_contains "second attach" "got two" "$out"
expect_eq "attach status" 3 "$status"
expect_eq "exit code recorded" 3 "$(timeout 30 docker wait idler)"
expect_eq "stdout logs" "started got one got two" "$(docker logs idler 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"
expect_eq "stderr logs" "err one" "$(docker logs idler 2>&1 >/dev/null)"
docker rm idler >/dev/null

step "stats agree with the cgroup; update changes limits live"
docker run -d --name st --memory 64m bb:test sh -c 'while :; do :; done' >/dev/null
st_id="$(docker inspect -f '{{.Id}}' st)"
stats="$(curl -sf --unix-socket "$(sock_of main)" "http://x/containers/st/stats?stream=false")"
expect_eq "stats limit" "67108864" "$(jq .memory_stats.limit <<<"$stats")"
memcg="/sys/fs/cgroup/memory/$cgroup_parent/$st_id"
if [[ -d $memcg ]]; then
    usage="$(jq .memory_stats.usage <<<"$stats")"
    ((usage > 0)) || fail "memory usage is $usage"
    expect_eq "pids" "$(cat /sys/fs/cgroup/pids/$cgroup_parent/$st_id/pids.current)" "$(jq .pids_stats.current <<<"$stats")"
fi
cpu="$(jq '.cpu_stats.cpu_usage.total_usage - .precpu_stats.cpu_usage.total_usage' <<<"$stats")"
((cpu > 100000000)) || fail "a busy loop used only ${cpu}ns of CPU in a second"
row="$(docker stats --no-stream --format '{{.Name}}|{{.MemUsage}}' st)"
expect_contains "docker stats" "st|" "$row"
expect_contains "docker stats limit" "/ 64MiB" "$row"
docker update --memory 128m --memory-swap 256m --restart always st >/dev/null
if [[ -d $memcg ]]; then expect_eq "updated limit" "134217728" "$(cat "$memcg/memory.limit_in_bytes")"; fi
expect_eq "updated HostConfig" "134217728 always" "$(docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}' st)"
docker rm -f st >/dev/null

step "restart policies: on-failure:2 restarts twice, --rm removes"
docker run -d --name rp --restart on-failure:2 bb:test sh -c 'exit 1' >/dev/null
wait_for 20 "two restarts" bash -c "[[ \$(docker inspect -f '{{.RestartCount}} {{.State.Status}}' rp) == '2 exited' ]]"
docker rm rp >/dev/null
docker run -d --rm --name gone bb:test true >/dev/null
wait_for 10 "the --rm container to go" bash -c "[[ -z \$(docker ps -aq --filter name=gone) ]]"

step "healthchecks: starting, unhealthy, healthy, in inspect and ps; prune"
docker run -d --name hc --health-cmd 'test -f /tmp/ok' --health-interval 1s --health-retries 1 bb:test sleep 1000 >/dev/null
expect_eq "starting" "starting" "$(docker inspect -f '{{.State.Health.Status}}' hc)"
wait_for 20 "unhealthy" bash -c "[[ \$(docker inspect -f '{{.State.Health.Status}}' hc) == unhealthy ]]"
docker exec hc touch /tmp/ok
wait_for 20 "healthy" bash -c "[[ \$(docker inspect -f '{{.State.Health.Status}}' hc) == healthy ]]"
expect_contains "ps health" "(healthy)" "$(docker ps --filter name=hc --format '{{.Status}}')"
expect_eq "health log exit code" "0" "$(docker inspect hc | jq '.[0].State.Health.Log[-1].ExitCode')"
docker rm -f hc >/dev/null
docker create --name stale bb:test true >/dev/null
# until takes a Go duration too: made a moment ago, it is younger than 1h and stays.
[[ "$(docker container prune -f --filter until=1h)" != *"$(docker inspect -f '{{.Id}}' stale)"* ]] ||
    fail "prune until=1h took a container made just now"
expect_contains "prune" "$(docker inspect -f '{{.Id}}' stale)" "$(docker container prune -f)"
expect_eq "pruned" "" "$(docker ps -aq --filter name=stale)"

step "OOM: a container over its memory limit is killed, OOMKilled and 137"
status=0
timeout 60 docker run --name oomer --memory 16m --memory-swap 16m bb:test sh -c 'tail /dev/zero' || status=$?
expect_eq "oom exit" 137 "$status"
expect_eq "OOMKilled" "true" "$(docker inspect -f '{{.State.OOMKilled}}' oomer)"
docker rm oomer >/dev/null

step "a container outlives kill -9 of berthd and is managed again after its restart"
docker run -d --name survivor bb:test sleep 1000 >/dev/null
pid="$(docker inspect -f '{{.State.Pid}}' survivor)"
stop_berthd main KILL
kill -0 "$pid" || fail "the container died with berthd"
start_berthd main
expect_eq "ps after restart" "survivor" "$(docker ps --format '{{.Names}}')"
docker kill survivor >/dev/null
wait_for 10 "the exit to be recorded" bash -c "[[ \$(docker inspect -f '{{.State.Status}}' survivor) == exited ]]"
expect_eq "exit code after kill" "137" "$(docker inspect -f '{{.State.ExitCode}}' survivor)"
docker rm survivor >/dev/null

step "bad input: names, conflicts, unknown images and containers"
out="$(docker create --name 'bad name' bb:test 2>&1)" && fail "an invalid name was accepted"
expect_contains "invalid name" "Invalid container name" "$out"
docker create --name twin bb:test >/dev/null
out="$(docker create --name twin bb:test 2>&1)" && fail "a taken name was accepted"
expect_contains "name conflict" 'is already in use by container' "$out"
docker rm twin >/dev/null
out="$(docker run --rm nosuchimage:latest 2>&1)" && fail "an unknown image ran"
expect_contains "unknown image" "nosuchimage" "$out"
out="$(docker stop nosuchcontainer 2>&1)" && fail "stopping an unknown container succeeded"
expect_contains "unknown container" "No such container: nosuchcontainer" "$out"
out="$(docker run --rm --memory 12x bb:test true 2>&1)" && fail "a malformed memory size was accepted"
expect_contains "bad memory" "invalid" "$out"

step "docker cp both ways, docker diff and docker export, running and stopped; hostile tars; --read-only"
cpd="$ACC_TMP/cp"
mkdir -p "$cpd/in/sub" "$cpd/expected/deep" "$cpd/evil"
echo "from the host" >"$cpd/in/hello.txt"
echo "nested" >"$cpd/in/sub/nested.txt"
echo one >"$cpd/expected/one"
echo two >"$cpd/expected/deep/two"
docker run -d --name files bb:test sh -c \
    'mkdir -p /data/deep; echo one >/data/one; echo two >/data/deep/two; echo x >>/etc/passwd; rm -f /bin/vi; touch /tmp/ready; sleep 1000' >/dev/null
wait_for 10 "the container to write its files" docker exec files test -e /tmp/ready
docker cp "$cpd/in/hello.txt" files:/tmp/hello.txt >/dev/null || fail "docker cp of a file into a running container failed"
expect_eq "cp in, running" "from the host" "$(docker exec files cat /tmp/hello.txt)"
docker cp "$cpd/in" files:/tmp/ >/dev/null || fail "docker cp of a directory into a running container failed"
expect_eq "cp a directory in" "nested" "$(docker exec files cat /tmp/in/sub/nested.txt)"
docker cp files:/data "$cpd/out-running" >/dev/null || fail "docker cp out of a running container failed"
diff -r "$cpd/expected" "$cpd/out-running" || fail "docker cp out of a running container: contents differ"
out="$(docker cp files:/nonexistent "$cpd/none" 2>&1)" && fail "docker cp of a missing path succeeded"
expect_contains "cp of a missing path" "Could not find the file /nonexistent in container files" "$out"
api_call main "/containers/files/archive"
expect_eq "archive without a path" "400" "$API_STATUS"
expect_contains "archive without a path" "path is empty" "$API_BODY"

changes="$(docker diff files)"
expect_contains "diff: added" "A /data/deep/two" "$changes"
expect_contains "diff: changed" "C /etc/passwd" "$changes"
expect_contains "diff: deleted" "D /bin/vi" "$changes"
expect_contains "diff: copied in" "A /tmp/hello.txt" "$changes"
if grep -E '^[ACD] /(etc/(hosts|hostname|resolv\.conf)|dev|proc|sys)($|/)' <<<"$changes"; then
    fail "docker diff lists berthd's own mount points: $changes"
fi

# A tar that climbs out of the destination, and out of the container.
echo evil >"$cpd/evil/escape"
cp "$cpd/evil/escape" "$cpd/evil/deep"
tar -C "$cpd/evil" -cPf "$cpd/evil.tar" --transform='s,^escape,../escape,' \
    --transform="s,^deep,../../../../../../../../..$cpd/escaped," escape deep
out="$(docker cp - files:/tmp <"$cpd/evil.tar" 2>&1)" && fail "a tar with ../ entries was extracted"
[[ ! -e $cpd/escaped ]] || fail "a tar entry landed on the host"
docker exec files test ! -e /escape || fail "a tar entry landed outside the destination"

files_id="$(docker inspect -f '{{.Id}}' files)"
docker stop -t 0 files >/dev/null
docker cp files:/data "$cpd/out-stopped" >/dev/null || fail "docker cp out of a stopped container failed"
diff -r "$cpd/expected" "$cpd/out-stopped" || fail "docker cp out of a stopped container: contents differ"
docker cp "$cpd/in/hello.txt" files:/data/late.txt >/dev/null || fail "docker cp into a stopped container failed"
docker export files >"$cpd/export.tar" || fail "docker export of a stopped container failed"
listing="$(tar -tf "$cpd/export.tar")"
grep -qx 'bin/busybox' <<<"$listing" || fail "docker export lacks bin/busybox"
grep -qx 'data/late.txt' <<<"$listing" || fail "docker export lacks the copied file"
expect_contains "diff of a stopped container" "A /data/late.txt" "$(docker diff files)"
expect_eq "mounts of the stopped container" "" \
    "$(findmnt -rn -o TARGET | grep "^$(data_root_of main)/containers/$files_id/" || true)"
docker start files >/dev/null
expect_eq "cp into a stopped container, then started" "from the host" "$(docker exec files cat /data/late.txt)"
docker export files >"$cpd/export-running.tar" || fail "docker export of a running container failed"
tar -tf "$cpd/export-running.tar" | grep -x 'data/late.txt' >/dev/null ||
    fail "docker export of a running container lacks the copied file"
docker rm -f files >/dev/null

mkdir -p "$cpd/vol" "$cpd/rovol"
echo "on the host" >"$cpd/vol/hostfile"
docker run -d --read-only --name ro -v "$cpd/vol:/data" -v "$cpd/rovol:/ro:ro" bb:test sleep 1000 >/dev/null
out="$(docker cp "$cpd/in/hello.txt" ro:/tmp/ 2>&1)" && fail "docker cp into a --read-only container succeeded"
expect_contains "cp into --read-only" "container rootfs is marked read-only" "$out"

step "docker cp reaches a container's volumes as it sees them, running and stopped; and its real /etc files"
docker cp "$cpd/in/hello.txt" ro:/data/ >/dev/null || fail "docker cp into a volume of a --read-only container"
expect_eq "cp into a volume lands in the volume" "from the host" "$(cat "$cpd/vol/hello.txt")"
expect_eq "cp out of a volume" "on the host" "$(docker cp ro:/data/hostfile - | tar -xO)"
out="$(docker cp "$cpd/in/hello.txt" ro:/ro/ 2>&1)" && fail "docker cp into a read-only volume succeeded"
expect_contains "cp into a read-only volume" "mounted volume is marked read-only" "$out"
expect_contains "cp of /etc/hostname (the container's, not the empty mount point)" \
    "$(docker inspect -f '{{.Config.Hostname}}' ro)" "$(docker cp ro:/etc/hostname - | tar -xO)"
docker stop -t 0 ro >/dev/null
echo "while stopped" >"$cpd/in/late.txt"
docker cp "$cpd/in/late.txt" ro:/data/ >/dev/null || fail "docker cp into a volume of a stopped container"
expect_eq "cp into a stopped container's volume lands in the volume" "while stopped" "$(cat "$cpd/vol/late.txt")"
expect_eq "cp out of a stopped container's volume" "on the host" "$(docker cp ro:/data/hostfile - | tar -xO)"
ro_id="$(docker inspect -f '{{.Id}}' ro)"
expect_eq "mounts of the stopped container after the copies" "" \
    "$(findmnt -rn -o TARGET | grep "^$(data_root_of main)/containers/$ro_id/" || true)"
[[ -z "$(docker diff ro | grep '^A /data/')" ]] || fail "a copy into the volume landed in the container's layer"
docker rm -f ro >/dev/null

step "security: seccomp and no_new_privs as Docker sets them, capabilities, devices, block IO limits"
status_of() { timeout 30 docker run --rm "$@" bb:test sh -c 'grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\t" " " | tr "\n" " "'; }
expect_eq "default: the profile, no no_new_privs (setuid works)" "NoNewPrivs: 0 Seccomp: 2 " "$(status_of)"
expect_eq "seccomp=unconfined" "NoNewPrivs: 0 Seccomp: 0 " "$(status_of --security-opt seccomp=unconfined)"
expect_eq "--privileged runs unconfined" "NoNewPrivs: 0 Seccomp: 0 " "$(status_of --privileged)"
expect_eq "no-new-privileges" "NoNewPrivs: 1 Seccomp: 2 " "$(status_of --security-opt no-new-privileges)"
expect_eq "--cap-drop ALL" "CapEff:	0000000000000000" "$(timeout 30 docker run --rm --cap-drop ALL bb:test grep CapEff /proc/self/status)"
expect_eq "--cap-add SYS_ADMIN" "CapEff:	00000000a82425fb" "$(timeout 30 docker run --rm --cap-add SYS_ADMIN bb:test grep CapEff /proc/self/status)"
# mknod is allowed (Docker's "c *:* m", "b *:* m"), using a node that is not on the list is not.
out="$(timeout 30 docker run --rm bb:test sh -c 'mknod /tmp/disk b 254 0 && head -c1 /tmp/disk' 2>&1)" && fail "a container read a host block device: $out"
expect_contains "reading a block device made with mknod" "Operation not permitted" "$out"
expect_eq "--device with its own path" "ok" \
    "$(timeout 30 docker run --rm --device /dev/null:/dev/mynull bb:test sh -c 'echo x >/dev/mynull && echo ok')"
expect_eq "a tty is /dev/console too" "console" "$(timeout 30 docker run --rm -t bb:test sh -c 'echo console >/dev/console' | tr -d '\r')"
if [[ -b /dev/vda ]]; then
    # Through the API: this docker CLI sends the --device-*-bps lists empty.
    cid="$(curl -s --unix-socket "$(sock_of main)" -H 'Content-Type: application/json' -d '{"Image": "bb:test",
        "Cmd": ["sleep", "60"], "HostConfig": {"BlkioDeviceReadBps": [{"Path": "/dev/vda", "Rate": 1048576}],
        "BlkioDeviceWriteBps": [{"Path": "/dev/vda", "Rate": 2097152}]}}' http://berthd/v1.45/containers/create | jq -r .Id)"
    docker start "$cid" >/dev/null
    blkio="/sys/fs/cgroup/blkio/$cgroup_parent/$cid"
    expect_eq "--device-read-bps" "$(cat /sys/block/vda/dev) 1048576" "$(cat "$blkio/blkio.throttle.read_bps_device")"
    expect_eq "--device-write-bps" "$(cat /sys/block/vda/dev) 2097152" "$(cat "$blkio/blkio.throttle.write_bps_device")"
    docker rm -f "$cid" >/dev/null
fi

step "nothing left behind: no mounts, no monitors, no cgroups"
expect_eq "containers" "" "$(docker ps -aq)"
expect_eq "mounts" "" "$(findmnt -rn -o TARGET | grep "^$(data_root_of main)/" || true)"
leftover="$(find /sys/fs/cgroup/*/"$cgroup_parent" -mindepth 1 -type d 2>/dev/null || true)"
expect_eq "cgroups" "" "$leftover"
echo "PASS"
