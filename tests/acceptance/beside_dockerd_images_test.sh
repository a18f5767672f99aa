#!/usr/bin/env bash
# berthd beside Debian's dockerd on the same image commands (issue 14, parts 3
# and 4: "check them against Debian's dockerd side by side"): docker rmi's
# untag, conflict and force rules (several tags, two repositories, by ID, by ID
# prefix, with a container using the image, -f, --no-prune) and docker history
# of a committed image (the parent chain, each row's own size), and `docker
# rmi -f NAME` of an image's last name while a stopped container uses it (the
# image is deleted, the container keeps its layers: it starts, exports, and
# its removal frees them). The same script
# runs against both daemons; each command's output and exit status is written to
# a transcript, image and container IDs numbered in order of appearance, and the
# two transcripts must be equal. Skipped without docker.io.
#   beside_dockerd_images_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/dockerd_lib.sh"
acc_setup "$@"
need_busybox
need_dockerd
start_berthd main
start_dockerd

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .

# run CMD...: one transcript entry: the command, its output (stdout then
# stderr) and its exit status.
run() {
    local out err status=0
    out="$(timeout 60 docker "$@" 2>"$ACC_TMP/stderr")" || status=$?
    err="$(cat "$ACC_TMP/stderr")"
    printf '$ docker %s\n' "$*"
    [[ -n $out ]] && printf '%s\n' "$out"
    [[ -n $err ]] && printf '%s\n' "$err"
    printf '[exit %s]\n' "$status"
}

# run_sorted CMD...: the same, its output lines sorted (images created in the
# same second are listed in either order by both daemons).
run_sorted() {
    local entry
    entry="$(run "$@")"
    head -n1 <<<"$entry"
    sed '1d;$d' <<<"$entry" | sort
    tail -n1 <<<"$entry"
}

# The scenario, against whichever daemon DOCKER_HOST names. Containers run with
# --network none (this dockerd has no bridge).
scenario() {
    docker import "$ACC_TMP/rootfs.tar" base:1 >/dev/null || fail "docker import on $DOCKER_HOST"
    local id
    id="$(docker image inspect -f '{{.Id}}' base:1)"
    run tag base:1 base:2
    run tag base:1 other/base:1
    run rmi "${id:7:12}"
    run rmi --no-prune "${id:7:12}"
    run create --network none --name user base:1 true
    run rmi base:1
    run rmi base:2
    run rmi other/base:1
    run rmi "${id:7:12}"
    run rm user
    run run -d --network none --name runner other/base:1 sleep 60
    run rmi -f "${id:7:12}"
    run rmi -f other/base:1
    run_sorted images -a --format '{{.Repository}}:{{.Tag}} {{.ID}}'
    run rm -f runner
    run rmi "${id:7:12}"

    docker import "$ACC_TMP/rootfs.tar" base:1 >/dev/null || fail "docker import on $DOCKER_HOST"
    run run --network none --name maker base:1 sh -c 'echo hello > /greeting'
    run commit maker child:1
    run rm maker
    run history --format '{{.ID}} {{.Size}} {{.Comment}}' child:1
    run history -q child:1
    run rmi base:1
    run_sorted images -a --format '{{.Repository}}:{{.Tag}} {{.ID}}'
    run rmi child:1
    run_sorted images -a --format '{{.Repository}}:{{.Tag}} {{.ID}}'
    run rmi no-such-image:1

    docker import "$ACC_TMP/rootfs.tar" kept:1 >/dev/null || fail "docker import on $DOCKER_HOST"
    run run --network none --name keeper kept:1 sh -c 'echo kept > /kept'
    run rmi kept:1
    run rmi -f kept:1
    run_sorted images -a --format '{{.Repository}}:{{.Tag}} {{.ID}}'
    run inspect -f '{{.Image}} {{.Config.Image}}' keeper
    run ps -a --filter name=keeper --format '{{.Image}} {{.Status}}'
    run start -a keeper
    rm -rf "$ACC_TMP/out" && mkdir "$ACC_TMP/out" # the same paths on both daemons
    run cp keeper:/kept "$ACC_TMP/out/kept"
    expect_eq "the file docker cp took out of keeper on $DOCKER_HOST" "kept" "$(cat "$ACC_TMP/out/kept")"
    run export -o "$ACC_TMP/out/keeper.tar" keeper
    # A here-string, not `tar -tf | grep -q`: under pipefail grep quitting at the
    # match killed tar with SIGPIPE, and the test said /kept was missing (a flake).
    grep -qx 'kept' <<<"$(tar -tf "$ACC_TMP/out/keeper.tar")" ||
        fail "the export of keeper on $DOCKER_HOST lacks /kept: $(tar -tf "$ACC_TMP/out/keeper.tar" 2>&1 | wc -l) entries," \
            "the export said: $(cat "$ACC_TMP/stderr"); tar said: $(tar -tf "$ACC_TMP/out/keeper.tar" 2>&1 >/dev/null)" \
            "$(ls -la "$ACC_TMP/out"); berthd's last lines: $(tail -n 20 "$ACC_TMP/main/berthd.log" 2>/dev/null)"
    run system df --format '{{.Type}} {{.TotalCount}} {{.Size}}'
    run rm keeper
    run system df --format '{{.Type}} {{.TotalCount}} {{.Size}}'
}

