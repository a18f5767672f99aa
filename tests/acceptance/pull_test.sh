#!/usr/bin/env bash
# docker pull from real registries (Debian's docker-registry) with the real
# docker CLI: a three-layer OCI image (gzip and zstd layers, whiteouts and an
# opaque directory) by tag and by digest, a multi-arch index, missing tags, and
# a registry behind htpasswd basic auth with docker login. The images are built
# here as OCI layouts from busybox-static and pushed with skopeo, so every
# digest the test expects is one it computed itself.
#   pull_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
acc_setup "$@"
need_busybox
registry_tools_or_skip

# ---- the images -------------------------------------------------------------

# Layer 1: a busybox rootfs with files for the next layer to delete or hide.
base="$ACC_TMP/layers/base"
make_busybox_rootfs "$base"
mkdir -p "$base/data" "$base/opq"
echo keep >"$base/data/keep"
echo gone >"$base/data/gone"
echo a >"$base/opq/a"
echo b >"$base/opq/b"
# Layer 2: a whiteout for /data/gone, /opq made opaque, with a new file c.
whiteouts="$ACC_TMP/layers/whiteouts"
mkdir -p "$whiteouts/data" "$whiteouts/opq"
: >"$whiteouts/data/.wh.gone"
: >"$whiteouts/opq/.wh..wh..opq"
echo c >"$whiteouts/opq/c"
# Layer 3 (zstd): /hello.
hello="$ACC_TMP/layers/hello"
mkdir -p "$hello"
echo world >"$hello/hello"

layers_layout="$ACC_TMP/oci-layers"
oci_layout_init "$layers_layout"
oci_layout_image "$layers_layout" "linux/$(go_arch)" "gzip:$base" "gzip:$whiteouts" "zstd:$hello"
oci_layout_tag "$layers_layout" "$OCI_DESCRIPTOR"
layers_digest=$OCI_MANIFEST_DIGEST
layers_config=$OCI_CONFIG_DIGEST
layers_diff_ids="$(printf '%s\n' "${OCI_DIFF_IDS[@]}" | jq -Rsc 'split("\n") | map(select(. != ""))')"
layers_blobs=("${OCI_LAYER_DIGESTS[@]}")

# The multi-arch index: this machine's architecture and one other, each with
# its /arch; the foreign one comes first, so taking the first entry is wrong.
host_arch="$(go_arch)"
if [[ $host_arch == arm64 ]]; then other_arch=amd64; else other_arch=arm64; fi
platform_of() { if [[ $1 == arm64 ]]; then echo linux/arm64/v8; else echo "linux/$1"; fi; }
multi_layout="$ACC_TMP/oci-multiarch"
oci_layout_init "$multi_layout"
for arch in "$other_arch" "$host_arch"; do
    mkdir -p "$ACC_TMP/layers/arch-$arch"
    echo "$arch" >"$ACC_TMP/layers/arch-$arch/arch"
done
oci_layout_image "$multi_layout" "$(platform_of "$other_arch")" "gzip:$base" "gzip:$ACC_TMP/layers/arch-$other_arch"
other_descriptor=$OCI_DESCRIPTOR
other_config=$OCI_CONFIG_DIGEST
oci_layout_image "$multi_layout" "$(platform_of "$host_arch")" "gzip:$base" "gzip:$ACC_TMP/layers/arch-$host_arch"
host_descriptor=$OCI_DESCRIPTOR
host_config=$OCI_CONFIG_DIGEST
oci_layout_index "$multi_layout" "$other_descriptor" "$host_descriptor"
oci_layout_tag "$multi_layout" "$OCI_DESCRIPTOR"
multi_digest=$OCI_INDEX_DIGEST

start_registry plain
reg="$(registry_addr plain)"
push_layout "$layers_layout" "$reg/multi:layers"
push_layout "$multi_layout" "$reg/multiarch:1"

use_daemon main
data="$(data_root_of main)"

# ---- pulls ------------------------------------------------------------------

step "docker pull of a three-layer image: gzip and zstd layers, by tag"
out="$(timeout 120 docker pull "$reg/multi:layers" 2>&1)" || fail "docker pull $reg/multi:layers: $out"
expect_contains "pull output" "layers: Pulling from multi" "$out"
for blob in "${layers_blobs[@]}"; do
    expect_contains "pull output for layer $blob" "${blob:7:12}: Pull complete" "$out"
