#!/usr/bin/env bash
# A registry that misbehaves never leaves a corrupt layer (issue 14, part 7),
# with the real docker CLI: Debian's docker-registry on loopback behind
# faulty_registry_proxy.py, which on demand cuts a layer's download halfway,
# stalls it past berthd's timeout (BERTH_REGISTRY_TIMEOUT=2 here), changes one
# of its bytes, or cuts or stalls an upload halfway.
#   - a cut or stalled download is resumed (a Range request) and the image is
#     whole;
#   - a layer whose bytes do not match its digest fails the pull with a clear
#     error, stores nothing (no image, no blob, no snapshot) and a later good
#     pull succeeds;
#   - a config whose bytes do not match its digest fails with Docker's words;
#   - a push whose upload is cut, or stalls past the timeout, is retried (a
#     new upload session), and the image the registry then holds pulls back
#     whole;
#   - a restart finds nothing damaged.
#   fault_registry_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
acc_setup "$@"
need_busybox
registry_tools_or_skip
command -v python3 >/dev/null || skip "python3 is not installed"
export BERTH_REGISTRY_TIMEOUT=2
use_daemon main
data="$(data_root_of main)"
start_registry plain
reg="$(registry_addr plain)"

# The proxy: its mode file says what the next large blob meets.
proxy_dir="$ACC_TMP/proxy"
mkdir -p "$proxy_dir"
echo pass >"$proxy_dir/mode"
STALL=6 "${ACC_LAUNCHER[@]}" python3 "$(dirname "${BASH_SOURCE[0]}")/faulty_registry_proxy.py" \
    "$reg" "$proxy_dir/mode" "$proxy_dir/port" >"$proxy_dir/proxy.out" 2>&1 &
track_helper $!
wait_for 10 "the proxy to listen" test -s "$proxy_dir/port"
proxy="127.0.0.1:$(cat "$proxy_dir/port")"
set_mode() { echo "$1" >"$proxy_dir/mode"; }
proxy_said() { grep -c -- "$1" "$proxy_dir/proxy.out" || true; }

# An image with an 8 MiB layer nothing can compress, in the registry.
rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
head -c 8M /dev/urandom >"$rootfs/payload"
want="$(sha256sum <"$rootfs/payload" | cut -d' ' -f1)"
tar -C "$rootfs" -cf "$ACC_TMP/base.tar" .
# pushed NAME CHANGE FIELD: base.tar imported with CHANGE as $reg/NAME:1, pushed,
# removed here; prints FIELD (a jq path) of the manifest the registry holds.
pushed() {
    timeout 60 docker import -c "$2" "$ACC_TMP/base.tar" "$reg/$1:1" >/dev/null || fail "docker import $1:1"
    timeout 60 docker push -q "$reg/$1:1" >/dev/null || fail "docker push $reg/$1:1"
    docker rmi "$reg/$1:1" >/dev/null || fail "docker rmi $reg/$1:1"
    registry_curl plain -sf -H "Accept: $OCI_MT_MANIFEST" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
        "REGISTRY_URL/v2/$1/manifests/1" | jq -r "$3"
}
layer="$(pushed rf 'CMD ["sh"]' '.layers[0].digest')"
[[ $layer == sha256:* ]] || fail "no layer digest in the manifest of rf:1: $layer"

