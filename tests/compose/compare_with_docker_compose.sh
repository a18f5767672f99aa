#!/bin/bash
# `berth compose config` against Debian's `docker compose config` (no daemon needed)
# on every project under cases/ and errors/:
#   cases/NAME:  `config --format json` of both must be equal as JSON data, berth's
#                byte for byte too; berth's YAML read back by docker compose must give
#                that JSON; --services, --volumes, --profiles, --images and --hash "*"
#                (the config hash) must print the same.
#   usage/cases.txt: command lines with bad flags; same exit status and words.
#   errors/NAME: both must fail with the same exit status and (unless the case has
#                a file named `message-differs`, with the reason in it) the same words;
#                with a file named `place-added`, the same words once the line and
#                column berth adds after the file name are taken out. A case's
#                `expected-error` (berth's words, {dir} for its folder) is checked
#                without docker compose by compose_unit_tests.
# Skips (77) where docker compose is not installed.
set -u
BERTH=$1
HERE=$(cd "$(dirname "$0")" && pwd)
docker compose version >/dev/null 2>&1 || { echo "docker compose not installed: skipped"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The cases must not see the caller's compose settings.
unset COMPOSE_PROJECT_NAME COMPOSE_PROFILES COMPOSE_FILE COMPOSE_ENV_FILES
failures=0

same_json() {
    python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
if a != b:
    def diff(x, y, path):
        if type(x) != type(y) or not isinstance(x, (dict, list)):
            if x != y:
                print(f"  {path}: berth {json.dumps(x)[:160]} docker {json.dumps(y)[:160]}")
            return
        if isinstance(x, dict):
            for k in sorted(set(x) | set(y)):
                diff(x.get(k, "<missing>"), y.get(k, "<missing>"), f"{path}.{k}")
        else:
            if len(x) != len(y):
                print(f"  {path}: {len(x)} items in berth, {len(y)} in docker")
            for i, (u, v) in enumerate(zip(x, y)):
                diff(u, v, f"{path}[{i}]")
    diff(a, b, "")
    sys.exit(1)
PY
}

check_case() {
    local dir=$1 name; name=$(basename "$dir")
    # Some cases choose their flags (profiles, env files) in a file named `flags`.
    # and `config`'s own flags (--no-interpolate) in `config-flags`.
    local flags=(); [ -f "$dir/flags" ] && read -r -a flags < "$dir/flags"
    local config_flags=(); [ -f "$dir/config-flags" ] && read -r -a config_flags < "$dir/config-flags"
    (cd "$dir" && "$BERTH" compose "${flags[@]}" config "${config_flags[@]}" --format json) > "$WORK/berth.json" 2> "$WORK/berth.err" \
        || { echo "FAIL $name: berth failed: $(cat "$WORK/berth.err")"; return 1; }
    (cd "$dir" && docker compose "${flags[@]}" config "${config_flags[@]}" --format json) > "$WORK/docker.json" 2> "$WORK/docker.err" \
        || { echo "FAIL $name: docker compose failed: $(cat "$WORK/docker.err")"; return 1; }
    same_json "$WORK/berth.json" "$WORK/docker.json" || { echo "FAIL $name: config --format json differs"; return 1; }
    # The YAML output must say the same: docker compose reads it back to the same JSON.
    [ ${#config_flags[@]} = 0 ] || { echo "ok   $name"; return 0; } # YAML and lists: with default flags only
    (cd "$dir" && "$BERTH" compose "${flags[@]}" config) > "$WORK/berth.yaml" 2>&1 \
        || { echo "FAIL $name: berth config (YAML) failed"; return 1; }
    (cd "$WORK" && docker compose --profile '*' -f berth.yaml config --format json) > "$WORK/reread.json" 2> "$WORK/reread.err" \
        || { echo "FAIL $name: docker compose cannot read berth's YAML: $(cat "$WORK/reread.err")"; return 1; }
    same_json "$WORK/reread.json" "$WORK/docker.json" || { echo "FAIL $name: config (YAML) differs"; return 1; }
    # Go's encoder and ours print the same bytes (docker compose's JSON has no final newline).
    cmp -s "$WORK/berth.json" "$WORK/docker.json" || { echo "FAIL $name: JSON equal as data but not byte for byte"; return 1; }
    for list in services volumes profiles images hash; do
        local ours theirs args=("--$list")
        [ "$list" = hash ] && args=(--hash '*')
        ours=$(cd "$dir" && "$BERTH" compose "${flags[@]}" config "${args[@]}" 2>/dev/null | sort)
        theirs=$(cd "$dir" && docker compose "${flags[@]}" config "${args[@]}" 2>/dev/null | sort)
        [ "$ours" = "$theirs" ] || { echo "FAIL $name: config ${args[*]}: berth [$ours] docker [$theirs]"; return 1; }
    done
    echo "ok   $name"
}

check_error() {
    local dir=$1 name; name=$(basename "$dir")
    (cd "$dir" && "$BERTH" compose config) > /dev/null 2> "$WORK/berth.err"; local ours=$?
    (cd "$dir" && docker compose config) > /dev/null 2> "$WORK/docker.err"; local theirs=$?
    [ -f "$dir/place-added" ] && sed -i -E 's/^(validating [^:]+):[0-9]+:[0-9]+:/\1:/' "$WORK/berth.err"
    [ "$ours" = "$theirs" ] || { echo "FAIL $name: exit status berth $ours docker $theirs"; return 1; }
    if [ ! -f "$dir/message-differs" ] && ! cmp -s "$WORK/berth.err" "$WORK/docker.err"; then
        echo "FAIL $name: berth said [$(cat "$WORK/berth.err")] docker [$(cat "$WORK/docker.err")]"
        return 1
    fi
    echo "ok   $name (exit $ours)"
}

check_usage() {
    local words=($1)
    (cd "$HERE/cases/basic" && "$BERTH" compose "${words[@]}") > /dev/null 2> "$WORK/berth.err"; local ours=$?
    (cd "$HERE/cases/basic" && docker compose "${words[@]}") > /dev/null 2> "$WORK/docker.err"; local theirs=$?
    [ "$ours" = "$theirs" ] || { echo "FAIL usage '$1': exit status berth $ours docker $theirs"; return 1; }
    # docker compose ends some messages without a newline: compare the words.
    [ "$(cat "$WORK/berth.err")" = "$(cat "$WORK/docker.err")" ] \
        || { echo "FAIL usage '$1': berth said [$(cat "$WORK/berth.err")] docker [$(cat "$WORK/docker.err")]"; return 1; }
    echo "ok   usage '$1' (exit $ours)"
}

# COMPOSE_FILE stands for -f (colon-separated).
(cd "$HERE/cases/merge-files" && COMPOSE_FILE=compose.yaml:override.yaml "$BERTH" compose config --format json) > "$WORK/berth.json" 2>&1
(cd "$HERE/cases/merge-files" && COMPOSE_FILE=compose.yaml:override.yaml docker compose config --format json) > "$WORK/docker.json" 2>&1
if cmp -s "$WORK/berth.json" "$WORK/docker.json"; then echo "ok   COMPOSE_FILE"; else echo "FAIL COMPOSE_FILE"; failures=$((failures + 1)); fi

while read -r line; do
    case "$line" in '#'* | '') continue ;; esac
    check_usage "$line" || failures=$((failures + 1))
done < "$HERE/usage/cases.txt"
for dir in "$HERE"/cases/*/; do check_case "${dir%/}" || failures=$((failures + 1)); done
for dir in "$HERE"/errors/*/; do check_error "${dir%/}" || failures=$((failures + 1)); done
[ "$failures" = 0 ] || { echo "$failures case(s) differ from docker compose"; exit 1; }