done
expect_contains "pull output" "Digest: $layers_digest" "$out"
expect_contains "pull output" "Status: Downloaded newer image for $reg/multi:layers" "$out"

step "the pulled image: its layers are the uncompressed tars' digests, its names the tag and digest"
expect_eq "RootFS.Layers" "$layers_diff_ids" "$(docker image inspect "$reg/multi:layers" --format '{{json .RootFS.Layers}}')"
expect_eq "Id (the config's digest)" "$layers_config" "$(docker image inspect "$reg/multi:layers" --format '{{.Id}}')"
expect_eq "RepoTags" "[\"$reg/multi:layers\"]" "$(docker image inspect "$reg/multi:layers" --format '{{json .RepoTags}}')"
expect_eq "RepoDigests" "[\"$reg/multi@$layers_digest\"]" \
    "$(docker image inspect "$reg/multi:layers" --format '{{json .RepoDigests}}')"
expect_eq "Os/Architecture" "linux/$host_arch" \
    "$(docker image inspect "$reg/multi:layers" --format '{{.Os}}/{{.Architecture}}')"
expect_eq "Config.Cmd" '["/bin/sh"]' "$(docker image inspect "$reg/multi:layers" --format '{{json .Config.Cmd}}')"
expect_eq "Created" "2024-05-06T07:08:09Z" "$(docker image inspect "$reg/multi:layers" --format '{{.Created}}')"
expect_eq "docker images" "$reg/multi:layers" \
    "$(docker images --format '{{.Repository}}:{{.Tag}}' "$reg/multi")"

step "a container of it sees the whiteout, the opaque directory and the zstd layer"
# shellcheck disable=SC2016 # expanded in the container
seen="$(timeout 30 docker run --rm "$reg/multi:layers" sh -c \
    'echo data: $(ls -A /data); test -e /data/gone && echo gone: present || echo gone: absent
     echo opq: $(ls -A /opq); echo hello: $(cat /hello)')" || fail "docker run of the pulled image: $seen"
expect_eq "the container's view" $'data: keep\ngone: absent\nopq: c\nhello: world' "$seen"

step "pulling it again finds it up to date"
out="$(timeout 120 docker pull "$reg/multi:layers" 2>&1)" || fail "second docker pull: $out"
expect_contains "second pull" "Digest: $layers_digest" "$out"
expect_contains "second pull" "Status: Image is up to date for $reg/multi:layers" "$out"
expect_eq "images after the second pull" "1" "$(docker images -q | wc -l)"

step "removing the last tag also drops the repository's digest and deletes the image"
out="$(docker rmi "$reg/multi:layers" 2>&1)" || fail "docker rmi $reg/multi:layers: $out"
expect_contains "rmi" "Untagged: $reg/multi:layers" "$out"
expect_contains "rmi" "Untagged: $reg/multi@$layers_digest" "$out"
expect_contains "rmi" "Deleted: $layers_config" "$out"

step "docker pull by digest"
out="$(timeout 120 docker pull "$reg/multi@$layers_digest" 2>&1)" || fail "docker pull by digest: $out"
expect_contains "pull by digest" "Digest: $layers_digest" "$out"
expect_contains "pull by digest" "Status: Downloaded newer image for $reg/multi@$layers_digest" "$out"
expect_eq "Id" "$layers_config" "$(docker image inspect "$reg/multi@$layers_digest" --format '{{.Id}}')"
expect_eq "RepoTags of a digest pull" "[]" \
    "$(docker image inspect "$reg/multi@$layers_digest" --format '{{json .RepoTags}}')"
expect_eq "RepoDigests of a digest pull" "[\"$reg/multi@$layers_digest\"]" \
    "$(docker image inspect "$reg/multi@$layers_digest" --format '{{json .RepoDigests}}')"
expect_eq "run by digest" "world" "$(timeout 30 docker run --rm "$reg/multi@$layers_digest" cat /hello)"
wrong="sha256:$(printf 'not this one' | sha256sum | cut -d' ' -f1)"
out="$(timeout 60 docker pull "$reg/multi@$wrong" 2>&1)" && fail "a pull of a digest the registry lacks succeeded: $out"
expect_contains "pull of an unknown digest" "not found" "$out"

