#!/usr/bin/env bash
# A data root that runs out of space loses nothing (issue 14, part 7), with the
# real docker CLI and a registry on loopback. berthd's --data-root is a tmpfs
# of its own (size-limited, unmounted by lib.sh's cleanup); before each
# operation a filler file takes all but a little of it, so the operation's
# layer, blob or file cannot fit. Each of pull, load, commit, import and
# docker cp into a container must:
#   - fail with an error naming the cause (Docker's "no space left on device");
#   - leave nothing half-written (no new image, and the data root holds the
#     same bytes as before the operation, give or take a few records);
#   - leave berthd serving (/_ping, docker ps);
#   - succeed, the same command, once the filler is gone.
# A push on a data root with 1 MiB left needs no room for its 8 MiB layer.
# Log writes that meet a full disk are dropped with a logged reason, never
# half-written, and resume once there is room. A restart on the same data
# root at the end finds nothing damaged.
#   fault_diskfull_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
acc_setup "$@"
need_busybox
registry_tools_or_skip
command -v fallocate >/dev/null || skip "fallocate (util-linux) is not installed"
command -v mount >/dev/null || skip "mount is not installed"

data="$(data_root_of main)"
mkdir -p "$data"
mount -t tmpfs -o size=96m,mode=0711 "berth-diskfull" "$data" || skip "cannot mount a tmpfs (not root?)"
use_daemon main
start_registry plain
reg="$(registry_addr plain)"

FILLER="$data/filler"
# fill_leaving KIB: the filler takes all the data root's free space but KIB KiB
# (64 KiB more, as a running container may write meanwhile); with 0, it then
# takes the rest too, to the last byte.
fill_leaving() {
    rm -f "$FILLER"
    local avail attempt
    for attempt in 1 2 3 4 5; do
        avail=$(df --output=avail -B1 "$data" | tail -n1 | tr -d ' ')
        ((avail > $1 * 1024 + 65536)) || fail "the data root has only $avail bytes free"
        fallocate -l $((avail - $1 * 1024 - 65536)) "$FILLER" 2>/dev/null && break
        ((attempt < 5)) || fail "fallocate of the filler kept failing"
    done
    if (($1 == 0)); then cat /dev/zero >>"$FILLER" 2>/dev/null || true; fi
}
free_space() { rm -f "$FILLER"; }
# The bytes the data root holds, the filler aside (du of a tmpfs is exact).
used_kib() { du -sk --exclude=filler "$data" | cut -f1; }

# expect_no_space WHAT OUTPUT: the error names the cause as Docker does.
expect_no_space() {
    [[ $2 == *"no space left on device"* ]] || fail "$1: the error does not say 'no space left on device': $2"
}

# still_serving WHAT: /_ping and docker ps answer.
still_serving() {
    ping_ok "$(sock_of main)" || fail "$1: berthd stopped answering /_ping"
    docker ps >/dev/null || fail "$1: docker ps failed"
}

# nothing_left WHAT USED_BEFORE IMAGES_BEFORE: no new image, the data root holds
# what it held before (64 KiB of slack for records and logs written meanwhile).
nothing_left() {
    local what=$1 before=$2 images_before=$3 now
    now=$(used_kib)
    ((now <= before + 64)) || fail "$what: the failed operation left $((now - before)) KiB behind in the data root:
$(find "$data" -newer "$ACC_TMP/mark" -type f -not -name filler -printf '%s %p\n' | sort -n | tail -n 10)"
    expect_eq "$what: images listed" "$images_before" "$(docker images -a --no-trunc -q | sort | tr '\n' ' ')"
    local df_out
    df_out="$(docker system df 2>&1)" || fail "$what: docker system df failed: $df_out"
}

