#!/usr/bin/env bash
# Images with the real docker CLI: import a busybox rootfs (plain and gzipped,
# with --change), list with filters, inspect, history, tag, rmi with Docker's
# untag/delete/conflict rules, image events, and hostile or broken tarballs.
#   images_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
BUSYBOX="$(command -v busybox || true)"
[[ -n $BUSYBOX ]] || skip "busybox (busybox-static) is not installed"

start_berthd main
DOCKER_HOST="unix://$(sock_of main)"
export DOCKER_HOST
data="$(data_root_of main)"

# A busybox rootfs, built here from Debian's busybox-static.
rootfs="$ACC_TMP/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/etc"
cp "$BUSYBOX" "$rootfs/bin/busybox"
for applet in sh ls cat echo true; do ln -s busybox "$rootfs/bin/$applet"; done
echo "root:x:0:0:root:/root:/bin/sh" >"$rootfs/etc/passwd"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
gzip -c "$ACC_TMP/rootfs.tar" >"$ACC_TMP/rootfs.tar.gz"
want_diff_id="sha256:$(sha256sum "$ACC_TMP/rootfs.tar" | cut -d' ' -f1)"

step "docker import makes a one-layer image whose layer is the tar itself"
docker system events --filter type=image --format '{{.Action}} {{.Actor.Attributes.name}}' >"$ACC_TMP/events" &
track_helper $!
wait_for 10 "the image events stream to subscribe" \
    bash -c "[[ \$(curl -s --unix-socket '$(sock_of main)' http://x/info | jq .NEventsListener) == 1 ]]"
id="$(timeout 60 docker import -c 'CMD ["/bin/sh"]' -c 'ENV GREETING=hello' -m "from the test" \
    "$ACC_TMP/rootfs.tar" bb:test)" || fail "docker import failed: $id"