step "docker pull of a missing tag or repository fails with not found"
out="$(timeout 60 docker pull "$reg/multi:nosuchtag" 2>&1)" && fail "a pull of a missing tag succeeded: $out"
expect_contains "pull of a missing tag" "not found" "$out"
expect_contains "pull of a missing tag" "manifest unknown" "$out"
out="$(timeout 60 docker pull "$reg/nosuchrepo:1" 2>&1)" && fail "a pull of a missing repository succeeded: $out"
expect_contains "pull of a missing repository" "not found" "$out"
expect_eq "images after failed pulls" "1" "$(docker images -q | wc -l)"

step "docker pull of a multi-arch index picks this machine's platform"
out="$(timeout 120 docker pull "$reg/multiarch:1" 2>&1)" || fail "docker pull $reg/multiarch:1: $out"
expect_contains "multi-arch pull" "Digest: $multi_digest" "$out"
expect_contains "multi-arch pull" "Status: Downloaded newer image for $reg/multiarch:1" "$out"
expect_eq "Id (the $host_arch config)" "$host_config" "$(docker image inspect "$reg/multiarch:1" --format '{{.Id}}')"
expect_eq "Architecture" "$host_arch" "$(docker image inspect "$reg/multiarch:1" --format '{{.Architecture}}')"
expect_eq "RepoDigests (the index's digest)" "[\"$reg/multiarch@$multi_digest\"]" \
    "$(docker image inspect "$reg/multiarch:1" --format '{{json .RepoDigests}}')"
expect_eq "/arch" "$host_arch" "$(timeout 30 docker run --rm "$reg/multiarch:1" cat /arch)"

step "docker pull --platform picks the other entry, and refuses a platform the index lacks"
# (linux/arm64 must match the index's linux/arm64/v8, as Docker normalizes it.)
out="$(timeout 120 docker pull --platform "linux/$other_arch" "$reg/multiarch:1" 2>&1)" ||
    fail "docker pull --platform linux/$other_arch: $out"
expect_contains "--platform pull" "Digest: $multi_digest" "$out"
expect_eq "Id (the $other_arch config)" "$other_config" "$(docker image inspect "$reg/multiarch:1" --format '{{.Id}}')"
expect_eq "Architecture" "$other_arch" "$(docker image inspect "$reg/multiarch:1" --format '{{.Architecture}}')"
expect_eq "the $host_arch image, untagged" "[]" "$(docker image inspect "$host_config" --format '{{json .RepoTags}}')"
out="$(timeout 60 docker pull --platform linux/s390x "$reg/multiarch:1" 2>&1)" &&
    fail "a pull for a platform the index lacks succeeded: $out"
expect_contains "pull for linux/s390x" "no matching manifest for linux/s390x" "$out"

# ---- push ---------------------------------------------------------------------

step "docker push of a pulled image to another repository: blobs mounted, the same manifest digest"
docker tag "$reg/multi@$layers_digest" "$reg/copy:v1" || fail "docker tag"
out="$(timeout 120 docker push "$reg/copy:v1" 2>&1)" || fail "docker push $reg/copy:v1: $out"
expect_contains "push output" "The push refers to repository [$reg/copy]" "$out"
expect_contains "push output" "Mounted from multi" "$out"
expect_contains "push output" "v1: digest: $layers_digest" "$out"
expect_eq "skopeo reads back the digest" "$layers_digest" \
    "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$reg/copy:v1")"
out="$(timeout 120 docker push "$reg/copy:v1" 2>&1)" || fail "second docker push: $out"
expect_contains "second push" "Layer already exists" "$out"

step "docker push of an imported image: an OCI manifest over its tar layer, read back by skopeo"
rootfs_tar="$ACC_TMP/imported.tar"
tar -C "$base" -cf "$rootfs_tar" .
imported="$(timeout 60 docker import "$rootfs_tar" "$reg/imported:1")" || fail "docker import: $imported"
out="$(timeout 120 docker push "$reg/imported:1" 2>&1)" || fail "docker push $reg/imported:1: $out"
expect_contains "push output" "Pushed" "$out"
pushed_digest="$(sed -n 's/^1: digest: \(sha256:[0-9a-f]*\) size: .*/\1/p' <<<"$out")"
[[ -n $pushed_digest ]] || fail "no digest line in: $out"
expect_eq "skopeo digest of the pushed image" "$pushed_digest" \
    "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$reg/imported:1")"