# payload_ok IMAGE: the image runs and its payload is the one pushed.
payload_ok() {
    local got
    got="$(timeout 30 docker run --rm "$1" sha256sum /payload 2>&1 | cut -d' ' -f1)"
    expect_eq "the payload of $1" "$want" "$got"
}
# no_blob DIGEST: berthd's store holds no blob (whole or in the making) of DIGEST.
no_layer_stored() {
    local found
    found="$(find "$data" -type f \( -name "${1#sha256:}" -o -path '*ingest*' \) 2>/dev/null)"
    [[ -z $found ]] || fail "the store keeps what the bad pull brought: $found"
}
pull_image() { timeout 60 docker pull -q "$proxy/rf:1" 2>&1; }

step "a download cut halfway is resumed, and the image is whole"
set_mode drop-once
out="$(pull_image)" || fail "docker pull with a cut download: $out"
expect_eq "cuts the proxy made" "1" "$(proxy_said 'cut /v2/rf/blobs')"
grep -q '"GET /v2/rf/blobs/'"$layer"' HTTP/1.1" 206 ' "$proxy_dir/proxy.out" ||
    fail "the pull did not resume with a Range request (no 206 answer in the proxy's log)"
payload_ok "$proxy/rf:1"
docker rmi "$proxy/rf:1" >/dev/null || fail "docker rmi after the resumed pull"

step "a download that stalls past the timeout is resumed, and the image is whole"
set_mode stall-once
started=$SECONDS
out="$(pull_image)" || fail "docker pull with a stalled download: $out"
expect_eq "stalls the proxy made" "1" "$(proxy_said 'stalled /v2/rf/blobs')"
((SECONDS - started < 30)) || fail "the stalled pull took $((SECONDS - started))s: the timeout did not end the stall"
payload_ok "$proxy/rf:1"
docker rmi "$proxy/rf:1" >/dev/null || fail "docker rmi after the stalled pull"

step "a layer that does not match its digest: a clear error, nothing stored"
set_mode corrupt
images_before="$(docker images -aq | sort | tr '\n' ' ')"
status=0
out="$(pull_image)" || status=$?
((status != 0)) || fail "a pull of a corrupt layer succeeded: $out"
printf '    (%s)\n' "$(tail -n1 <<<"$out")"
expect_contains "the error" "$layer" "$out"
expect_contains "a layer that does not match its digest (Docker's wording)" "filesystem layer verification failed for digest $layer" "$out"
(($(proxy_said 'changed a byte') >= 1)) || fail "the proxy changed no byte"
expect_eq "images after the bad pull" "$images_before" "$(docker images -aq | sort | tr '\n' ' ')"
no_layer_stored "$layer"
ping_ok "$(sock_of main)" || fail "berthd stopped answering after the bad pull"
set_mode pass
out="$(pull_image)" || fail "docker pull once the registry behaves: $out"
payload_ok "$proxy/rf:1"

step "a config that does not match its digest: Docker's error, nothing stored"
config="$(pushed rfc 'LABEL fault=config' '.config.digest')"
[[ $config == sha256:* ]] || fail "no config digest in the manifest of rfc:1: $config"
images_before="$(docker images -aq | sort | tr '\n' ' ')"
set_mode corrupt-config
status=0
out="$(timeout 60 docker pull -q "$proxy/rfc:1" 2>&1)" || status=$?
set_mode pass
((status != 0)) || fail "a pull of a corrupt config succeeded: $out"
expect_contains "a config that does not match its digest (Docker's wording)" \
    "error pulling image configuration: image config verification failed for digest $config" "$out"
expect_eq "images after the bad config" "$images_before" "$(docker images -aq | sort | tr '\n' ' ')"
no_layer_stored "$config"

# with_new_payload FROM NAME: FROM with a new 4 MiB payload, committed as
# NAME; $want becomes the payload's digest.
with_new_payload() {
    timeout 30 docker run --name payload "$1" sh -c 'head -c 4194304 /dev/urandom >/payload' || fail "docker run $1"
    timeout 60 docker commit payload "$2" >/dev/null || fail "docker commit as $2"
    want="$(docker cp payload:/payload - | tar -xO payload | sha256sum | cut -d' ' -f1)"
    docker rm payload >/dev/null
}

step "a push whose upload is cut is retried, and the registry's image is whole"
with_new_payload "$proxy/rf:1" "$proxy/rf2:1"
set_mode drop-upload-once
out="$(timeout 60 docker push "$proxy/rf2:1" 2>&1)" || fail "docker push with a cut upload: $out"
expect_eq "cut uploads" "1" "$(proxy_said 'cut the upload')"
docker rmi "$proxy/rf2:1" >/dev/null || fail "docker rmi $proxy/rf2:1"
out="$(timeout 60 docker pull -q "$reg/rf2:1" 2>&1)" || fail "docker pull of what was pushed: $out"
payload_ok "$reg/rf2:1"

step "a push whose upload stalls past the timeout is retried, and the registry's image is whole"
with_new_payload "$reg/rf2:1" "$proxy/rf3:1"
set_mode stall-upload-once
started=$SECONDS
out="$(timeout 60 docker push "$proxy/rf3:1" 2>&1)" || fail "docker push with a stalled upload: $out"
expect_eq "stalled uploads" "1" "$(proxy_said 'stalled the upload')"
((SECONDS - started < 30)) || fail "the stalled push took $((SECONDS - started))s: the timeout did not end the stall"
docker rmi "$proxy/rf3:1" >/dev/null || fail "docker rmi $proxy/rf3:1"
out="$(timeout 60 docker pull -q "$reg/rf3:1" 2>&1)" || fail "docker pull of what was pushed: $out"
payload_ok "$reg/rf3:1"

step "a restart finds nothing damaged"
log_from=$(($(wc -l <"$(log_of main)") + 1))
stop_berthd main
start_berthd main
damaged="$(tail -n +"$log_from" "$(log_of main)" | grep -i 'damaged\|unpacked again' || true)"
[[ -z $damaged ]] || fail "the store check after the restart found something: $damaged"
payload_ok "$reg/rf3:1" # $want is the last push's
echo "PASS fault_registry"
