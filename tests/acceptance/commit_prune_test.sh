#!/usr/bin/env bash
# docker commit, docker image prune, docker system df and rmi of images
# containers use, with the real docker CLI: a container's changes (a new file,
# a deleted one, a directory deleted and made anew) become a layer with OCI
# whiteouts, --change and the message and author land in the config; prune
# takes dangling or all unused images, never one a container uses, and sweeps
# what a failed load left; system df counts shared and unique sizes.
#   commit_prune_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
use_daemon main
data="$(data_root_of main)"

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
mkdir -p "$rootfs/opq"
echo old >"$rootfs/opq/old"
base_id="$(tar -C "$rootfs" -c . | timeout 60 docker import - base:1)" || fail "docker import: $base_id"

step "docker commit: the container's changes as a layer, --change, message and author in the config"
timeout 30 docker run --name c1 base:1 sh -c 'echo hi >/new; rm /bin/ls; rm -r /opq; mkdir /opq; echo n >/opq/n' ||
    fail "docker run c1"
committed="$(timeout 60 docker commit -c 'CMD ["cat", "/new"]' -c 'ENV X=1' -m "from c1" -a "tester" c1 committed:1)" ||
    fail "docker commit: $committed"
[[ $committed == sha256:* ]] || fail "docker commit printed '$committed'"
expect_eq "a container of the committed image" "hi" "$(timeout 30 docker run --rm committed:1)"
# shellcheck disable=SC2016 # expanded in the container
seen="$(timeout 30 docker run --rm committed:1 sh -c 'test -e /bin/ls && echo ls: present || echo ls: absent; echo opq: $(busybox ls /opq)')"
expect_eq "the committed deletions" $'ls: absent\nopq: n' "$seen"
expect_eq "Config.Cmd" '["cat","/new"]' "$(docker image inspect committed:1 --format '{{json .Config.Cmd}}')"
expect_contains "Config.Env" '"X=1"' "$(docker image inspect committed:1 --format '{{json .Config.Env}}')"
expect_eq "Comment" "from c1" "$(docker image inspect committed:1 --format '{{.Comment}}')"
expect_eq "Author" "tester" "$(docker image inspect committed:1 --format '{{.Author}}')"
expect_eq "layers" "2" "$(docker image inspect committed:1 --format '{{len .RootFS.Layers}}')"
expect_eq "the base layer is the parent's" "$(docker image inspect base:1 --format '{{index .RootFS.Layers 0}}')" \
    "$(docker image inspect committed:1 --format '{{index .RootFS.Layers 0}}')"
expect_contains "history" "from c1" "$(docker history committed:1 --format '{{.Comment}}')"

step "the committed layer holds OCI whiteouts, not overlayfs ones, and no berthd mount points"
timeout 60 docker save committed:1 -o "$ACC_TMP/committed.tar" || fail "docker save committed:1"
top="$(docker image inspect committed:1 --format '{{index .RootFS.Layers 1}}')"
listing="$(tar -xOf "$ACC_TMP/committed.tar" "blobs/sha256/${top#sha256:}" | tar -t | sort | tr '\n' ' ')"
expect_contains "the layer" "bin/.wh.ls" "$listing"
expect_contains "the layer" "opq/.wh..wh..opq" "$listing"
expect_contains "the layer" "new" "$listing"
for made_by_berthd in etc/hosts etc/hostname etc/resolv.conf dev/ proc/ sys/; do
    [[ " $listing" != *" $made_by_berthd"* ]] || fail "the committed layer holds $made_by_berthd: $listing"
done

step "a commit without changes adds an empty history entry, not a layer; without a name it is dangling"
timeout 30 docker create --name c2 base:1 true >/dev/null || fail "docker create c2"
unchanged="$(timeout 60 docker commit c2)" || fail "docker commit c2: $unchanged"
expect_eq "layers of the unchanged commit" "1" "$(docker image inspect "$unchanged" --format '{{len .RootFS.Layers}}')"
# Started, it has berthd's /etc/hosts, /etc/hostname and /etc/resolv.conf stubs
# (and the copied-up /etc holding them): still no change of its own.
timeout 30 docker run --name c4 base:1 true || fail "docker run c4"
ran="$(timeout 60 docker commit c4 ran:1)" || fail "docker commit c4: $ran"
expect_eq "layers of a commit of a container that only ran" "1" "$(docker image inspect ran:1 --format '{{len .RootFS.Layers}}')"
docker rm c4 >/dev/null && docker rmi ran:1 >/dev/null || fail "removing c4 and ran:1"
expect_eq "dangling images" "${unchanged:7:12}" "$(docker images --filter dangling=true -q)"

step "docker rmi of an image a container uses: Docker's conflicts"
out="$(docker rmi base:1 2>&1)" && fail "rmi of the last name of a used image succeeded without -f"
expect_contains "rmi base:1" "unable to remove repository reference \"base:1\" (must force) - container" "$out"
expect_contains "rmi base:1" "is using its referenced image ${base_id:7:12}" "$out"
timeout 30 docker run -d --name running committed:1 sleep 60 >/dev/null || fail "docker run -d"
running="$(docker inspect running --format '{{.Id}}')"
out="$(docker rmi -f "$committed" 2>&1)" && fail "rmi -f of an image a running container uses succeeded"
expect_contains "rmi -f by ID" "(cannot be forced) - image is being used by running container ${running:0:12}" "$out"
# base:1 has committed children (commit records the parent): Docker's hard conflict comes first.
out="$(docker rmi -f "$base_id" 2>&1)" && fail "rmi by ID of an image with committed children succeeded"
expect_contains "rmi by ID" "(cannot be forced) - image has dependent child images" "$out"
docker image inspect base:1 >/dev/null || fail "a refused rmi took base:1's name"

step "docker image prune: dangling images nobody uses go, used ones stay"
timeout 30 docker run --name c3 "$unchanged" true >/dev/null || fail "docker run of the dangling image"
out="$(docker rmi "$unchanged" 2>&1)" && fail "rmi by ID of an image a stopped container uses succeeded"
expect_contains "rmi by ID" "(must be forced) - image is being used by stopped container" "$out"
out="$(docker image prune -f 2>&1)" || fail "docker image prune: $out"
docker image inspect "$unchanged" >/dev/null 2>&1 || fail "prune took a dangling image a container uses"
docker rm c3 >/dev/null || fail "docker rm c3"
out="$(docker image prune -f 2>&1)" || fail "docker image prune: $out"
expect_contains "prune" "deleted: $unchanged" "$out"
expect_contains "prune" "Total reclaimed space" "$out"
docker image inspect committed:1 >/dev/null || fail "prune without -a took a tagged image"

step "docker image prune -a with a label filter; tagged images in use stay"
labelled="$(tar -C "$rootfs" -c . | docker import -c 'LABEL team=a' - labelled:1)" || fail "import labelled"
plain="$(tar -C "$rootfs/etc" -c . | docker import - plain:1)" || fail "import plain"
out="$(docker image prune -a -f --filter label=team=a 2>&1)" || fail "prune -a --filter label: $out"
expect_contains "prune -a label" "untagged: labelled:1" "$out"
expect_contains "prune -a label" "deleted: $labelled" "$out"
docker image inspect plain:1 >/dev/null || fail "prune --filter label=team=a took plain:1"
out="$(docker image prune -a -f --filter until=2000-01-01T00:00:00Z 2>&1)" || fail "prune until: $out"
docker image inspect plain:1 >/dev/null || fail "prune until=2000 took an image made today"
out="$(docker image prune -a -f 2>&1)" || fail "prune -a: $out"
expect_contains "prune -a" "deleted: $plain" "$out"
for kept in base:1 committed:1; do docker image inspect "$kept" >/dev/null || fail "prune -a took $kept, which containers use"; done
out="$(docker image prune -f --filter colour=red 2>&1)" && fail "an unknown prune filter was accepted"
expect_contains "unknown prune filter" "invalid filter 'colour'" "$out"

step "prune sweeps what a failed load left behind"
bad="$ACC_TMP/bad-load"
mkdir -p "$bad/layer"
echo x >"$bad/layer/x"
tar -C "$bad/layer" -cf "$bad/layer.tar" .
jq -nc '{architecture: "amd64", os: "linux", rootfs: {type: "layers",
    diff_ids: ["sha256:0000000000000000000000000000000000000000000000000000000000000000"]}}' >"$bad/config.json"
