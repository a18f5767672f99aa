# shellcheck shell=bash
# Figures shared by the benchmarks: sourced after tests/acceptance/lib.sh.

declare -A FIG=() # FIG[engine/key] = printed value

now() { printf '%s' "${EPOCHREALTIME/[.,]/}"; } # microseconds

# stats: numbers (one per line) in, "median p90 min max" out (p90 by nearest rank).
stats() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - - -"; exit }
        med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        r = int(0.9 * NR); if (r < 0.9 * NR) r++; if (r < 1) r = 1
        printf "%.4f %.4f %.4f %.4f\n", med, v[r], v[1], v[NR] }'
}

kb_field() { awk -v f="$2:" '$1 == f { print $2; exit }' "$1" 2>/dev/null || true; } # FILE FIELD
mb() { awk -v k="${1:-0}" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
