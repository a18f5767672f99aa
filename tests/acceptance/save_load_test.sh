#!/usr/bin/env bash
# docker save and docker load with the real docker CLI: an OCI layout built here
# (gzip and zstd layers, whiteouts) loaded as a tar; what berthd saves read by
# skopeo as a docker-archive and as an OCI archive with the same digests, and
# skopeo's own docker-archive (the older <id>/layer.tar layout) loaded back;
# a pulled image (kept as compressed layers) saved; several images in one
# archive; and hostile archives: entries leading out, symlinks leading out,
# layers that do not match their digest or DiffID.
#   save_load_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
acc_setup "$@"
need_busybox
registry_tools_or_skip

# ---- an OCI layout: busybox, a whiteout, a zstd layer --------------------------

base="$ACC_TMP/layers/base"
make_busybox_rootfs "$base"
mkdir -p "$base/data"
echo keep >"$base/data/keep"
echo gone >"$base/data/gone"
whiteouts="$ACC_TMP/layers/whiteouts"
mkdir -p "$whiteouts/data"
: >"$whiteouts/data/.wh.gone"
hello="$ACC_TMP/layers/hello"
mkdir -p "$hello"
echo world >"$hello/hello"

layout="$ACC_TMP/layout"
oci_layout_init "$layout"
oci_layout_image "$layout" "linux/$(go_arch)" "gzip:$base" "none:$whiteouts" "zstd:$hello"
config=$OCI_CONFIG_DIGEST
diff_ids="$(printf '%s\n' "${OCI_DIFF_IDS[@]}" | jq -Rsc 'split("\n") | map(select(. != ""))')"
layer_digests=("${OCI_LAYER_DIGESTS[@]}")
oci_layout_name "$layout" "$OCI_DESCRIPTOR" docker.io/library/layout-test:v1
tar -C "$layout" -cf "$ACC_TMP/layout.tar" .

use_daemon main
docker system events --filter type=image --format '{{.Action}}' >"$ACC_TMP/events" &
track_helper $!
wait_for 10 "the image events stream to subscribe" \
    bash -c "[[ \$(curl -s --unix-socket '$(sock_of main)' http://x/info | jq .NEventsListener) == 1 ]]"

step "docker load of an OCI layout: named from its index, layers checked and unpacked"
out="$(timeout 60 docker load -i "$ACC_TMP/layout.tar" 2>&1)" || fail "docker load of the OCI layout: $out"
expect_contains "load output" "Loaded image: layout-test:v1" "$out"
expect_eq "Id" "$config" "$(docker image inspect layout-test:v1 --format '{{.Id}}')"
expect_eq "RootFS.Layers" "$diff_ids" "$(docker image inspect layout-test:v1 --format '{{json .RootFS.Layers}}')"
# shellcheck disable=SC2016 # expanded in the container
seen="$(timeout 30 docker run --rm layout-test:v1 sh -c 'echo $(ls -A /data) $(cat /hello)')" ||
    fail "docker run of the loaded image: $seen"
expect_eq "the loaded image's files" "keep world" "$seen"

step "docker save: skopeo reads it as a docker-archive and as an OCI archive, digests unchanged"
timeout 60 docker save -o "$ACC_TMP/saved.tar" layout-test:v1 || fail "docker save layout-test:v1"
out="$(skopeo inspect --raw "docker-archive:$ACC_TMP/saved.tar" 2>&1)" || fail "skopeo inspect docker-archive: $out"
expect_eq "config digest (docker-archive)" "$config" "$(jq -r .config.digest <<<"$out")"
expect_eq "layer digests (docker-archive: the DiffIDs)" "$diff_ids" "$(jq -c '[.layers[].digest]' <<<"$out")"
out="$(skopeo inspect --config "oci-archive:$ACC_TMP/saved.tar:v1" 2>&1)" ||
    fail "skopeo inspect oci-archive: $out"