# faulted [--leaving KIB] WHAT CMD...: with the data root full (but KIB KiB,
# 1024 unless said), CMD fails for lack of space and leaves nothing; then, with
# space again, it succeeds.
faulted() {
    local leaving=1024
    if [[ $1 == --leaving ]]; then
        leaving=$2
        shift 2
    fi
    local what=$1
    shift
    local before images_before out status=0
    before=$(used_kib)
    images_before="$(docker images -a --no-trunc -q | sort | tr '\n' ' ')"
    touch "$ACC_TMP/mark"
    fill_leaving "$leaving"
    step "$what on a full data root: a clear error, nothing left"
    out="$(timeout 60 "$@" 2>&1)" || status=$?
    ((status != 0)) || fail "$what succeeded on a full data root: $out"
    ((status != 124)) || fail "$what hung on a full data root"
    expect_no_space "$what" "$out"
    printf '    (%s)\n' "$(tail -n1 <<<"$out")"
    still_serving "$what"
    free_space
    nothing_left "$what" "$before" "$images_before"
    step "$what once there is room again: it succeeds"
    out="$(timeout 60 "$@" 2>&1)" || fail "$what after space was freed: $out"
}

# Uncompressible payloads, far more than the 1 MiB left free.
rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
head -c 8M /dev/urandom >"$rootfs/payload"
tar -C "$rootfs" -cf "$ACC_TMP/base.tar" .
timeout 60 docker import -c 'CMD ["sh"]' "$ACC_TMP/base.tar" df:base >/dev/null || fail "docker import df:base"
head -c 8M /dev/urandom >"$ACC_TMP/cp-payload"

# pull: an image with one more 8 MiB layer, pushed and then removed here.
timeout 30 docker run --name pushsrc df:base sh -c 'head -c 8388608 /dev/urandom >/pulled' || fail "docker run pushsrc"
timeout 60 docker commit pushsrc "$reg/df:pull" >/dev/null || fail "docker commit pushsrc"
docker rm pushsrc >/dev/null
timeout 60 docker push -q "$reg/df:pull" >/dev/null || fail "docker push $reg/df:pull"
docker rmi "$reg/df:pull" >/dev/null || fail "docker rmi $reg/df:pull"
faulted "docker pull" docker pull -q "$reg/df:pull"
expect_eq "the pulled file" "8388608" "$(timeout 30 docker run --rm "$reg/df:pull" stat -c %s /pulled)"
# Room for the layer's blob (8 MiB) but not for its snapshot as well (both are
# written at once, as the layer streams in): both are cut.
docker rmi "$reg/df:pull" >/dev/null || fail "docker rmi $reg/df:pull"
faulted --leaving 12288 "docker pull (room for the blob, not the snapshot as well)" docker pull -q "$reg/df:pull"
expect_eq "the pulled file" "8388608" "$(timeout 30 docker run --rm "$reg/df:pull" stat -c %s /pulled)"

# load: an archive of an image whose layer is not in the store.
timeout 60 docker save -o "$ACC_TMP/loaded.tar" "$reg/df:pull" || fail "docker save"
docker rmi "$reg/df:pull" >/dev/null || fail "docker rmi before the load"
faulted "docker load" docker load -q -i "$ACC_TMP/loaded.tar"
expect_eq "the loaded file" "8388608" "$(timeout 30 docker run --rm "$reg/df:pull" stat -c %s /pulled)"
# Room for the upload (spooled first) but not for its layer in the store.
docker rmi "$reg/df:pull" >/dev/null || fail "docker rmi before the second load"
faulted --leaving $(($(stat -c %s "$ACC_TMP/loaded.tar") / 1024 + 2048)) "docker load (room for the upload, not the layer)" \
    docker load -q -i "$ACC_TMP/loaded.tar"
expect_eq "the loaded file" "8388608" "$(timeout 30 docker run --rm "$reg/df:pull" stat -c %s /pulled)"

# commit: a container whose writable layer holds 8 MiB (written before the fill).
timeout 30 docker run --name committed df:base sh -c 'head -c 8388608 /dev/urandom >/changed' || fail "docker run committed"
faulted "docker commit" docker commit committed df:committed
expect_eq "the committed file" "8388608" "$(timeout 30 docker run --rm df:committed stat -c %s /changed)"

# push: reads the layer (kept as a tar at the commit) and writes only the
# image's record (its new repo digest), so 1 MiB of room is enough for an 8 MiB
# layer; the registry's copy pulls back whole.
tag="$reg/df:pushed-full"
docker tag df:committed "$tag" || fail "docker tag $tag"
before=$(used_kib)
touch "$ACC_TMP/mark"
fill_leaving 1024
step "docker push on a data root with no room for its layer: it needs none and succeeds"
out="$(timeout 60 docker push -q "$tag" 2>&1)" || fail "docker push on a full data root: $out"
still_serving "docker push"
free_space
((used_kib_now = $(used_kib), used_kib_now <= before + 64)) || fail "docker push left $((used_kib_now - before)) KiB in the data root"
docker rmi "$tag" >/dev/null || fail "docker rmi $tag"
out="$(timeout 60 docker pull -q "$tag" 2>&1)" || fail "docker pull of what was pushed on a full data root: $out"
expect_eq "the file pushed on a full data root" "8388608" "$(timeout 30 docker run --rm "$tag" stat -c %s /changed)"

