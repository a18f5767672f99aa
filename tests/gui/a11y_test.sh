#!/usr/bin/env bash
# The accessibility test: the real `berth` app under Xvfb, in a D-Bus session of
# its own with at-spi2-core's accessibility bus, against a real berthd, walked
# by a11y_walk.py through AT-SPI as a screen reader would.
# Usage: a11y_test.sh BERTHD BERTH [--strict]. Exit 77 (skipped) when Xvfb,
# dbus-run-session, at-spi2-core or Python's Atspi bindings are missing.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ ${1:-} == --inner ]]; then
    # Inside dbus-run-session: an X server, the accessibility bus, the app, the walk.
    shift
    tmp=$1 host=$2 berth=$3
    shift 3
    pids=()
    cleanup() {
        local pid
        for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
        for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    }
    trap cleanup EXIT
    Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$tmp/display" 2>"$tmp/xvfb.log" &
    pids+=($!)
    for _ in $(seq 100); do [[ -s $tmp/display ]] && break; sleep 0.05; done
    [[ -s $tmp/display ]] || { echo "FAIL: Xvfb did not start: $(cat "$tmp/xvfb.log")"; exit 1; }
    export DISPLAY=":$(cat "$tmp/display")"
    /usr/libexec/at-spi-bus-launcher --launch-immediately >"$tmp/atspi.log" 2>&1 &
    pids+=($!)
    export QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1 NO_AT_BRIDGE=0
    export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=en
    "$berth" --host "$host" >"$tmp/berth.log" 2>&1 &
    local_berth=$!
    pids+=("$local_berth")
    status=0
    python3 "$HERE/a11y_walk.py" --pid "$local_berth" "$@" || status=$?
    if ((status == 1)); then echo "--- berth's output:"; tail -n 30 "$tmp/berth.log"; fi
    exit "$status"
fi

# shellcheck source=../acceptance/lib.sh
source "$HERE/../acceptance/lib.sh"
acc_setup "$1"
BERTH=$2
shift 2
for tool in Xvfb dbus-run-session python3; do
    command -v "$tool" >/dev/null || skip "$tool is not installed"
done
[[ -x /usr/libexec/at-spi-bus-launcher ]] || skip "at-spi2-core is not installed"
python3 -c 'import gi; gi.require_version("Atspi", "2.0"); from gi.repository import Atspi' 2>/dev/null ||
    skip "python3-gi with gir1.2-atspi-2.0 is not installed"
use_daemon main
# Something for the dialogs and the grouped tree to show: an image (named for a
# registry on loopback port 9, where nothing listens, so Push is refused without
# leaving the machine) and a compose project's container (its header row).
BUSYBOX="$(command -v busybox || true)"
if [[ -n $BUSYBOX ]]; then
    make_busybox_rootfs "$ACC_TMP/rootfs"
    tar -C "$ACC_TMP/rootfs" -c . | docker import - 127.0.0.1:9/berth-a11y:1 >/dev/null || fail "docker import"
    docker create --network none --label com.docker.compose.project=a11yproject --name "a11y-web-$$" \
        127.0.0.1:9/berth-a11y:1 sleep 60 >/dev/null || fail "docker create"
    # A second top-level row: the walk selects the last row through AT-SPI and
    # checks that it becomes the current one.
    docker create --network none --name "a11y-solo-$$" 127.0.0.1:9/berth-a11y:1 sleep 60 >/dev/null ||
        fail "docker create"
    set -- "$@" --dialogs
fi

step "the app's accessibility tree, walked through AT-SPI"
status=0
# Alone the walk takes ~50 s; on a loaded machine each AT-SPI call can take seconds.
timeout 260 dbus-run-session -- bash "$HERE/a11y_test.sh" --inner "$ACC_TMP" "$DOCKER_HOST" "$BERTH" "$@" || status=$?
((status == 77)) && skip "the app did not appear on the accessibility bus"
((status == 0)) || fail "the accessibility walk failed (status $status)"
echo "PASS"
