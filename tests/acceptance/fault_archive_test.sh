#!/usr/bin/env bash
# docker export and docker save never hand over a broken archive (issue 14,
# part 2), with the real docker CLI: what can be checked before the first byte
# (a started container's writable layer, the image's snapshots, every blob and
# its digest) is a JSON error and nothing on stdout; a file or blob that
# shrinks after the stream began (truncated while a slow reader holds the
# stream back) ends the chunked answer without its last chunk, so the CLI
# exits non-zero, and berthd logs why.
#   fault_archive_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
use_daemon main
data="$(data_root_of main)"

# 24 MiB that cannot be compressed: far more than berthd's 1 MiB window, the
# socket's and the pipe's buffers, so a reader that sleeps holds the stream
# back in the middle of it.
rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
head -c 24M /dev/urandom >"$rootfs/big"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
timeout 60 docker import "$ACC_TMP/rootfs.tar" fa:export >/dev/null || fail "docker import fa:export"
timeout 60 docker import "$ACC_TMP/rootfs.tar" fa:save >/dev/null || fail "docker import fa:save"

# slow_reader OUT CMD...: CMD's stdout reaches OUT only after 3 s (meanwhile
# berthd's stream waits on its window); finish_slow_reader then leaves CMD's exit
# status in SLOW_STATUS and its stderr in SLOW_ERR.
SLOW_PID=""
SLOW_STATUS=""
SLOW_ERR=""
slow_reader() {
    local out=$1
    shift
    {
        local status=0
        "$@" 2>"$ACC_TMP/slow.err" || status=$?
        echo "$status" >"$ACC_TMP/slow.status"
    } | {
        sleep 3
        cat >"$out"
    } &
    SLOW_PID=$!
}
finish_slow_reader() {
    wait "$SLOW_PID" || true
    SLOW_STATUS="$(cat "$ACC_TMP/slow.status")"
    SLOW_ERR="$(cat "$ACC_TMP/slow.err")"
}

step "docker export of a started container whose writable layer is gone: a JSON error, nothing on stdout"
timeout 30 docker run --name gone fa:export sh -c 'echo mine >/mine' || fail "docker run gone"
gone_id="$(docker inspect gone --format '{{.Id}}')"
upper="$(docker inspect gone --format '{{.GraphDriver.Data.UpperDir}}')"
[[ -d $upper && $upper == "$data"/* ]] || fail "the UpperDir of gone is not a directory under the data root: $upper"
rm -rf "$upper"
status=0
err="$(timeout 60 docker export gone 2>&1 >"$ACC_TMP/gone.tar")" || status=$?
((status != 0)) || fail "docker export of a container without its writable layer succeeded"
expect_contains "the error" "the writable layer of container $gone_id is missing" "$err"
expect_eq "bytes written" "0" "$(stat -c %s "$ACC_TMP/gone.tar")"
[[ ! -d $upper ]] || fail "the export made a new, empty writable layer at $upper"
docker rm gone >/dev/null || fail "docker rm gone"

step "docker export whose image snapshot is gone: a JSON error, nothing on stdout"
timeout 30 docker create --name nosnap fa:save true >/dev/null || fail "docker create nosnap"
chain="$(docker image inspect fa:save --format '{{index .RootFS.Layers 0}}')" # one layer: its chain ID is its DiffID
snapshot="$(find "$data" -maxdepth 4 -type d -name "${chain#sha256:}" -path '*snapshot*' | head -n1)"
[[ -n $snapshot && -d $snapshot/fs ]] || fail "no snapshot directory of $chain under $data"
mv "$snapshot/fs" "$snapshot/fs.aside"
status=0
err="$(timeout 60 docker export nosnap 2>&1 >"$ACC_TMP/nosnap.tar")" || status=$?
((status != 0)) || fail "docker export of a container whose image has no snapshot succeeded"
expect_eq "bytes written" "0" "$(stat -c %s "$ACC_TMP/nosnap.tar")"
[[ -n $err ]] || fail "docker export failed without a message"
mv "$snapshot/fs.aside" "$snapshot/fs"
docker rm nosnap >/dev/null || fail "docker rm nosnap"

step "docker export: a file that shrinks while it streams ends the stream with an error, logged"
timeout 30 docker create --name shrink fa:export true >/dev/null || fail "docker create shrink"
big="$(find "$data" -type f -name big -path '*/fs/big' | head -n1)"
[[ -n $big ]] || fail "no snapshot file 'big' under $data"
slow_reader "$ACC_TMP/shrink.tar" timeout 60 docker export shrink
sleep 1.5
truncate -s 1M "$big"
finish_slow_reader
((SLOW_STATUS != 0)) || fail "docker export of a file that shrank exited 0"
[[ $SLOW_ERR == *"unexpected EOF"* ]] || fail "docker export's error is not the cut stream's: $SLOW_ERR"
wait_for 10 "berthd to log the cut export" grep -q "export stopped midway: .*big.*shrank while it was archived" \
    "$(log_of main)"
# And the same export, now that the file stays as it is, is whole.
timeout 60 docker export shrink >"$ACC_TMP/whole.tar" || fail "docker export shrink after the fault"
expect_eq "the file in the whole export" "1048576" "$(tar -tvf "$ACC_TMP/whole.tar" big | awk '{print $3}')"
docker rm shrink >/dev/null || fail "docker rm shrink"

step "docker save of an image whose blob was damaged before: a JSON error, nothing on stdout"
layer="$(docker image inspect fa:save --format '{{index .RootFS.Layers 0}}')"
blob="$(find "$data" -type f -name "${layer#sha256:}" -path '*blobs*' | head -n1)"
[[ -n $blob ]] || fail "no content-store blob of $layer under $data"
cp "$blob" "$ACC_TMP/blob.good"
printf 'X' | dd of="$blob" bs=1 seek=5000 conv=notrunc status=none
status=0
err="$(timeout 60 docker save fa:save 2>&1 >"$ACC_TMP/damaged.tar")" || status=$?
((status != 0)) || fail "docker save of a damaged blob succeeded"
expect_contains "the error" "cannot be saved" "$err"
expect_eq "bytes written" "0" "$(stat -c %s "$ACC_TMP/damaged.tar")"
cp "$ACC_TMP/blob.good" "$blob"

step "docker save: a blob truncated while it streams ends the stream with an error, logged"
slow_reader "$ACC_TMP/cut.tar" timeout 60 docker save fa:save
sleep 1.5
truncate -s 1M "$blob"
finish_slow_reader
((SLOW_STATUS != 0)) || fail "docker save of a blob that shrank exited 0"
[[ $SLOW_ERR == *"unexpected EOF"* ]] || fail "docker save's error is not the cut stream's: $SLOW_ERR"
wait_for 10 "berthd to log the cut save" grep -q "images/get stopped midway: .*bytes, .* were expected" \
    "$(log_of main)"
cp "$ACC_TMP/blob.good" "$blob"
timeout 60 docker save fa:save >"$ACC_TMP/saved.tar" || fail "docker save after the blob was put back"
tar -tf "$ACC_TMP/saved.tar" "blobs/sha256/${layer#sha256:}" >/dev/null || fail "the saved archive lacks the layer"

step "berthd still serves"
expect_eq "a container" "ok" "$(timeout 30 docker run --rm fa:export echo ok)"
echo "PASS fault_archive"
