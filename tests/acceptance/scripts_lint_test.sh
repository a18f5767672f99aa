#!/usr/bin/env bash
# The acceptance scripts run under `set -o pipefail` (lib.sh): there,
# `producer | grep -q WORD` fails whenever grep quits at its match before the
# producer has written everything (the producer dies of SIGPIPE), so a check
# flakes under load; beside_dockerd_images did, for months. This lists any such
# pipeline left in the shell that runs them (inside `sh -c '…'` / `bash -c "…"`
# there is no pipefail). Use `grep -q WORD <<<"$(producer)"` instead.
#   scripts_lint_test.sh DIR
set -euo pipefail
dir="${1:-$(dirname "${BASH_SOURCE[0]}")}"
found="$(grep -nE '(^|[^|])\|[[:space:]]*grep[[:space:]]+(-[[:alnum:]]*q|--quiet)' "$dir"/*.sh |
    grep -v "^$dir/$(basename "${BASH_SOURCE[0]}"):" |
    grep -vE '^[^:]+:[0-9]+:[[:space:]]*#' | grep -vE '(ba)?sh -c' || true)"
if [[ -n $found ]]; then
    printf 'FAIL: a `| grep -q` under pipefail (use a here-string):\n%s\n' "$found" >&2
    exit 1
fi
echo "PASS: no \`| grep -q\` pipelines in $dir"