# IDs differ between daemons (timestamps): number them in order of appearance.
normalise() {
    python3 -c '
import re, sys
seen = {}
def number(match):
    full = match.group(0)
    key = full[-64:] if len(full) >= 64 else full
    for known, n in seen.items():
        if known.startswith(key) or key.startswith(known): return "<id%d>" % n
    seen[key] = len(seen) + 1
    return "<id%d>" % seen[key]
# How long ago a container exited depends on the machine'"'"'s load, not the engine.
AGO = re.compile(r"\b(?:Less than a second|About a minute|an? \w+|\d+ \w+) ago\b")
for line in sys.stdin:
    line = AGO.sub("<when> ago", line)
    sys.stdout.write(re.sub(r"(sha256:)?\b[0-9a-f]{12}(?:[0-9a-f]{52})?\b", number, line))
'
}

step "the same rmi and history sequence against berthd and dockerd"
DOCKER_HOST="unix://$(sock_of main)" scenario | normalise >"$ACC_TMP/berthd.txt"
DOCKER_HOST="unix://$(dockerd_sock)" scenario | normalise >"$ACC_TMP/dockerd.txt"
if ! diff -u "$ACC_TMP/dockerd.txt" "$ACC_TMP/berthd.txt" >"$ACC_TMP/diff.txt"; then
    cat "$ACC_TMP/diff.txt"
    fail "berthd's transcript (+) differs from dockerd's (-)"
fi
grep -q 'must be forced' "$ACC_TMP/berthd.txt" || fail "the scenario no longer reaches a conflict"
echo "transcripts equal ($(grep -c '^\$ docker' "$ACC_TMP/berthd.txt") commands)"

# berthd only: where dockerd's commit of such a container fails ("failed to get
# digest": the image config is gone), berthd's holds the config too and
# commits; the held layers survive a kill -9 and go with the container.
step "berthd: a container whose image rmi -f deleted keeps its size, commits, survives kill -9, and its rm frees the layers"
export DOCKER_HOST="unix://$(sock_of main)"
snapshots() { find "$(data_root_of main)/snapshots" -mindepth 1 -maxdepth 1 | wc -l; }
before="$(snapshots)"
echo held >"$rootfs/marker" # a layer of its own: no other image's snapshot
tar -C "$rootfs" -c . | docker import - held:1 >/dev/null || fail "import held:1"
docker run --network none --name holder held:1 sh -c 'echo held > /held' || fail "run holder"
holder_size() { docker ps -as --filter name=holder --format '{{.Size}}'; }
size_before="$(holder_size)"
[[ "$size_before" == *virtual* ]] || fail "docker ps -s shows no virtual size: $size_before"
expect_contains "rmi -f held:1" "Deleted: sha256:" "$(docker rmi -f held:1 2>&1)"
# Its layers stay with the container: so does the virtual size (SizeRootFs).
expect_eq "holder's size once its image is deleted" "$size_before" "$(holder_size)"
docker commit holder held:2 >/dev/null || fail "commit of a container whose image was deleted"
expect_eq "file in the commit" "held" "$(docker run --rm --network none held:2 cat /held)"
docker rmi held:2 >/dev/null || fail "rmi held:2"
stop_berthd main KILL
start_berthd main
expect_eq "keeper after kill -9" "" "$(docker start -a holder)"
[[ $(snapshots) -gt $before ]] || fail "holder's layer snapshot went before the container"
docker rm holder >/dev/null || fail "rm holder"
expect_eq "snapshots after rm" "$before" "$(snapshots)"
echo PASS
