#!/usr/bin/env bash
# Hostile and random tar archives against a real berthd (issue 14, part 7):
# each archive of hostile_tars.py (entries leading out with ../ or absolute
# names, symlinks and hard links leading out, huge and broken headers,
# docker-archive manifests naming files outside the archive, and seeded random
# mutations of them) is sent to docker load (POST /images/load), docker import
# (POST /images/create?fromSrc=-) and docker cp into a container (PUT
# /containers/{id}/archive). Each answer must be a success or a client error
# (4xx), never a server error; berthd must keep answering; nothing may appear
# in, or change in, the canary directory every escape aims at.
# BERTH_FUZZ_SEED picks the mutations (printed, to replay a failure);
# BERTH_FUZZ_TARS their number (default 30; a nightly run takes more).
#   fault_tar_fuzz_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
command -v python3 >/dev/null || skip "python3 is not installed"
use_daemon main
sock="$(sock_of main)"

seed=${BERTH_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}
count=${BERTH_FUZZ_TARS:-30}
echo "BERTH_FUZZ_SEED=$seed BERTH_FUZZ_TARS=$count"

canary="$ACC_TMP/canary"
mkdir -p "$canary"
echo secret >"$canary/secret"
canary_state() { (cd "$canary" && find . -printf '%p %s %m %y\n' | sort && cat secret); }
canary_before="$(canary_state)"

python3 "$(dirname "${BASH_SOURCE[0]}")/hostile_tars.py" "$seed" "$count" "$ACC_TMP/tars" "$canary" ||
    fail "hostile_tars.py could not make the archives"

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -cf "$ACC_TMP/base.tar" .
timeout 60 docker import "$ACC_TMP/base.tar" fuzz/base:1 >/dev/null || fail "docker import fuzz/base:1"
target="$(timeout 30 docker create fuzz/base:1 true)" || fail "docker create"

# send METHOD PATH FILE: the archive as the body; prints the HTTP status.
send() {
    curl -s -o "$ACC_TMP/answer" -w '%{http_code}' --max-time 60 --unix-socket "$sock" -X "$1" \
        -H 'Content-Type: application/x-tar' --data-binary "@$3" "http://berthd$2" || true
}

# Server errors are gathered (every finding at once), escapes and silence end the test.
sent=0
errors=()
for archive in "$ACC_TMP"/tars/*.tar; do
    name="$(basename "$archive")"
    for request in "POST /images/load?quiet=1" "POST /images/create?fromSrc=-&repo=fuzz/imported&tag=${name%%-*}" \
        "PUT /containers/$target/archive?path=/"; do
        status="$(send "${request%% *}" "${request#* }" "$archive")"
        [[ $status == [24]?? ]] ||
            errors+=("${request%%\?*} with $name: status '$status': $(head -c 300 "$ACC_TMP/answer")")
        sent=$((sent + 1))
    done
    ping_ok "$sock" || fail "berthd stopped answering after $name (BERTH_FUZZ_SEED=$seed)"
    [[ "$(canary_state)" == "$canary_before" ]] ||
        fail "$name (BERTH_FUZZ_SEED=$seed) reached the canary directory: $(canary_state)"
done
((${#errors[@]} == 0)) || fail "server errors (BERTH_FUZZ_SEED=$seed):
$(printf '  %s\n' "${errors[@]}")"
step "$sent requests with $(find "$ACC_TMP/tars" -name '*.tar' | wc -l) archives: no server error, no escape"

step "berthd still works: the container, the images it has, a new container"
# (The fuzzed container itself may no longer start: its files are what the
# archives made of them, /dev a device perhaps. Docker's would not either.)
docker inspect "$target" >/dev/null || fail "docker inspect of the container archives were put into"
timeout 30 docker run --rm fuzz/base:1 true || fail "docker run after the fuzzing"
for image in $(docker images -q | sort -u); do
    docker image inspect "$image" >/dev/null || fail "docker image inspect $image"
done
if grep -q "internal error" "$(log_of main)"; then fail "berthd logged an internal error"; fi
echo "PASS fault_tar_fuzz"