jq -nc '[{Config: "config.json", RepoTags: ["bad:load"], Layers: ["layer.tar"]}]' >"$bad/manifest.json"
tar -C "$bad" -cf "$bad.tar" config.json manifest.json layer.tar
out="$(docker load -i "$bad.tar" 2>&1)" && fail "a load with a wrong DiffID succeeded"
expect_contains "failed load" "DiffID mismatch" "$out"
left="$data/content/blobs/sha256/$(sha256sum "$bad/config.json" | cut -d' ' -f1)"
[[ -e $left ]] || fail "the failed load left no config blob (the sweep below would test nothing)"
docker image prune -f >/dev/null || fail "docker image prune"
[[ ! -e $left ]] || fail "prune left the failed load's config blob"
docker image inspect committed:1 >/dev/null || fail "the sweep took committed:1"
expect_eq "a container of committed:1 after the sweep" "hi" "$(timeout 30 docker run --rm committed:1)"

step "docker system df: images, their shared and unique sizes, containers"
api_call main /system/df
expect_eq "GET /system/df" "200" "$API_STATUS"
expect_eq "images in df" "2" "$(jq '.Images | length' <<<"$API_BODY")"
base_size="$(docker image inspect base:1 --format '{{.Size}}')"
expect_eq "LayersSize (two layers)" "$(docker image inspect committed:1 --format '{{.Size}}')" "$(jq .LayersSize <<<"$API_BODY")"
expect_eq "SharedSize of base:1 (its layer is committed:1's too)" "$base_size" \
    "$(jq --arg id "$base_id" '.Images[] | select(.Id == $id) | .SharedSize' <<<"$API_BODY")"
expect_eq "Containers of base:1" "2" "$(jq --arg id "$base_id" '.Images[] | select(.Id == $id) | .Containers' <<<"$API_BODY")"
expect_eq "containers in df" "$(docker ps -aq | wc -l)" "$(jq '.Containers | length' <<<"$API_BODY")"
out="$(docker system df 2>&1)" || fail "docker system df: $out"
expect_contains "docker system df" "Images" "$out"
out="$(docker system df -v 2>&1)" || fail "docker system df -v: $out"
expect_contains "docker system df -v" "SHARED SIZE" "$out"

step "committing a running container pauses it meanwhile and leaves it running"
timeout 30 docker exec running sh -c 'echo live >/live' || fail "docker exec"
live="$(timeout 60 docker commit running live:1)" || fail "docker commit of a running container: $live"
expect_eq "state after the commit" "running" "$(docker inspect running --format '{{.State.Status}}')"
expect_eq "the running container's file in the image" "live" "$(timeout 30 docker run --rm live:1 cat /live)"
expect_eq "its Cmd, the container's" '["sleep","60"]' "$(docker image inspect live:1 --format '{{json .Config.Cmd}}')"

docker rm -f running c1 c2 >/dev/null || fail "docker rm"
stop_berthd main
expect_eq "exit status on SIGTERM" "0" "$STOP_STATUS"
echo "PASS ($ACC_TEST_NAME)"