expect_eq "the pushed layer is the imported tar" "[\"sha256:$(sha256sum "$rootfs_tar" | cut -d' ' -f1)\"]" \
    "$(skopeo inspect --tls-verify=false --config "docker://$reg/imported:1" | jq -c .rootfs.diff_ids)"
expect_contains "RepoDigests after the push" "$reg/imported@$pushed_digest" \
    "$(docker image inspect "$reg/imported:1" --format '{{json .RepoDigests}}')"
out="$(timeout 60 docker push "$reg/nothere:1" 2>&1)" && fail "a push of a missing image succeeded: $out"
expect_contains "push of a missing image" "does not exist locally" "$out"

step "docker push of a 64 MiB layer streams it: berthd's peak RSS grows by less than 12 MiB (issue 15)"
big_dir="$ACC_TMP/big-layer"
mkdir -p "$big_dir"
head -c 64M /dev/urandom >"$big_dir/data"
tar -C "$big_dir" -cf "$ACC_TMP/big-layer.tar" .
rm -rf "$big_dir"
timeout 60 docker import "$ACC_TMP/big-layer.tar" "$reg/big:1" >/dev/null || fail "docker import of the 64 MiB layer"
rm -f "$ACC_TMP/big-layer.tar"
berthd_pid="$(pid_of main)"
echo 5 >"/proc/$berthd_pid/clear_refs" # VmHWM starts again from the current RSS
hwm_before="$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$berthd_pid/status")"
out="$(timeout 120 docker push "$reg/big:1" 2>&1)" || fail "docker push $reg/big:1: $out"
expect_contains "push of the 64 MiB layer" "Pushed" "$out"
hwm_after="$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$berthd_pid/status")"
# Before the fix the upload held an 8 MiB chunk three times over (and the heap kept it): ~24 MiB more.
((hwm_after - hwm_before < 12 * 1024)) ||
    fail "berthd's peak RSS grew by $(((hwm_after - hwm_before) / 1024)) MiB over a 64 MiB push ($hwm_before -> $hwm_after kB)"
docker rmi "$reg/big:1" >/dev/null || fail "docker rmi $reg/big:1"

step "docker push --all-tags and docker pull --all-tags: every tag of a repository"
docker tag "$reg/multi@$layers_digest" "$reg/alltags:one" || fail "docker tag one"
docker tag "$reg/imported:1" "$reg/alltags:two" || fail "docker tag two"
out="$(timeout 120 docker push --all-tags "$reg/alltags" 2>&1)" || fail "docker push --all-tags: $out"
expect_contains "push --all-tags" "one: digest: $layers_digest" "$out"
expect_contains "push --all-tags" "two: digest: $pushed_digest" "$out"
expect_eq "the registry's tags" '["one","two"]' \
    "$(curl -s "http://$reg/v2/alltags/tags/list" | jq -c '.tags | sort')"
docker rmi "$reg/alltags:one" "$reg/alltags:two" >/dev/null || fail "docker rmi of the alltags tags"
out="$(timeout 120 docker pull --all-tags "$reg/alltags" 2>&1)" || fail "docker pull --all-tags: $out"
expect_eq "Id of alltags:one" "$layers_config" "$(docker image inspect "$reg/alltags:one" --format '{{.Id}}')"
expect_eq "Id of alltags:two" "$imported" "$(docker image inspect "$reg/alltags:two" --format '{{.Id}}')"
# Old clients' pull -a sends "name:" and no tag: all tags, as dockerd takes it.
docker rmi "$reg/alltags:one" "$reg/alltags:two" >/dev/null || fail "docker rmi of the alltags tags (again)"
out="$(curl -s --max-time 120 --unix-socket "$(sock_of main)" -X POST "http://berthd/images/create?fromImage=$reg/alltags:")"
expect_contains "fromImage with a trailing colon" "Status: Downloaded newer image for $reg/alltags" "$out"
docker image inspect "$reg/alltags:one" "$reg/alltags:two" >/dev/null || fail "the trailing-colon pull left out a tag"
out="$(timeout 60 docker pull --all-tags "$reg/nosuchrepo" 2>&1)" && fail "pull --all-tags of a missing repository"
expect_contains "pull --all-tags of a missing repository" "not found" "$out"

