#!/usr/bin/env bash
# The desktop app's figures (issue 10 §6): app_bench (the real MainWindow)
# against a berthd of its own running N busybox containers, under Xvfb with real
# fonts (offscreen when Xvfb is missing). Not a test: it prints figures (see
# README.md).
#
#   app_bench.sh /path/to/berthd /path/to/app_bench [N]    (N containers, default 50)
#
# Everything made here is removed on exit (lib.sh's trap: the containers, the
# berthd and its data root; the X server is a tracked helper).
source "$(dirname "${BASH_SOURCE[0]}")/../acceptance/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
acc_setup "${1:-}"
APP_BENCH="${2:-}"
N="${3:-50}"
[[ -x $APP_BENCH ]] || fail "usage: app_bench.sh BERTHD APP_BENCH [N] (app_bench is built with the GUI tests)"
[[ $N =~ ^[1-9][0-9]*$ ]] || fail "N must be a positive number, got '$N'"
need_busybox
use_daemon app

step "starting $N containers"
make_busybox_rootfs "$ACC_TMP/rootfs"
tar -C "$ACC_TMP/rootfs" -c . | docker import - app-bench:1 >/dev/null || fail "docker import"
for ((i = 1; i <= N; i++)); do
    docker run -d --network none --name "app-bench-$i" app-bench:1 sleep 3600 >/dev/null || fail "docker run $i"
done

export XDG_CONFIG_HOME="$ACC_TMP/config" LANG=C.UTF-8 LC_ALL=C.UTF-8
if command -v Xvfb >/dev/null; then
    Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$ACC_TMP/display" 2>"$ACC_TMP/xvfb.log" &
    track_helper $!
    wait_for 5 "Xvfb's display" test -s "$ACC_TMP/display"
    export DISPLAY=":$(cat "$ACC_TMP/display")" QT_QPA_PLATFORM=xcb
else
    echo "Xvfb is not installed: measuring on Qt's offscreen platform"
    export QT_QPA_PLATFORM=offscreen
fi
step "the app"
BENCH_T0_US="$(now)" "$APP_BENCH" "$DOCKER_HOST" "$N"
