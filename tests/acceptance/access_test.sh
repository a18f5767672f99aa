#!/usr/bin/env bash
# Who may use the socket: root and members of the socket group (--group), first by
# the socket file's mode (0660 root:group), then by berthd's own SO_PEERCRED /
# SO_PEERGROUPS check, isolated here by opening the file mode to everyone.
#   access_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
[[ $EUID == 0 ]] || skip "needs root (to switch users with setpriv)"
command -v setpriv >/dev/null || skip "setpriv is not installed"

nobody=65534
# A gid no group has, so no user on this machine is in it by accident.
sockgid=$((4000 + RANDOM % 20000))
while getent group "$sockgid" >/dev/null; do sockgid=$((4000 + RANDOM % 20000)); done

# Other users must reach the socket through the temp dir (mktemp makes it 0700).
chmod 0755 "$ACC_TMP" "$ACC_TMP/docker-config"
mapfile -t args < <(berthd_args main)
launch_berthd main "$(sock_of main)" "${args[@]}" --group "$sockgid"
sock="$(sock_of main)"
DOCKER_HOST="unix://$sock"
export DOCKER_HOST
want_version="$(berthd_version)"

# as_user SETPRIV_ARGS... -- CMD...: run CMD as uid 65534 with the given groups.
as_user() {
    local -a ids=()
    while [[ $1 != -- ]]; do
        ids+=("$1")
        shift
    done
    shift
    HOME=/nonexistent timeout 30 setpriv --reuid "$nobody" "${ids[@]}" -- "$@"
}

step "the socket is 0660 root:$sockgid"
expect_eq "socket mode, owner uid and group gid (stat)" "660 0 $sockgid" "$(stat -c '%a %u %g' "$sock")"

step "root is admitted"
out="$(docker version --format '{{.Server.Version}}' 2>&1)" || fail "docker version as root failed: $out"
expect_eq "docker version as root" "$want_version" "$out"

step "uid $nobody outside the group is stopped by the file mode"
status=0
out="$(as_user --regid "$nobody" --clear-groups -- docker version 2>&1)" || status=$?
[[ $status != 0 ]] || fail "docker version as uid $nobody (not in gid $sockgid) succeeded through a 0660 socket: $out"
expect_contains "docker version as uid $nobody through the 0660 socket" "permission denied" "$out"

step "with the file mode opened (0666), berthd itself refuses uid $nobody outside the group"
chmod 0666 "$sock"
status=0
out="$(as_user --regid "$nobody" --clear-groups -- docker version 2>&1)" || status=$?
[[ $status != 0 ]] || fail "docker version as uid $nobody (not in gid $sockgid) was admitted by berthd: $out"
expect_contains "docker version as uid $nobody, refused by berthd" \
    "Error response from daemon: access denied: uid $nobody is neither root nor a member of the berthd socket group (gid $sockgid)" \
    "$out"
status=0
out="$(as_user --regid "$nobody" --clear-groups -- \
    curl -s --max-time 10 --unix-socket "$sock" -w '\n%{http_code}' http://berthd/v1.45/info)" || status=$?
expect_eq "curl GET /v1.45/info as uid $nobody: curl exit status" "0" "$status"
expect_eq "GET /v1.45/info as uid $nobody: status" "403" "${out##*$'\n'}"
expect_contains "GET /v1.45/info as uid $nobody: message" "access denied: uid $nobody" \
    "$(jq -r .message <<<"${out%$'\n'*}")"
log="$(cat "$(log_of main)")"
expect_contains "berthd log after a refused connection" \
    "level=warning msg=\"refused connection from pid" "$log"
expect_contains "berthd log after a refused connection" "uid $nobody gid $nobody: access denied" "$log"

step "uid $nobody with primary group $sockgid is admitted"
out="$(as_user --regid "$sockgid" --clear-groups -- docker version --format '{{.Server.Version}}' 2>&1)" ||
    fail "docker version as uid $nobody gid $sockgid was refused: $out"
expect_eq "docker version as uid $nobody gid $sockgid" "$want_version" "$out"

step "uid $nobody with supplementary group $sockgid is admitted"
out="$(as_user --regid "$nobody" --groups "$sockgid" -- docker version --format '{{.Server.Version}}' 2>&1)" ||
    fail "docker version as uid $nobody gid $nobody groups $sockgid was refused: $out"
expect_eq "docker version as uid $nobody with supplementary group $sockgid" "$want_version" "$out"

step "with the socket back at 0660, a group member gets in through the file mode too"
chmod 0660 "$sock"
out="$(as_user --regid "$nobody" --groups "$sockgid" -- docker version --format '{{.Server.Version}}' 2>&1)" ||
    fail "docker version as uid $nobody with supplementary group $sockgid through the 0660 socket failed: $out"
expect_eq "docker version as a group member through the 0660 socket" "$want_version" "$out"

step "--group takes a group name too"
if group_line="$(getent group nogroup)"; then
    named_gid="$(cut -d: -f3 <<<"$group_line")"
    mapfile -t args < <(berthd_args named)
    launch_berthd named "$(sock_of named)" "${args[@]}" --group nogroup
    expect_eq "socket of a daemon started with --group nogroup (mode uid gid)" "660 0 $named_gid" \
        "$(stat -c '%a %u %g' "$(sock_of named)")"
    stop_berthd named
    expect_eq "berthd exit status on SIGTERM" "0" "$STOP_STATUS"
else
    echo "(no group named nogroup here: skipped)"
fi

echo "PASS ($ACC_TEST_NAME)"
