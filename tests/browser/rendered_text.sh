#!/usr/bin/env bash
# The pages people read, in nb, sv and da, rendered by chromium through
# playwright-core (rendered_text.mjs): the union audience's report of the
# fixtures, a one-round checklist and the report of a store of three nights
# (the units' trends). With SHOT_DIR, screenshots of each (scripts/screenshots.sh).
#
# usage: rendered_text.sh FAIRAUDIT PLUGIN_DIR SOURCE_DIR BUILD_DIR [SHOT_DIR]
set -euo pipefail
fairaudit=$1 plugins=$2 source=$3 build=$4 shots=${5:--}
tools="$build/test-tools"
if [[ ! -f "$tools/node_modules/playwright-core/package.json" || ! -x /usr/bin/chromium ]]; then
  echo "playwright-core or chromium missing: run scripts/test-tools.sh $build" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
cd "$source"
policy=tests/emit/report-policy.json
inputs=(fixtures/oslo/export.jsonl fixtures/diversity/export.jsonl)
audit() { "$fairaudit" audit "$@" --policy "$policy" --plugin-dir "$plugins" || [[ $? -eq 1 ]]; }

# Three nights: half of the export, then all of it; a finding suppressed in
# review after the second night. The first two runs are dated back two and
# one nights (the runs table is not the append-only trail), so the timeline
# spreads; the review stays where it was made, after the second run.
db="$work/nights.db"
# Night 1: the units' records and every other round.
awk '!/"kind":"round"/ || (++n % 2)' fixtures/oslo/export.jsonl > "$work/night1.jsonl"
audit "$work/night1.jsonl" --store "$db" --format json > /dev/null
audit fixtures/oslo/export.jsonl --store "$db" --format json > "$work/night2.json"
/usr/bin/python3 - "$db" "$work/night2.json" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for run_id, days in ((1, 2), (2, 1)):
    db.execute("UPDATE runs SET started_at = strftime('%Y-%m-%dT02:00:00Z', 'now', ?), "
               "finished_at = strftime('%Y-%m-%dT02:01:00Z', 'now', ?) WHERE id = ?",
               (f"-{days} days", f"-{days} days", run_id))
db.commit()
print(next(f["fingerprint"] for f in json.load(open(sys.argv[2]))["findings"]), file=open(sys.argv[1] + ".fp", "w"))
PY
"$fairaudit" review set "$(cat "$db.fp")" --store "$db" --state suppressed --role hr \
  --justification "Agreed exception" > /dev/null
audit fixtures/oslo/export.jsonl --store "$db" --format json > /dev/null

specs=()
for lang in nb sv da; do
  audit "${inputs[@]}" --format html --audience union --lang "$lang" > "$work/union-$lang.html"
  audit fixtures/oslo/export.jsonl --round OSL-BGO-2026-0101 --format html --audience representative \
    --lang "$lang" > "$work/checklist-$lang.html"
  "$fairaudit" report --store "$db" --run latest --format html --audience representative --lang "$lang" \
    > "$work/trend-$lang.html"
  specs+=("union-$lang=$work/union-$lang.html:$lang" "checklist-$lang=$work/checklist-$lang.html:$lang"
          "trend-$lang=$work/trend-$lang.html:$lang")
done
[[ "$shots" == - ]] || mkdir -p "$shots"
node "$source/tests/browser/rendered_text.mjs" "$tools" "$source" "$shots" "${specs[@]}"
