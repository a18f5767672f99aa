#!/usr/bin/env bash
# Berth's development environment: every build, test and run goes through here.
#
#   packaging/dev.sh run              build, start berthd, open the GUI against it
#   packaging/dev.sh test             build and run the whole suite with ctest (what CI runs)
#   packaging/dev.sh asan             the engine under ASan/UBSan: its build and its unit, api,
#                                     privileged and cli tests (a scheduled job: .ci/asan)
#   packaging/dev.sh build            build only
#   packaging/dev.sh fuzz             the nightly fuzz job: every fuzz target under ASan/UBSan,
#                                     10 minutes each (BERTH_FUZZ_SECONDS), random seeds, and
#                                     the image store's model with a random seed (BERTH_MODEL_STEPS)
#   packaging/dev.sh shell            interactive shell in the environment
#   packaging/dev.sh exec -- CMD...   run one command in the environment
#
# Where the host's own apt has our dependencies (Debian 13 and newer) they are
# installed there and commands run natively. On an older host a Debian 13 build
# root is made once with debootstrap, cached outside the checkout (keyed by the
# dependency list, so a change of the list rebuilds it) and commands run in it
# with chroot. Its mounts (the root bound onto itself, /proc /sys /dev /run /tmp
# and the checkout's parent at the same paths) are set up once in the host's
# mount namespace and reused: a berthd started by one `dev.sh exec` must see the
# very mounts that the next one sees.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DEPS_FILE="$REPO/packaging/dependencies.txt"
SUITE=trixie
MIRROR="${BERTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${BERTH_DEV_CACHE:-/var/cache/berth-dev}"
# Bump when the way the root is made changes, so old roots are not reused.
ROOT_RECIPE=3

