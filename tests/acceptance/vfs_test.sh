#!/usr/bin/env bash
# The vfs storage driver (plain copies, where overlayfs cannot be used), with the
# real docker CLI: chosen with -s vfs, and by berthd itself when its data root is
# on an overlay (as inside a container). Layers with whiteouts run; docker diff
# lists what overlay2 lists for the same changes; commit, cp, export, sizes and
# restarts work; rm removes the copy. A data root vfs used and overlay2 then
# takes over has its snapshots respelled, and its vfs containers refused clearly.
#   vfs_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
mkdir -p "$rootfs/opq"
echo old >"$rootfs/opq/old"
tar -C "$rootfs" -c . >"$ACC_TMP/base.tar"
changes='echo hi >/new; rm /bin/ls; rm -r /opq; echo me:x:1000:1000::/:/bin/sh >>/etc/passwd; mkdir -p /d/e; echo f >/d/e/f'

step "overlay2 and vfs: the same changes give the same docker diff"
use_daemon ov2
expect_eq "the driver berthd picks on this filesystem" "overlay2" "$(docker info --format '{{.Driver}}')"
expect_contains "overlay2's DriverStatus" '["Native Overlay Diff","true"]' "$(docker info --format '{{json .DriverStatus}}')"
timeout 60 docker import "$ACC_TMP/base.tar" base:1 >/dev/null || fail "docker import (overlay2)"
timeout 30 docker run --name c1 base:1 sh -c "$changes" || fail "docker run c1 (overlay2)"
overlay_diff="$(docker diff c1)" || fail "docker diff (overlay2)"

use_daemon vfs -s vfs
expect_eq "docker info's driver with -s vfs" "vfs" "$(docker info --format '{{.Driver}}')"
expect_eq "vfs's DriverStatus (dockerd's shows none)" "[]" "$(docker info --format '{{json .DriverStatus}}')"
timeout 60 docker import "$ACC_TMP/base.tar" base:1 >/dev/null || fail "docker import (vfs)"
timeout 30 docker run --name c1 base:1 sh -c "$changes" || fail "docker run c1 (vfs)"
vfs_diff="$(docker diff c1)" || fail "docker diff (vfs)"
expect_eq "docker diff under vfs" $'C /bin\nD /bin/ls\nA /d\nA /d/e\nA /d/e/f\nC /etc\nC /etc/passwd\nA /new\nD /opq' \
    "$vfs_diff"
expect_eq "docker diff under vfs and overlay2" "$overlay_diff" "$vfs_diff"
expect_eq "GraphDriver" '{"Data":null,"Name":"vfs"}' "$(docker inspect c1 --format '{{json .GraphDriver}}')"

step "SizeRw counts the added and changed files, not the whole copy"
passwd_bytes="$(timeout 30 docker cp c1:/etc/passwd - | tar -xO | wc -c)"
api_call vfs "/containers/c1/json?size=1"
expect_eq "SizeRw" "$((3 + 2 + passwd_bytes))" "$(jq -r .SizeRw <<<"$API_BODY")"