# import: the same 8 MiB tar again, as a new image.
faulted "docker import" docker import "$ACC_TMP/base.tar" df:imported
expect_eq "the imported file" "8388608" "$(timeout 30 docker run --rm df:imported stat -c %s /payload)"
faulted --leaving $(($(stat -c %s "$ACC_TMP/base.tar") / 1024 + 2048)) "docker import (room for the upload, not the layer)" \
    docker import "$ACC_TMP/base.tar" df:imported2
expect_eq "the imported file" "8388608" "$(timeout 30 docker run --rm df:imported2 stat -c %s /payload)"

# docker cp into a container: the file lands in its writable layer.
timeout 30 docker create --name cpdest df:base true >/dev/null || fail "docker create cpdest"
faulted "docker cp" docker cp "$ACC_TMP/cp-payload" cpdest:/copied
timeout 30 docker cp cpdest:/copied "$ACC_TMP/copied-back" || fail "docker cp back"
cmp -s "$ACC_TMP/cp-payload" "$ACC_TMP/copied-back" || fail "the copied file differs from what was copied in"

step "log writes on a full data root: dropped with a logged reason, whole lines only, and they resume"
logger="$(timeout 30 docker run -d --name logger df:base \
    sh -c 'i=0; while :; do i=$((i + 1)); echo "tick $i $(head -c 300 /dev/zero | tr "\0" x)"; sleep 0.02; done')" ||
    fail "docker run logger"
wait_for 10 "the first log lines" bash -c "docker logs logger 2>/dev/null | grep -q 'tick 5 '"
fill_leaving 0
sleep 2
still_serving "logging"
expect_eq "the logger's state on a full disk" "running" "$(docker inspect logger --format '{{.State.Status}}')"
free_space
last_full="$(docker logs logger 2>/dev/null | tail -n1 | cut -d' ' -f2)"
logfile="$(docker inspect logger --format '{{.LogPath}}')"
last_tick() { docker logs logger 2>/dev/null | tail -n1 | cut -d' ' -f2; }
deadline=$((SECONDS + 10))
until (($(last_tick) > last_full + 10)); do
    ((SECONDS < deadline)) || fail "no log lines after space was freed (last tick $(last_tick), $last_full on the full disk; docker logs says: $(docker logs logger 2>&1 >/dev/null | head -c 300); the file ends: $(tail -c 600 "$logfile"))"
    sleep 0.2
done
[[ -f $logfile ]] || fail "no log file at $logfile"
jq -c . "$logfile" >/dev/null 2>"$ACC_TMP/jq.err" || fail "the log file has a broken line: $(head -c 300 "$ACC_TMP/jq.err")"
out="$(docker logs logger 2>&1 >/dev/null)" && [[ -z $out ]] || fail "docker logs complains: $out"
said="$(grep "logging for $logger" "$(log_of main)" || true)"
expect_eq "berthd's lines about the dropped output (once when it began, once when it ended)" "2" "$(wc -l <<<"$said")"
expect_contains "why the output was dropped" "no space left on device" "$said"
expect_contains "that the output is logged again" "writing again" "$said"
docker rm -f logger >/dev/null || fail "docker rm -f logger"

step "a restart on the same data root finds nothing damaged"
log_from=$(($(wc -l <"$(log_of main)") + 1))
stop_berthd main
start_berthd main
damaged="$(tail -n +"$log_from" "$(log_of main)" | grep -i 'damaged\|unpacked again\|missing' || true)"
[[ -z $damaged ]] || fail "the store check after the restart found something: $damaged"
for image in df:base "$reg/df:pull" df:committed df:imported df:imported2; do
    expect_eq "$image runs" "ok" "$(timeout 30 docker run --rm "$image" echo ok)"
done
echo "PASS fault_diskfull"