say() { printf 'dev.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

need_root() {
    if [[ $EUID -ne 0 ]]; then
        say "needs root (chroot, mounts, apt and the engine itself): re-running with sudo"
        exec sudo --preserve-env=DISPLAY,XAUTHORITY,CI,BERTH_DEV_CACHE,BERTH_DEBIAN_MIRROR,BERTH_NATIVE,BERTH_FUZZ_SECONDS,BERTH_FUZZ_TARS,BERTH_FUZZ_SEED,BERTH_MODEL_STEPS,BERTH_PRECOMPILED_HEADERS "$0" "$@"
    fi
}

dependencies() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$DEPS_FILE" | tr -s ' \n' ' '; }

deps_available_natively() {
    [[ "${BERTH_NATIVE:-auto}" == 0 ]] && return 1
    command -v apt-get >/dev/null || return 1
    local pkg
    for pkg in libkf6syntaxhighlighting-dev qt6-charts-dev docker-compose; do
        [[ -n "$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" {print $2}')" ]] || return 1
    done
}

install_natively() {
    local stamp=/var/lib/berth-dev/deps.sha256 sum
    sum="$(dependencies | sha256sum | cut -c1-64)"
    [[ -f $stamp && "$(cat "$stamp")" == "$sum" ]] && return 0
    say "installing dependencies with apt (once per change of packaging/dependencies.txt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    # shellcheck disable=SC2046
    apt-get install -y -q --no-install-recommends $(dependencies) >&2
    mkdir -p "$(dirname "$stamp")" && echo "$sum" >"$stamp"
}

root_dir() {
    local key
    key="$( (dependencies; echo "$SUITE $ROOT_RECIPE") | sha256sum | cut -c1-12)"
    echo "$CACHE/$SUITE-$key"
}

# The mounts a root carries, deepest first, so they can be taken down.
unmount_root() {
    local root="$1"
    local m
    for m in $(findmnt -rn -o TARGET | awk -v r="$root" 'index($0, r) == 1' | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
}

make_root() {
    local root="$1" partial="$1.partial"
    say "creating the Debian 13 build root in $root (once; debootstrap ~1 min, packages ~2 min)"
    if ! command -v debootstrap >/dev/null; then
        say "installing debootstrap on the host"
        { apt-get update -q >&2 && apt-get install -y -q debootstrap >&2; } || die "could not install debootstrap"
    fi
    unmount_root "$partial"
    rm -rf "$partial"
    mkdir -p "$partial"
    debootstrap --variant=minbase "$SUITE" "$partial" "$MIRROR" >&2 ||
        die "debootstrap of $SUITE from $MIRROR failed (see above)"
    cp /etc/resolv.conf "$partial/etc/resolv.conf"
    # Packages must not start services (docker.io's dockerd) inside the root.
    printf '#!/bin/sh\nexit 101\n' >"$partial/usr/sbin/policy-rc.d"
    chmod 755 "$partial/usr/sbin/policy-rc.d"
    mount -t proc proc "$partial/proc"
    mount --rbind /dev "$partial/dev" && mount --make-rslave "$partial/dev"
    # shellcheck disable=SC2046
    if ! chroot "$partial" /usr/bin/env DEBIAN_FRONTEND=noninteractive bash -c \
        "apt-get update -q && apt-get install -y -q --no-install-recommends $(dependencies)" >&2; then
        unmount_root "$partial"
        die "installing the dependencies into the build root failed (see above)"
    fi
    chroot "$partial" apt-get clean
    unmount_root "$partial"
    # Other roots belong to older dependency lists.
    local old
    for old in "$CACHE/$SUITE"-*; do
        [[ "$old" == "$root" || "$old" == "$partial" || ! -d "$old" ]] && continue
        say "removing the outdated build root $old"
        unmount_root "$old"
        rm -rf --one-file-system "$old"
    done
    mv "$partial" "$root"
}

bind_once() { # SRC DST: a recursive bind that host mounts still reach but that never propagates back
    local src="$1" dst="$2"
    mkdir -p "$dst"
    if [[ "$(stat -c %d:%i "$src")" != "$(stat -c %d:%i "$dst")" ]]; then
        # A bind left from an earlier checkout (its directory since replaced) is stale.
        if mountpoint -q "$dst"; then umount -l "$dst"; fi
        mount --rbind "$src" "$dst"
        mount --make-rslave "$dst"
    fi
}

mount_root() {
    local root="$1" d parent
    if ! mountpoint -q "$root"; then
        # pivot_root and propagation changes need the root to be a mount point.
        mount --bind "$root" "$root"
        mount --make-private "$root"
    fi
    for d in proc sys dev run tmp; do bind_once "/$d" "$root/$d"; done
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    # The checkout and its siblings (../shared) at the same paths.
    parent="$(dirname "$REPO")"
    [[ "$parent" == / ]] && parent="$REPO"
    bind_once "$parent" "$root$parent"
}

# Prepares the environment once and sets ENTER to the command prefix that runs in it.
prepare() {
    mkdir -p "$CACHE"
    exec 9>"$CACHE/.lock"
    flock 9
    if deps_available_natively; then
        install_natively
        ENTER=(env "CCACHE_DIR=$CACHE/ccache")
    else
        local root
        root="$(root_dir)"
        [[ -d "$root" ]] || make_root "$root"
        mount_root "$root"
        ENTER=(chroot "$root" /usr/bin/env -i
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            "HOME=/root" "LANG=C.UTF-8" "TERM=${TERM:-dumb}" "CI=${CI:-}"
            "DISPLAY=${DISPLAY:-}" "XAUTHORITY=${XAUTHORITY:-}" "BERTH_BUILD_DIR=${BERTH_BUILD_DIR:-}"
            "CTEST_PARALLEL_LEVEL=${CTEST_PARALLEL_LEVEL:-}" "CCACHE_DIR=/var/cache/berth-ccache")
    fi
    flock -u 9
}

in_env() { "${ENTER[@]}" bash -c 'cd "$1" && shift && exec "$@"' bash "$PWD" "$@"; }

BUILD="${BERTH_BUILD_DIR:-$REPO/build}"
ASAN_BUILD="$REPO/build-asan"
JOBS="$(nproc)"

# Shared precompiled headers (cmake/batch_build.cmake): the build from nothing
# is most of `dev.sh test` on a fresh machine. Off until one whole build from
# nothing has passed with them (every source was compiled with its header, but
# never one build end to end); BERTH_PRECOMPILED_HEADERS=ON tries them.
PCH="-DBERTH_PRECOMPILED_HEADERS=${BERTH_PRECOMPILED_HEADERS:-OFF}"

# ccache (a dependency): the cache lives with the build root, outside every
# checkout, so a fresh clone (CI's) compiles only what changed since the last
# build on this machine. Paths under the checkout are hashed relative to it and
# the build directory is left out of the hash, so clones at other paths share it.
CCACHE=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
ccache_env() { in_env env CCACHE_BASEDIR="$REPO" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=8G "$@"; }

build() {
    # -g1 (line tables: backtraces and ASan reports keep file:line) rather than
    # full debug info: it cuts the build, most of `dev.sh test` on 2 cores.
    in_env cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" -DBERTH_GUI=ON -DBERTH_SANITIZE=OFF "$PCH" "${CCACHE[@]}" >/dev/null
    ccache_env cmake --build "$BUILD" -j "$JOBS"
}

build_asan() {
    in_env cmake -S "$REPO" -B "$ASAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g1" \
        -DBERTH_SANITIZE=ON -DBERTH_GUI=OFF "$PCH" "${CCACHE[@]}" >/dev/null
    ccache_env cmake --build "$ASAN_BUILD" -j "$JOBS"
}

# What CI runs. The ASan/UBSan build is a job of its own (`asan`): a second
# build of the engine from nothing doubled CI's time on 2 cores, past its limit.
cmd_test() {
    build
    in_env ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS"
}

cmd_asan() {
    build_asan
    in_env ctest --test-dir "$ASAN_BUILD" --output-on-failure -j "$JOBS" -L "unit|api|privileged|cli"
}

# The scheduled job of issues 12-14: each target 10 minutes under ASan/UBSan
# with a random seed (printed first: `--seed=N` replays it), then the tar
# entries against a real berthd, then a long sequence of the image store's
# model. A finding fails the job; its input becomes a seed file under
# tests/fuzz/seeds/ (a model seed: a deterministic test) and so a regression
# test of the suite.
cmd_fuzz() {
    build_asan
    local seconds="${BERTH_FUZZ_SECONDS:-600}" rc=0 driver name
    for driver in "$ASAN_BUILD"/tests/fuzz/*_fuzz_driver; do
        name="$(basename "$driver" _fuzz_driver)"
        in_env env BERTH_FUZZ_SECONDS="$seconds" "$driver" "$REPO/tests/fuzz/seeds/$name" || { rc=1; say "fuzz: $name found something"; }
    done
    in_env env BERTH_FUZZ_TARS="${BERTH_FUZZ_TARS:-1000}" BERTH_FUZZ_SEED="${BERTH_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}" \
        bash "$REPO/tests/acceptance/fault_tar_fuzz_test.sh" "$ASAN_BUILD/app/berthd/berthd" || { rc=1; say "fuzz: tar entries found something"; }
    # The image store's model (the suite runs three fixed seeds): fresh ones, longer.
    in_env env BERTH_MODEL_SEED=random BERTH_MODEL_STEPS="${BERTH_MODEL_STEPS:-20000}" \
        "$ASAN_BUILD/tests/engine/privileged_tests" --gtest_filter='ImageStoreModel.RandomSequences*' ||
        { rc=1; say "fuzz: the image store model found something (its seed is printed above)"; }
    return $rc
}

cmd_run() {
    build
    if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
        die "no display: berth is a desktop app. Run it from a graphical session, or start a virtual one:
    Xvfb :99 -screen 0 1280x800x24 & DISPLAY=:99 packaging/dev.sh run"
    fi
    local socket=/run/berth/berth.sock
    if in_env curl -sf --max-time 2 --unix-socket "$socket" http://berthd/_ping >/dev/null 2>&1; then
        say "a berthd already answers on $socket: using it"
    else
        say "starting berthd on $socket (data root /var/lib/berth; stops when the GUI closes)"
        in_env "$BUILD/app/berthd/berthd" -H "unix://$socket" &
        local daemon=$!
        # shellcheck disable=SC2064 # the pid is known now
        trap "kill $daemon 2>/dev/null; wait $daemon 2>/dev/null" EXIT
        trap 'exit 130' INT TERM
    fi
    in_env "$BUILD/app/berth/berth" --host "unix://$socket"
}

main() {
    local cmd="${1:-}"
    [[ -n "$cmd" ]] || { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
    shift
    need_root "$cmd" "$@"
    prepare
    case "$cmd" in
        run) cmd_run ;;
        test) cmd_test ;;
        asan) cmd_asan ;;
        build) build ;;
        fuzz) cmd_fuzz ;;
        shell) "${ENTER[@]}" bash -c 'cd "$1" && exec bash -i' bash "$PWD" ;;
        exec)
            [[ "${1:-}" == -- ]] && shift
            [[ $# -gt 0 ]] || die "exec needs a command: dev.sh exec -- CMD..."
            in_env "$@"
            ;;
        *) die "unknown command '$cmd' (run, test, asan, build, fuzz, shell, exec)" ;;
    esac
}

main "$@"
