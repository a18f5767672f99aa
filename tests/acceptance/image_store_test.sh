#!/usr/bin/env bash
# The image store never loses what an image still uses (issue 14, part 1), with
# the real docker CLI and a real registry on loopback: the repro of the issue
# (a committed image pushed, deleted, pulled back and deleted again must leave
# its base image whole: it still saves, pushes and runs), a restart's store
# check finding nothing, docker save refusing a damaged layer before sending
# anything, the check at start repairing a lost snapshot and hiding an image
# without its config, and a prune afterwards leaving no blob or snapshot that
# no image uses; and a pull relying on another image's compressed copy of a
# layer owns that copy.
#   image_store_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
acc_setup "$@"
need_busybox
registry_tools_or_skip
use_daemon main
data="$(data_root_of main)"
start_registry plain
reg="$(registry_addr plain)"

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
base_id="$(tar -C "$rootfs" -c . | timeout 60 docker import - a:1)" || fail "docker import: $base_id"
base_layer="$(docker image inspect a:1 --format '{{index .RootFS.Layers 0}}')"

# image_whole NAME: NAME saves as a complete archive, and runs.
image_whole() {
    local name=$1 tarball="$ACC_TMP/whole.tar" out listing
    out="$(timeout 60 docker save "$name" -o "$tarball" 2>&1)" || fail "docker save $name: $out"
    listing="$(tar -tf "$tarball")" || fail "the archive of $name is not a whole tar"
    # A here-string, not a pipe: `tar | grep -q` under pipefail fails when grep
    # quits early and tar dies of SIGPIPE, which made this test flaky.
    grep -qx "blobs/sha256/${base_layer#sha256:}" <<<"$listing" || fail "the archive of $name lacks its base layer"
    out="$(timeout 30 docker run --rm "$name" cat /etc/passwd 2>&1)" || fail "docker run $name: $out"
    expect_contains "a container of $name" "root:x:0:0" "$out"
    rm -f "$tarball"
}

step "the repro: commit on a:1, push, rmi, pull, rmi"
id="$(timeout 30 docker run -d a:1 sh -c 'echo x > /x')" || fail "docker run -d: $id"
timeout 30 docker wait "$id" >/dev/null || fail "docker wait"
timeout 60 docker commit "$id" "$reg/b:1" >/dev/null || fail "docker commit"
docker rm "$id" >/dev/null || fail "docker rm"
out="$(timeout 120 docker push "$reg/b:1" 2>&1)" || fail "docker push $reg/b:1: $out"
docker rmi "$reg/b:1" >/dev/null || fail "docker rmi $reg/b:1 (committed)"
out="$(timeout 120 docker pull "$reg/b:1" 2>&1)" || fail "docker pull $reg/b:1: $out"
expect_eq "the pulled image's base layer" "$base_layer" \
    "$(docker image inspect "$reg/b:1" --format '{{index .RootFS.Layers 0}}')"
docker rmi "$reg/b:1" >/dev/null || fail "docker rmi $reg/b:1 (pulled)"

