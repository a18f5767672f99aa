# shellcheck shell=bash
# BUILD_OUT, BUILD_STATUS and BUILD_HITS are results read by the tests.
# shellcheck disable=SC2034
# docker build for the build tests; source it after lib.sh.
#   build DIR ARGS...     docker build ARGS DIR (60 s at most): its output
#                         (stdout and stderr) in BUILD_OUT, its status in
#                         BUILD_STATUS, the steps taken from the cache
#                         (" ---> Using cache") in BUILD_HITS
#   build_ok DIR ARGS...  the same; a failed build fails the test
#   build_setup ARGS...   acc_setup ARGS, busybox needed, the main daemon,
#                         DOCKER_BUILDKIT=0 (the classic builder)

BUILD_OUT=""
BUILD_STATUS=0
BUILD_HITS=0
build() {
    local dir=$1
    shift
    BUILD_STATUS=0
    BUILD_OUT="$(timeout 60 docker build "$@" "$dir" 2>&1)" || BUILD_STATUS=$?
    BUILD_HITS="$(grep -c -- ' ---> Using cache' <<<"$BUILD_OUT" || true)"
}

build_ok() {
    build "$@"
    [[ $BUILD_STATUS == 0 ]] || fail "docker build $*: $BUILD_OUT"
}

build_setup() {
    acc_setup "$@"
    need_busybox
    use_daemon main
    export DOCKER_BUILDKIT=0
}