[[ $id == sha256:* ]] || fail "docker import printed '$id' instead of an image ID"
expect_eq "RootFS.Layers" "[\"$want_diff_id\"]" "$(docker image inspect bb:test --format '{{json .RootFS.Layers}}')"
expect_eq "Id" "$id" "$(docker image inspect bb:test --format '{{.Id}}')"
expect_eq "Config.Cmd" '["/bin/sh"]' "$(docker image inspect bb:test --format '{{json .Config.Cmd}}')"
expect_eq "Config.Env" '["GREETING=hello"]' "$(docker image inspect bb:test --format '{{json .Config.Env}}')"
expect_eq "Comment" "from the test" "$(docker image inspect bb:test --format '{{.Comment}}')"
expect_eq "Os/Architecture" "linux/$(go_arch)" "$(docker image inspect bb:test --format '{{.Os}}/{{.Architecture}}')"
expect_eq "RepoTags" '["bb:test"]' "$(docker image inspect bb:test --format '{{json .RepoTags}}')"
snapshot="$data/snapshots/${want_diff_id#sha256:}/fs"
cmp "$snapshot/bin/busybox" "$BUSYBOX" || fail "the snapshot's bin/busybox differs from busybox"
expect_eq "the snapshot's bin/sh link" "busybox" "$(readlink "$snapshot/bin/sh")"
expect_eq "the image's ID is its config's digest" "${id#sha256:}" \
    "$(sha256sum "$data/content/blobs/sha256/${id#sha256:}" | cut -d' ' -f1)"
expect_eq "docker info Images" "1" "$(docker info --format '{{.Images}}')"

step "the same layer gzipped imports to the same DiffID, and shares the snapshot"
id2="$(timeout 60 docker import "$ACC_TMP/rootfs.tar.gz" other/bb)" || fail "docker import of the gzipped tar: $id2"
expect_eq "RootFS.Layers of the gzipped import" "[\"$want_diff_id\"]" \
    "$(docker image inspect other/bb --format '{{json .RootFS.Layers}}')"
expect_eq "snapshots on disk" "1" "$(find "$data/snapshots" -mindepth 1 -maxdepth 1 | wc -l)"

step "docker images lists, and filters by reference, dangling and label"
listing="$(docker images --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')"
expect_eq "docker images" "bb:test other/bb:latest " "$listing"
expect_eq "--filter reference=bb" "bb:test" "$(docker images --filter reference=bb --format '{{.Repository}}:{{.Tag}}')"
expect_eq "--filter reference='oth*/*'" "other/bb:latest" \
    "$(docker images --filter 'reference=oth*/*' --format '{{.Repository}}:{{.Tag}}')"
expect_eq "--filter dangling=true" "" "$(docker images --filter dangling=true -q)"
out="$(docker images --filter colour=red 2>&1)" && fail "an unknown image filter was accepted: $out"
expect_contains "unknown image filter" "invalid filter 'colour'" "$out"

step "docker history and docker tag"
expect_eq "history" "from the test" "$(docker history bb:test --format '{{.Comment}}')"
docker tag bb:test localhost:5000/team/bb:v1 || fail "docker tag failed"
expect_eq "RepoTags after tag" '["bb:test","localhost:5000/team/bb:v1"]' \
    "$(docker image inspect "$id" --format '{{json .RepoTags}}' | jq -c sort)"
out="$(docker tag nosuch:image x:y 2>&1)" && fail "tagging a missing image succeeded"
expect_contains "tag of a missing image" "No such image: nosuch:image" "$out"

step "docker rmi: by ID with several names needs -f; by name untags, the last name deletes"
out="$(docker rmi "${id:7:12}" 2>&1)" && fail "rmi by ID of an image with two names succeeded without -f"
expect_contains "rmi by ID without -f" "must be forced" "$out"
out="$(docker rmi bb:test 2>&1)" || fail "docker rmi bb:test: $out"
expect_eq "rmi of one of two names" "Untagged: bb:test" "$out"
docker image inspect "$id" >/dev/null 2>&1 || fail "the image went with its first name"
out="$(docker rmi localhost:5000/team/bb:v1 2>&1)" || fail "docker rmi of the last name: $out"
expect_contains "rmi of the last name" "Deleted: $id" "$out"
[[ ! -e $data/content/blobs/sha256/${id#sha256:} ]] || fail "the deleted image's config blob is still there"
[[ -d $snapshot ]] || fail "the snapshot went though other/bb still uses it"
out="$(docker rmi other/bb 2>&1)" || fail "docker rmi other/bb: $out"
[[ ! -e $data/snapshots/${want_diff_id#sha256:} ]] || fail "the last image's snapshot is still there"
[[ ! -e $data/content/blobs/sha256/${want_diff_id#sha256:} ]] || fail "the last image's layer blob is still there"
out="$(docker rmi other/bb 2>&1)" && fail "removing a removed image succeeded"
expect_contains "rmi of a missing image" "No such image" "$out"

step "image events were published"
wait_for 10 "the delete event" grep -q '^delete' "$ACC_TMP/events"
for want in "import bb:test" "tag bb:test" "tag localhost:5000/team/bb:v1" "untag bb:test" \
    "delete localhost:5000/team/bb:v1" "delete other/bb"; do
    grep -qxF -- "$want" "$ACC_TMP/events" || fail "no image event '$want' in: $(tr '\n' '|' <"$ACC_TMP/events")"
done

step "broken and hostile tarballs are refused and leave nothing behind"
head -c 3000 "$ACC_TMP/rootfs.tar.gz" >"$ACC_TMP/truncated.tar.gz"
out="$(timeout 60 docker import "$ACC_TMP/truncated.tar.gz" broken 2>&1)" && fail "a truncated tarball imported: $out"
printf 'not a tarball at all, just some text that goes on for a while..........................\n' >"$ACC_TMP/garbage"
out="$(timeout 60 docker import "$ACC_TMP/garbage" broken 2>&1)" && fail "garbage imported: $out"
mkdir -p "$ACC_TMP/hostile"
echo pwned >"$ACC_TMP/hostile/evil"
tar -C "$ACC_TMP/hostile" -cf "$ACC_TMP/hostile.tar" --transform 's,^evil,../../../escaped-by-berth-test,' evil
out="$(timeout 60 docker import "$ACC_TMP/hostile.tar" broken 2>&1)" && fail "a tarball with ../ entries imported: $out"
[[ ! -e $data/../../escaped-by-berth-test && ! -e /escaped-by-berth-test ]] || fail "a ../ entry escaped"
expect_eq "images after refused imports" "" "$(docker images -q)"
expect_eq "partial snapshots left" "0" "$(find "$data/snapshots" -mindepth 1 -maxdepth 1 | wc -l)"
expect_eq "blobs left" "0" "$(find "$data/content/blobs/sha256" -type f | wc -l)"
expect_eq "ingests left" "0" "$(find "$data/content/ingest" -type f | wc -l)"

step "pulling from a registry nobody serves fails clearly, naming the request"
# Nothing listens on 127.0.0.1:9: nothing leaves this machine. (Pulls from real
# registries are pull_test.sh's, over TLS tls_registry_test.sh's.)
out="$(timeout 60 docker pull 127.0.0.1:9/busybox 2>&1)" && fail "docker pull succeeded?"
expect_contains "docker pull" 'Get "http://127.0.0.1:9/v2/busybox/manifests/latest"' "$out"
expect_contains "docker pull" "connection refused" "${out,,}"
out="$(docker pull --all-tags 127.0.0.1:9/busybox 2>&1)" && fail "docker pull --all-tags succeeded?"
expect_contains "docker pull --all-tags" 'Get "http://127.0.0.1:9/v2/busybox/tags/list' "$out"

step "file names are bytes: a PAX UTF-8 name and one that is not UTF-8 import, copy out and export as they are"
if command -v python3 >/dev/null; then
    cp "$ACC_TMP/rootfs.tar" "$ACC_TMP/names.tar"
    # Go's tar (and so every registry image) writes non-ASCII names in PAX headers, as python's PAX format does.
    python3 - "$ACC_TMP/names.tar" <<'PY' || fail "adding the names to the tar"
import io, sys, tarfile
with tarfile.open(sys.argv[1], "a", format=tarfile.PAX_FORMAT) as tar:
    for name, data in (("Főtanúsítvány.crt", b"utf-8"), ("caf\udce9", b"latin-1")):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
PY
    out="$(timeout 60 docker import "$ACC_TMP/names.tar" names:1 2>&1)" || fail "docker import of non-ASCII names: $out"
    timeout 30 docker create --name names names:1 true >/dev/null || fail "docker create names"
    expect_eq "docker cp of a UTF-8 name" "utf-8" "$(timeout 30 docker cp names:/Főtanúsítvány.crt - | tar -xO)"
    expect_eq "docker cp of a latin-1 name" "latin-1" "$(timeout 30 docker cp "names:/caf"$'\xe9' - | tar -xO)"
    listing="$(timeout 30 docker export names | tar --quoting-style=literal -t 2>/dev/null | LC_ALL=C grep -a '^caf\|^F' | LC_ALL=C sort | od -An -c | tr -s ' ')"
    expect_eq "docker export's names" "$(printf 'F\xc5\x91tan\xc3\xbas\xc3\xadtv\xc3\xa1ny.crt\ncaf\xe9\n' | od -An -c | tr -s ' ')" "$listing"
    timeout 30 docker cp "$ACC_TMP/rootfs.tar" "names:/Ünïcode-copied" || fail "docker cp of a UTF-8 name into names"
    # shellcheck disable=SC2016 # expanded in the container
    timeout 30 docker run --name names2 names:1 sh -c 'echo made >"$(printf "/caf\351-made")"' || fail "docker run names2"
    changes="$(timeout 30 docker diff names)$(printf '\n')$(timeout 30 docker diff names2)"
    expect_contains "docker diff of a UTF-8 name" "A /Ünïcode-copied" "$changes"
    expect_contains "docker diff of a latin-1 name (U+FFFD in the JSON, as dockerd's)" "A /caf"$'\xef\xbf\xbd'"-made" "$changes"
    expect_eq "docker cp of a name a container made" "made" "$(timeout 30 docker cp "names2:/caf"$'\xe9'"-made" - | tar -xO)"
    docker rm names2 >/dev/null || fail "removing names2"
    docker rm names >/dev/null && docker rmi names:1 >/dev/null || fail "removing names"
fi

stop_berthd main
expect_eq "exit status on SIGTERM" "0" "$STOP_STATUS"
echo "PASS ($ACC_TEST_NAME)"
