#!/usr/bin/env bash
# Lists the entries of the translations that are not finished (type="unfinished",
# an empty translation, or "vanished"/"obsolete" ones left by lupdate) and exits 1
# when there are any. English (berth_en.ts) is the source language and is skipped.
# Usage: check_translations.sh [FILE.ts...]   (default: every translations/berth_*.ts)
# After `cmake --build <dir> --target update_translations`, run this to see what to translate.
set -euo pipefail
cd "$(dirname "$0")"
files=("$@")
((${#files[@]})) || mapfile -t files < <(ls berth_*.ts | grep -v '^berth_en\.ts$')
status=0
for ts in "${files[@]}"; do
    # One line per message: context, then source; flag those not finished.
    unfinished="$(python3 - "$ts" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for context in root.iter("context"):
    name = context.findtext("name")
    for message in context.iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "missing"
        texts = [translation.text] + [f.text for f in translation.iter("numerusform")] if translation is not None else []
        empty = not any((t or "").strip() for t in texts)
        if kind in ("unfinished", "missing") or empty:
            print(f"  {name}: {message.findtext('source')!r} ({kind or 'empty'})")
PY
)"
    if [[ -n $unfinished ]]; then
        echo "$ts: $(wc -l <<<"$unfinished") unfinished entries:"
        echo "$unfinished"
        status=1
    else
        echo "$ts: complete"
    fi
done
exit "$status"