step "GET /distribution/{name}/json: the registry's descriptor and platforms, without a pull"
api_call main "/distribution/$reg/multiarch:1/json"
expect_eq "distribution status" "200" "$API_STATUS"
expect_eq "Descriptor.digest of the index" "$multi_digest" "$(jq -r .Descriptor.digest <<<"$API_BODY")"
expect_eq "Descriptor.mediaType" "application/vnd.oci.image.index.v1+json" "$(jq -r .Descriptor.mediaType <<<"$API_BODY")"
expect_eq "Platforms of the index" "$(printf '%s\n%s' "$other_arch" "$host_arch")" \
    "$(jq -r '.Platforms[].architecture' <<<"$API_BODY")"
api_call main "/distribution/$reg/multi:layers/json"
expect_eq "Descriptor.digest of the manifest" "$layers_digest" "$(jq -r .Descriptor.digest <<<"$API_BODY")"
expect_eq "Platforms of a single image (from its config)" "[{\"architecture\":\"$host_arch\",\"os\":\"linux\"}]" \
    "$(jq -c .Platforms <<<"$API_BODY")"
api_call main "/distribution/$reg/multi:nosuchtag/json"
expect_eq "distribution of a missing tag" "404" "$API_STATUS"

step "docker search asks the registry's v1 search API, filters what it answers, and fails clearly"
search_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# Docker Hub's index is not reachable from a test; this stands in for its
# v1 search API on loopback, answering with its shape.
python3 - "$search_port" <<'EOF_PY' &
import http.server, json, sys
class Index(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        results = [{"name": "team/busybox", "description": "small", "star_count": 5, "is_official": False, "is_automated": False},
                   {"name": "busybox", "description": "official", "star_count": 1, "is_official": True, "is_automated": False}]
        body = json.dumps({"num_results": 2, "query": self.path, "results": results}).encode()
        self.send_response(200 if self.path.startswith("/v1/search?q=busy") else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Index).serve_forever()
EOF_PY
track_helper $!
wait_for 10 "the search stand-in to listen" curl -sf "http://127.0.0.1:$search_port/v1/search?q=busy"
out="$(timeout 30 docker search --format '{{.Name}} {{.StarCount}}' "127.0.0.1:$search_port/busy" 2>&1)" ||
    fail "docker search: $out"
expect_eq "docker search" $'team/busybox 5\nbusybox 1' "$out"
out="$(timeout 30 docker search --format '{{.Name}}' --filter is-official=true "127.0.0.1:$search_port/busy" 2>&1)" ||
    fail "docker search --filter is-official=true: $out"
expect_eq "docker search --filter is-official=true" "busybox" "$out"
out="$(timeout 30 docker search --format '{{.Name}}' --filter stars=3 "127.0.0.1:$search_port/busy" 2>&1)" ||
    fail "docker search --filter stars=3: $out"
expect_eq "docker search --filter stars=3" "team/busybox" "$out"
out="$(timeout 30 docker search "$reg/multi" 2>&1)" && fail "docker search of a registry without a search API succeeded"
expect_contains "search of a registry without a search API" "the registry answered 404" "$out"
out="$(timeout 30 docker search "127.0.0.1:1/busybox" 2>&1)" && fail "docker search of a closed port succeeded"
expect_contains "search of a closed port" "searching 127.0.0.1:1" "$out"

step "kill -9 of berthd during a pull: after the restart nothing half-made is visible, the next pull works"
big_layout="$ACC_TMP/oci-big"
oci_layout_big "$big_layout" "$base" 192
oci_layout_tag "$big_layout" "$OCI_DESCRIPTOR"
push_layout "$big_layout" "$reg/big:1"
rm -rf "$big_layout"
timeout 120 docker pull "$reg/big:1" >"$ACC_TMP/big-pull.out" 2>&1 &
pull_pid=$!
# Killed once 16 MiB of the layer are unpacked: well inside its 192.
partly_unpacked() { (($(du -smc "$data"/snapshots/*.partial 2>/dev/null | awk 'END { print $1 + 0 }') >= 16)); }
wait_for 60 "the big layer to be partly unpacked" partly_unpacked
stop_berthd main KILL
wait "$pull_pid" && fail "the pull finished although berthd was killed: $(cat "$ACC_TMP/big-pull.out")"
start_berthd main
out="$(docker image inspect "$reg/big:1" 2>&1)" && fail "a half-pulled image is visible after the restart: $out"
partial="$(find "$data/snapshots" -mindepth 1 -maxdepth 1 -name '*.partial' | wc -l)"
expect_eq "partial snapshots after the restart" "0" "$partial"
expect_eq "blobs being written after the restart" "0" "$(find "$data/content/ingest" -type f | wc -l)"
out="$(timeout 120 docker pull "$reg/big:1" 2>&1)" || fail "the pull after the restart: $out"
expect_contains "the pull after the restart" "Downloaded newer image for $reg/big:1" "$out"
expect_eq "the big layer in a container" "$((192 << 20)) /random" "$(timeout 30 docker run --rm "$reg/big:1" busybox wc -c /random)"
docker rmi "$reg/big:1" >/dev/null || fail "docker rmi $reg/big:1"

# ---- a registry with basic auth ---------------------------------------------

start_registry private htpasswd
preg="$(registry_addr private)"
push_layout "$layers_layout" "$preg/private:1" "$REGISTRY_USER:$REGISTRY_PASSWORD"

step "docker pull from a registry with basic auth needs docker login"
out="$(timeout 60 docker pull "$preg/private:1" 2>&1)" && fail "a pull without credentials succeeded: $out"
[[ ${out,,} == *"no basic auth credentials"* || ${out,,} == *unauthorized* ]] ||
    fail "pull without credentials: expected 'no basic auth credentials' or 'unauthorized', got: $out"
out="$(echo wrong | timeout 60 docker login "$preg" -u "$REGISTRY_USER" --password-stdin 2>&1)" &&
    fail "docker login with a wrong password succeeded: $out"
expect_contains "login with a wrong password" "unauthorized" "${out,,}"
[[ ! -f $DOCKER_CONFIG/config.json ]] || [[ "$(jq -r --arg r "$preg" '.auths[$r] // empty' "$DOCKER_CONFIG/config.json")" == "" ]] ||
    fail "a failed login stored credentials: $(cat "$DOCKER_CONFIG/config.json")"

step "docker login checks the credentials with the registry, and the pull then works"
out="$(echo "$REGISTRY_PASSWORD" | timeout 60 docker login "$preg" -u "$REGISTRY_USER" --password-stdin 2>&1)" ||
    fail "docker login $preg: $out"
expect_contains "docker login" "Login Succeeded" "$out"
expect_eq "the stored credentials" "$(printf '%s:%s' "$REGISTRY_USER" "$REGISTRY_PASSWORD" | base64)" \
    "$(jq -r --arg r "$preg" '.auths[$r].auth' "$DOCKER_CONFIG/config.json")"
out="$(timeout 120 docker pull "$preg/private:1" 2>&1)" || fail "docker pull after login: $out"
expect_contains "pull after login" "Digest: $layers_digest" "$out"
expect_contains "pull after login" "Status: Downloaded newer image for $preg/private:1" "$out"
# The same image is still there by digest from the first registry: both names show.
expect_contains "RepoDigests" "\"$preg/private@$layers_digest\"" \
    "$(docker image inspect "$preg/private:1" --format '{{json .RepoDigests}}')"

step "after docker logout the daemon has no credentials left to use"
docker logout "$preg" >/dev/null || fail "docker logout $preg failed"
out="$(timeout 60 docker pull "$preg/private:1" 2>&1)" && fail "a pull after logout succeeded: $out"
[[ ${out,,} == *"no basic auth credentials"* || ${out,,} == *unauthorized* ]] ||
    fail "pull after logout: expected 'no basic auth credentials' or 'unauthorized', got: $out"

stop_berthd main
expect_eq "exit status on SIGTERM" "0" "$STOP_STATUS"
echo "PASS ($ACC_TEST_NAME)"