step "a:1 is whole: it saves, runs and pushes"
[[ -f $data/content/blobs/sha256/${base_layer#sha256:} ]] || fail "the base layer's tar is gone from the content store"
image_whole a:1
docker tag a:1 "$reg/a:2" || fail "docker tag"
out="$(timeout 120 docker push "$reg/a:2" 2>&1)" || fail "docker push $reg/a:2: $out"

step "pulled twice from two repositories, deleted one by one: the other stays whole"
out="$(timeout 120 docker pull "$reg/b:1" 2>&1)" || fail "docker pull $reg/b:1 again: $out"
docker rmi a:1 "$reg/a:2" >/dev/null || fail "docker rmi a:1 $reg/a:2"
image_whole "$reg/b:1"
out="$(timeout 120 docker pull "$reg/a:2" 2>&1)" || fail "docker pull $reg/a:2: $out"
docker rmi "$reg/b:1" >/dev/null || fail "docker rmi $reg/b:1"
image_whole "$reg/a:2"

step "a restart's store check finds nothing wrong"
stop_berthd main
use_daemon main
problems="$(grep 'image store' "$(log_of main)" | grep -v 'level=info' || true)"
[[ -z $problems ]] || fail "the store check reported problems: $problems"
image_whole "$reg/a:2"

step "docker save verifies every blob before the first byte: a damaged layer is an error, not a truncated tar"
mkdir -p "$ACC_TMP/damaged" && head -c 4096 /dev/urandom >"$ACC_TMP/damaged/data"
tar -C "$ACC_TMP/damaged" -c . | timeout 60 docker import - damaged:1 >/dev/null || fail "docker import damaged:1"
layer="$(docker image inspect damaged:1 --format '{{index .RootFS.Layers 0}}')"
blob="$data/content/blobs/sha256/${layer#sha256:}"
chmod u+w "$blob" && printf 'X' | dd of="$blob" bs=1 seek=700 conv=notrunc status=none || fail "damaging $blob"
rm -f "$ACC_TMP/damaged.tar"
out="$(timeout 60 docker save damaged:1 2>&1 >"$ACC_TMP/damaged.tar")" && fail "docker save of a damaged layer succeeded"
expect_contains "docker save of a damaged layer" "the content store is damaged" "$out"
expect_eq "bytes of the refused archive" "0" "$(stat -c %s "$ACC_TMP/damaged.tar")"
docker rmi damaged:1 >/dev/null || fail "docker rmi damaged:1"

step "the store check at start: a lost snapshot is unpacked again, an image without its config is hidden"
tar -C "$rootfs" -c . | timeout 60 docker import - lost-snapshot:1 >/dev/null || fail "docker import lost-snapshot:1"
mkdir -p "$ACC_TMP/extra" && echo extra >"$ACC_TMP/extra/extra"
tar -C "$ACC_TMP/extra" -c . | timeout 60 docker import - lost-config:1 >/dev/null || fail "docker import lost-config:1"
lost_config="$(docker image inspect lost-config:1 --format '{{.Id}}')"
stop_berthd main
rm -rf "$data/snapshots/${base_layer#sha256:}"
rm -f "$data/content/blobs/sha256/${lost_config#sha256:}"
use_daemon main
grep -q "unpacked again" "$(log_of main)" || fail "the store check did not report the snapshot it remade"
grep -q "lost-config:1) is damaged" "$(log_of main)" || fail "the store check did not report the image without its config"
image_whole "$reg/a:2"
grep -qx 'lost-config:1' <<<"$(docker images --format '{{.Repository}}:{{.Tag}}')" && fail "docker images shows a damaged image"
out="$(timeout 30 docker run --rm lost-config:1 true 2>&1)" && fail "docker run of a damaged image succeeded"
expect_contains "docker run of a damaged image" "is damaged" "$out"
docker rmi lost-config:1 lost-snapshot:1 >/dev/null || fail "docker rmi of the damaged image"

step "a pull that finds a layer kept compressed by another image owns that copy"
# The same layer pushed twice, gzip-compressed in one image and zstd in the
# other: the second pull finds it unpacked and kept as the first image's gzip
# blob, fetches nothing, and owns that blob from the start (so an rmi of the
# first image during the pull cannot leave the layer to the next prune).
for compression in gzip zstd; do
    layout="$ACC_TMP/layout-$compression"
    oci_layout_init "$layout"
    oci_layout_image "$layout" "linux/$(go_arch)" "$compression:$rootfs"
    oci_layout_tag "$layout" "$OCI_DESCRIPTOR"
    push_layout "$layout" "$reg/kept-$compression:1"
    [[ $compression == gzip ]] && gzip_blob=${OCI_LAYER_DIGESTS[0]} layer=${OCI_DIFF_IDS[0]}
done
out="$(timeout 120 docker pull "$reg/kept-gzip:1" 2>&1)" || fail "docker pull kept-gzip:1: $out"
out="$(timeout 120 docker pull "$reg/kept-zstd:1" 2>&1)" || fail "docker pull kept-zstd:1: $out"
expect_contains "the second pull" "Already exists" "$out"
zstd_id="$(docker image inspect "$reg/kept-zstd:1" --format '{{.Id}}')"
owned="$(jq -r --arg id "$zstd_id" --arg layer "$layer" '.images[$id].layer_blobs[$layer].digest // "none"' \
    "$data/image/index.json")" || fail "reading the image index"
expect_eq "the blob kept-zstd:1 owns for its layer" "$gzip_blob" "$owned"
docker rmi "$reg/kept-gzip:1" >/dev/null || fail "docker rmi kept-gzip:1"
out="$(docker image prune -f 2>&1)" || fail "docker image prune: $out"
out="$(timeout 60 docker save "$reg/kept-zstd:1" -o "$ACC_TMP/kept.tar" 2>&1)" || fail "docker save kept-zstd:1: $out"
grep -qx "blobs/sha256/${layer#sha256:}" <<<"$(tar -tf "$ACC_TMP/kept.tar")" || fail "the archive lacks the kept layer"
docker rmi "$reg/kept-zstd:1" >/dev/null || fail "docker rmi kept-zstd:1"

step "after a prune nothing unused is left, and system df agrees with the disk"
docker rmi "$reg/a:2" >/dev/null || fail "docker rmi $reg/a:2"
out="$(docker image prune -af 2>&1)" || fail "docker image prune: $out"
left="$(find "$data/content/blobs/sha256" -type f | wc -l)"
expect_eq "blobs left" "0" "$left"
left="$(find "$data/snapshots" -mindepth 1 -maxdepth 1 | wc -l)"
expect_eq "snapshots left" "0" "$left"
expect_eq "images in system df" "0" "$(docker system df --format '{{.TotalCount}}' | head -1)"
step "ok"