step "docker commit of a vfs container: OCI whiteouts, and its image runs under vfs"
committed="$(timeout 60 docker commit c1 committed:1)" || fail "docker commit: $committed"
expect_eq "layers" "2" "$(docker image inspect committed:1 --format '{{len .RootFS.Layers}}')"
# shellcheck disable=SC2016 # expanded in the container
seen="$(timeout 30 docker run --rm committed:1 sh -c 'test -e /bin/ls && echo ls; test -e /opq && echo opq; cat /new /d/e/f')"
expect_eq "a container of the committed image" $'hi\nf' "$seen"
timeout 60 docker save committed:1 -o "$ACC_TMP/committed.tar" || fail "docker save committed:1"
top="$(docker image inspect committed:1 --format '{{index .RootFS.Layers 1}}')"
listing="$(tar -xOf "$ACC_TMP/committed.tar" "blobs/sha256/${top#sha256:}" | tar -t | LC_ALL=C sort | tr '\n' ' ')"
expect_eq "the committed layer" ".wh.opq bin/ bin/.wh.ls d/ d/e/ d/e/f etc/ etc/passwd new " "$listing"
data="$(data_root_of vfs)"
[[ -z "$(find "$data/snapshots" -name '.wh.ls' -type c)" ]] || fail "a vfs snapshot holds an overlayfs whiteout"
[[ -n "$(find "$data/snapshots" -name '.wh.ls' -type f)" ]] || fail "the vfs snapshot lost its OCI whiteout"

step "docker cp both ways, export, a restart keeps the container's files, rm removes its copy"
echo copied >"$ACC_TMP/file"
timeout 30 docker cp "$ACC_TMP/file" c1:/copied || fail "docker cp into c1"
expect_eq "docker cp out" "copied" "$(timeout 30 docker cp c1:/copied - | tar -xO)"
exported="$(timeout 30 docker export c1 | tar -t | tr '\n' ' ')"
expect_contains "docker export" " new " " $exported"
[[ " $exported" != *" bin/ls "* ]] || fail "docker export shows the deleted bin/ls"
timeout 30 docker run -d --name c2 base:1 sleep 1000 >/dev/null || fail "docker run c2"
timeout 30 docker exec c2 sh -c 'echo kept >/state' || fail "docker exec c2"
timeout 30 docker restart -t 1 c2 >/dev/null || fail "docker restart c2"
expect_eq "a file written before the restart" "kept" "$(timeout 30 docker exec c2 cat /state)"
id2="$(docker inspect c2 --format '{{.Id}}')"
timeout 30 docker rm -f c2 >/dev/null || fail "docker rm -f c2"
[[ ! -e $data/containers/$id2 ]] || fail "c2's directory (its copy of the image) is still there after rm"
[[ -z "$(findmnt -rn -o TARGET | grep "$id2")" ]] || fail "c2's rootfs is still mounted after rm"
stop_berthd vfs

step "overlay2 takes over the data root: vfs snapshots respelled, the vfs container refused"
start_berthd vfs
expect_eq "the driver after a restart without -s" "overlay2" "$(docker info --format '{{.Driver}}')"
# shellcheck disable=SC2016 # expanded in the container
seen="$(timeout 30 docker run --rm committed:1 sh -c 'test -e /bin/ls && echo ls; test -e /opq && echo opq; cat /new')"
expect_eq "the committed image under overlay2" "hi" "$seen"
[[ -z "$(find "$data/snapshots" -name '.wh.*')" ]] || fail "OCI whiteouts left in snapshots under overlay2"
[[ -z "$(find "$data/snapshots" -maxdepth 2 -name whiteouts)" ]] || fail "a snapshot still says it is vfs-spelled"
out="$(timeout 30 docker start c1 2>&1)" && fail "a vfs container started under overlay2"
expect_contains "starting a vfs container under overlay2" "made by the vfs storage driver" "$out"
stop_berthd vfs

step "a data root on an overlay: berthd picks vfs; overlay2 asked for is refused"
layers="$ACC_TMP/ovl-layers"
mkdir -p "$layers/lower" "$layers/upper" "$layers/work" "$(daemon_dir ovl)/data"
mount -t overlay overlay -o "lowerdir=$layers/lower,upperdir=$layers/upper,workdir=$layers/work" \
    "$(daemon_dir ovl)/data" || fail "mounting an overlay for the data root"
use_daemon ovl
expect_eq "the driver on an overlay data root" "vfs" "$(docker info --format '{{.Driver}}')"
expect_contains "berthd's log" "overlay2 cannot be used here" "$(cat "$(log_of ovl)")"
timeout 60 docker import "$ACC_TMP/base.tar" base:1 >/dev/null || fail "docker import (overlay data root)"
timeout 30 docker run --name c3 base:1 sh -c "$changes" || fail "docker run c3 (overlay data root)"
timeout 60 docker commit c3 ovc:1 >/dev/null || fail "docker commit c3"
# shellcheck disable=SC2016 # expanded in the container
seen="$(timeout 30 docker run --rm ovc:1 sh -c 'test -e /bin/ls && echo ls; test -e /opq && echo opq; cat /new')"
expect_eq "an image with whiteouts on an overlay data root" "hi" "$seen"
stop_berthd ovl
mapfile -t ovl_args < <(berthd_args ovl)
expect_start_failure "overlay2 on an overlay data root" 1 "error initializing graphdriver: driver not supported: overlay2" \
    "${ovl_args[@]}" --group 0 -s overlay2
echo "PASS ($ACC_TEST_NAME)"