expect_eq "config diff_ids (oci-archive)" "$diff_ids" "$(jq -c .rootfs.diff_ids <<<"$out")"
out="$(timeout 60 skopeo --insecure-policy copy --quiet "docker-archive:$ACC_TMP/saved.tar" \
    "oci:$ACC_TMP/copied:x" 2>&1)" || fail "skopeo copy docker-archive -> oci: $out"
copied_manifest="$(jq -r '.manifests[0].digest' "$ACC_TMP/copied/index.json")"
expect_eq "config digest after skopeo's copy" "$config" \
    "$(jq -r .config.digest "$ACC_TMP/copied/blobs/sha256/${copied_manifest#sha256:}")"

step "docker load of skopeo's docker-archive (<id>.tar layers) gives the same image"
timeout 60 skopeo --insecure-policy copy --quiet "oci:$ACC_TMP/copied:x" \
    "docker-archive:$ACC_TMP/skopeo.tar:skopeo-made:v2" || fail "skopeo copy oci -> docker-archive"
docker rmi layout-test:v1 >/dev/null || fail "docker rmi layout-test:v1"
out="$(timeout 60 docker load -i "$ACC_TMP/skopeo.tar" 2>&1)" || fail "docker load of skopeo's archive: $out"
expect_contains "load output" "Loaded image: skopeo-made:v2" "$out"
expect_eq "Id after the round trip" "$config" "$(docker image inspect skopeo-made:v2 --format '{{.Id}}')"
expect_eq "a container of it" "world" "$(timeout 30 docker run --rm skopeo-made:v2 cat /hello)"

step "docker load of berthd's own archive after rmi: the same ID and name"
docker rmi skopeo-made:v2 >/dev/null || fail "docker rmi skopeo-made:v2"
out="$(timeout 60 docker load -i "$ACC_TMP/saved.tar" 2>&1)" || fail "docker load of the saved archive: $out"
expect_contains "load output" "Loaded image: layout-test:v1" "$out"
expect_eq "Id" "$config" "$(docker image inspect layout-test:v1 --format '{{.Id}}')"

step "docker load of a gzipped archive (docker save | gzip), decompressed once into a scratch file"
gzip -c "$ACC_TMP/saved.tar" >"$ACC_TMP/saved.tar.gz"
docker rmi layout-test:v1 >/dev/null || fail "docker rmi layout-test:v1"
out="$(timeout 60 docker load -i "$ACC_TMP/saved.tar.gz" 2>&1)" || fail "docker load of the gzipped archive: $out"
expect_contains "load output" "Loaded image: layout-test:v1" "$out"
expect_eq "a container of it" "world" "$(timeout 30 docker run --rm layout-test:v1 cat /hello)"
expect_eq "scratch files left" "0" "$(find "$(data_root_of main)/tmp/images" -type f | wc -l)"

step "several images in one archive, one of them by ID only; a name moving to the loaded image"
docker tag layout-test:v1 other/name:one || fail "docker tag"
imported="$(tar -C "$base" -c . | docker import - imported:1)" || fail "docker import"
timeout 60 docker save -o "$ACC_TMP/multi.tar" layout-test other/name:one "$imported" || fail "docker save of three names"
expect_eq "manifest.json entries" "2" "$(tar -xOf "$ACC_TMP/multi.tar" manifest.json | jq length)"
docker rmi layout-test:v1 other/name:one imported:1 >/dev/null || fail "docker rmi"
docker tag "$(tar -C "$base" -c . | docker import -)" layout-test:v1 || fail "tagging a stand-in"
out="$(timeout 60 docker load -i "$ACC_TMP/multi.tar" 2>&1)" || fail "docker load of the multi-image archive: $out"
expect_contains "load output" "Loaded image: layout-test:v1" "$out"
expect_contains "load output" "Loaded image: other/name:one" "$out"
expect_contains "load output" "Loaded image ID: $imported" "$out"
expect_contains "load output" "The image layout-test:v1 already exists, renaming the old one" "$out"
expect_eq "layout-test:v1 points at the loaded image" "$config" "$(docker image inspect layout-test:v1 --format '{{.Id}}')"

step "docker save of a pulled image: its compressed layers come out as plain tars"
start_registry plain
reg="$(registry_addr plain)"
push_layout "$layout" "$reg/saved:pulled"
timeout 120 docker pull -q "$reg/saved:pulled" >/dev/null || fail "docker pull $reg/saved:pulled"
timeout 60 docker save "$reg/saved:pulled" >"$ACC_TMP/pulled.tar" || fail "docker save of the pulled image"
out="$(skopeo inspect --raw "docker-archive:$ACC_TMP/pulled.tar" 2>&1)" || fail "skopeo inspect: $out"
expect_eq "layer digests of the saved pulled image" "$diff_ids" "$(jq -c '[.layers[].digest]' <<<"$out")"
for i in 0 1 2; do
    digest="$(jq -r ".[$i]" <<<"$diff_ids")"
    got="sha256:$(tar -xOf "$ACC_TMP/pulled.tar" "blobs/sha256/${digest#sha256:}" | sha256sum | cut -d' ' -f1)"
    expect_eq "layer $i's bytes" "$digest" "$got"
done

step "docker save of an unknown name fails"
out="$(docker save nosuch:image 2>&1 >/dev/null)" && fail "docker save of an unknown image succeeded"
expect_contains "save of an unknown image" "No such image: nosuch:image" "$out"

step "docker load and docker import of more than a request body held in memory (64 MiB): spooled to disk"
big_layout="$ACC_TMP/big-layout"
oci_layout_big "$big_layout" "$base" 80
oci_layout_name "$big_layout" "$OCI_DESCRIPTOR" docker.io/library/big-load:1
tar -C "$big_layout" -cf "$ACC_TMP/big.tar" .
rm -rf "$big_layout"
out="$(timeout 120 docker load -i "$ACC_TMP/big.tar" 2>&1)" || fail "docker load of an 80 MiB archive: $out"
expect_contains "big load" "Loaded image: big-load:1" "$out"
expect_eq "the big layer in a container" "$((80 << 20)) /random" "$(timeout 30 docker run --rm big-load:1 busybox wc -c /random)"
head -c $((80 << 20)) /dev/urandom >"$ACC_TMP/random"
(cd "$base" && tar -c . -C "$ACC_TMP" random) | timeout 120 docker import - big-import:1 >/dev/null ||
    fail "docker import of 80 MiB"
expect_eq "the big import in a container" "$((80 << 20)) /random" "$(timeout 30 docker run --rm big-import:1 busybox wc -c /random)"
expect_eq "spooled uploads left behind" "0" "$(find "$(data_root_of main)/tmp/uploads" -type f | wc -l)"
docker rmi big-load:1 big-import:1 >/dev/null || fail "docker rmi of the big images"
rm -f "$ACC_TMP/random" "$ACC_TMP/big.tar"

step "image events: load, save, pull, tag"
for action in load save pull tag; do
    wait_for 10 "a '$action' image event" grep -qx "$action" "$ACC_TMP/events"
done

# ---- hostile archives ----------------------------------------------------------

hostile="$ACC_TMP/hostile"
mkdir -p "$hostile"

step "an entry leading out of the archive is refused"
python3 - "$hostile/dotdot.tar" <<'EOF'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w") as t:
    for name, data in (("manifest.json", b"[]"), ("../escaped", b"x")):
        info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
EOF
out="$(docker load -i "$hostile/dotdot.tar" 2>&1)" && fail "a load with ../ succeeded: $out"
expect_contains "load with ../" "leads out of the archive" "$out"

step "a symlinked layer leading out of the archive is refused"
mkdir -p "$hostile/link"
cp "$layout/blobs/sha256/${config#sha256:}" "$hostile/link/config.json"
ln -s ../../../../etc/passwd "$hostile/link/layer.tar"
jq -nc '[{Config: "config.json", RepoTags: ["hostile:link"], Layers: ["layer.tar","layer.tar","layer.tar"]}]' \
    >"$hostile/link/manifest.json"
tar -C "$hostile/link" -cf "$hostile/link.tar" .
out="$(docker load -i "$hostile/link.tar" 2>&1)" && fail "a load through an escaping symlink succeeded: $out"
expect_contains "load through an escaping symlink" "leads out of the archive" "$out"

step "a layer that does not match its digest, or its DiffID, is refused and nothing is kept"
cp -a "$layout" "$hostile/tampered"
zstd_blob="$hostile/tampered/blobs/sha256/${layer_digests[2]#sha256:}"
other="$ACC_TMP/other-hello"
mkdir -p "$other"
echo tampered >"$other/hello"
oci_layer_tar "$other" "$other.tar"
oci_zstd "$other.tar" "$zstd_blob"
tar -C "$hostile/tampered" -cf "$hostile/tampered.tar" .
docker rmi layout-test:v1 other/name:one "$reg/saved:pulled" >/dev/null || fail "docker rmi before the tampered load"
images_before="$(docker images -q | sort | tr '\n' ' ')"
out="$(docker load -i "$hostile/tampered.tar" 2>&1)" && fail "a load of a tampered layer succeeded: $out"
expect_contains "load of a tampered layer" "does not match its digest" "$out"
# The same bytes under a matching digest: the config's DiffID still says no.
python3 - "$hostile/tampered" "${layer_digests[2]#sha256:}" <<'EOF'
import hashlib, json, os, sys
layout, old = sys.argv[1], sys.argv[2]
blobs = os.path.join(layout, "blobs", "sha256")
data = open(os.path.join(blobs, old), "rb").read()
new = hashlib.sha256(data).hexdigest()
os.rename(os.path.join(blobs, old), os.path.join(blobs, new))
index = json.load(open(os.path.join(layout, "index.json")))
mdigest = index["manifests"][0]["digest"].split(":")[1]
manifest = json.load(open(os.path.join(blobs, mdigest)))
for layer in manifest["layers"]:
    if layer["digest"] == "sha256:" + old:
        layer["digest"], layer["size"] = "sha256:" + new, len(data)
body = json.dumps(manifest).encode()
mnew = hashlib.sha256(body).hexdigest()
open(os.path.join(blobs, mnew), "wb").write(body)
index["manifests"][0]["digest"], index["manifests"][0]["size"] = "sha256:" + mnew, len(body)
json.dump(index, open(os.path.join(layout, "index.json"), "w"))
EOF
tar -C "$hostile/tampered" -cf "$hostile/tampered.tar" .
out="$(docker load -i "$hostile/tampered.tar" 2>&1)" && fail "a load with a wrong DiffID succeeded: $out"
expect_contains "load with a wrong DiffID" "DiffID mismatch" "$out"
expect_eq "images after the refused loads" "$images_before" "$(docker images -q | sort | tr '\n' ' ')"

step "configs of the wrong shape are refused, and the daemon stays up"
mkdir -p "$hostile/shape"
: >"$hostile/shape/layer.tar"
for config in '{"rootfs": []}' '{"rootfs": {"diff_ids": []}, "created": 1}' '[]'; do
    printf '%s' "$config" >"$hostile/shape/config.json"
    jq -nc '[{Config: "config.json", RepoTags: ["shape:1"], Layers: []}]' >"$hostile/shape/manifest.json"
    tar -C "$hostile/shape" -cf "$hostile/shape.tar" config.json manifest.json
    out="$(docker load -i "$hostile/shape.tar" 2>&1)" && fail "a load with the config $config succeeded: $out"
    expect_contains "load with the config $config" "invalid archive" "$out"
done
docker images >/dev/null || fail "berthd stopped answering after the malformed configs"

step "not an image archive at all"
echo "just text" >"$hostile/text"
tar -C "$hostile" -cf "$hostile/plain.tar" text
out="$(docker load -i "$hostile/plain.tar" 2>&1)" && fail "a load of a plain tar succeeded: $out"
expect_contains "load of a plain tar" "neither manifest.json" "$out"

stop_berthd main
expect_eq "exit status on SIGTERM" "0" "$STOP_STATUS"
echo "PASS ($ACC_TEST_NAME)"
