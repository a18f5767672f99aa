#!/bin/bash
# A badly shaped compose file through the project verbs of `berth compose` (not
# only `config`): each reports one line naming the file and exits 15 as docker
# compose does for an invalid project, before any engine call (DOCKER_HOST names
# a socket that does not exist), and never aborts. The file once made yaml-cpp
# throw out of `include` (a scalar where the main file's networks map belongs),
# which aborted these verbs; the schema now refuses it first, with its place.
#   bad_file_verbs_test.sh /path/to/berth
set -u
BERTH=$1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
unset COMPOSE_PROJECT_NAME COMPOSE_PROFILES COMPOSE_FILE COMPOSE_ENV_FILES
printf 'include: [inc.yaml]\nnetworks: x\nservices: {a: {image: x}}\n' >"$WORK/compose.yaml"
printf 'networks: {n: {}}\n' >"$WORK/inc.yaml"
expected="validating $WORK/compose.yaml:2:11: networks must be a mapping"
failures=0
for verb in "up -d" ps pull build push events down "logs a" "stats --no-stream" "start" "exec a true"; do
    status=0
    # shellcheck disable=SC2086 # the verb and its flags are words
    said=$(cd "$WORK" && DOCKER_HOST=unix://$WORK/none.sock timeout 30 "$BERTH" compose $verb 2>&1 >/dev/null) || status=$?
    if [[ $status -ne 15 || $said != "$expected" ]]; then
        echo "FAIL: compose $verb: status $status (want 15), said: $said"
        failures=$((failures + 1))
    fi
done
# A schema error deeper down (a port list of the wrong shape) has the same status on a verb.
printf 'services: {a: {image: x, ports: {a: 1}}}\n' >"$WORK/compose.yaml"
status=0
said=$(cd "$WORK" && DOCKER_HOST=unix://$WORK/none.sock timeout 30 "$BERTH" compose ps 2>&1 >/dev/null) || status=$?
if [[ $status -ne 15 || $said != "validating $WORK/compose.yaml:1:33: services.a.ports must be a list" ]]; then
    echo "FAIL: compose ps on a bad port: status $status (want 15), said: $said"
    failures=$((failures + 1))
fi
[[ $failures -eq 0 ]] && echo "all verbs reported the bad file"
exit $((failures > 0))
