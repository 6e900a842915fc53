#!/usr/bin/env bash
# The SARIF output on the fixtures, for every audience and with a rejected
# line, validated against the OASIS SARIF 2.1.0 JSON schema and by Microsoft's
# SARIF validator (the SARIF SDK's rules and GitHub's ingestion rules).
# Microsoft's validator must report no error and no warning except SARIF2005
# (the tool has no public informationUri to name).
#
# Usage: validate_sarif.sh FAIRAUDIT PLUGIN_DIR SOURCE_DIR BUILD_DIR
# The tools come from scripts/test-tools.sh BUILD_DIR.
set -euo pipefail
exe=$1 plugins=$2 src=$3 build=$4

python=/usr/bin/python3
multitool="$build/test-tools/node_modules/.bin/sarif-multitool"
if ! "$python" -c 'import jsonschema' 2>/dev/null || [[ ! -x "$multitool" ]]; then
  echo "FAIL: the SARIF validators are missing; run scripts/test-tools.sh $build" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/fa-sarif-XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$src"
inputs=()
for f in fixtures/oslo/export.jsonl fixtures/diversity/export.jsonl; do [[ -f $f ]] && inputs+=("$f"); done
# A copy with a broken line, so that a rejected line becomes a notification.
cp fixtures/oslo/export.jsonl "$work/with-bad-line.jsonl"
echo '{"kind":"round","schema":1,"round_id":' >>"$work/with-bad-line.jsonl"

n=0
run() {  # name, fairaudit audit args...
  local name=$1
  shift
  set +e
  "$exe" audit "$@" --policy tests/emit/report-policy.json --plugin-dir "$plugins" --format sarif \
    -o "$work/$name.sarif"
  local rc=$?
  set -e
  if ((rc > 1)); then
    echo "FAIL: fairaudit audit for $name exited $rc" >&2
    exit 1
  fi
  n=$((n + 1))
}
for audience in internal representative union; do run "fixtures-$audience" "${inputs[@]}" --audience "$audience"; done
run with-bad-line "$work/with-bad-line.jsonl"

# A nightly run with a store: a reviewer suppresses one finding, and the next
# export lacks a round, so SARIF carries baselineState (new, unchanged,
# absent) and a suppression with its justification.
run stored-first fixtures/oslo/export.jsonl --store "$work/store.db"
fp=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["results"][0]["partialFingerprints"]["fairauditFinding/v1"])' "$work/stored-first.sarif")
"$exe" review set "$fp" --store "$work/store.db" --state suppressed --role union \
  --justification "Agreed in the MBU meeting: the round was re-advertised." >/dev/null
grep -v '"round_id":"OSL-BST-2026-0303"' fixtures/oslo/export.jsonl >"$work/next-night.jsonl"
run stored-second "$work/next-night.jsonl" --store "$work/store.db"
"$python" - "$work/stored-second.sarif" "$fp" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
states = {r.get("baselineState") for r in results}
suppressed = [r for r in results if r["suppressions"]]
ok = {"unchanged", "absent"} <= states and len(suppressed) == 1 \
    and suppressed[0]["partialFingerprints"]["fairauditFinding/v1"] == sys.argv[2] \
    and suppressed[0]["suppressions"][0]["kind"] == "external" \
    and "MBU" in suppressed[0]["suppressions"][0]["justification"]
print(f"stored run: baseline states {sorted(s for s in states if s)}, {len(suppressed)} suppressed")
sys.exit(0 if ok else 1)
PY

"$python" - "$src/tests/data/sarif-schema-2.1.0.json" "$work"/*.sarif <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path))
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        print(f"FAIL: {path}: schema: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
    bad += len(errors)
    results = doc["runs"][0]["results"]
    if not results:
        print(f"FAIL: {path}: no results"); bad += 1
    print(f"schema: {path}: {len(results)} results, {len(errors)} schema errors")
sys.exit(1 if bad else 0)
PY

for f in "$work"/*.sarif; do
  out="$f.validation.sarif"
  "$multitool" validate "$f" -o "$out" >"$f.validation.log" 2>&1 || true
  if [[ ! -s $out ]]; then
    cat "$f.validation.log" >&2
    echo "FAIL: sarif-multitool wrote no report for $f" >&2
    exit 1
  fi
  "$python" - "$f" "$out" <<'PY'
import json, sys
name, report = sys.argv[1], json.load(open(sys.argv[2]))
run = report["runs"][0]
default = {r["id"]: r.get("defaultConfiguration", {}).get("level", "warning") for r in run["tool"]["driver"].get("rules", [])}
allowed_warnings = {"SARIF2005"}  # ProvideToolProperties: informationUri
bad = 0
for r in run.get("results", []):
    level = r.get("level") or default.get(r["ruleId"], "warning")
    if level == "error" or (level == "warning" and r["ruleId"] not in allowed_warnings):
        bad += 1
        print(f"FAIL: {name}: {level} {r['ruleId']}: {r['message'].get('arguments', r['message'].get('text'))}")
for n in run.get("invocations", [{}])[0].get("toolExecutionNotifications", []):
    if n.get("level", "warning") == "error":
        bad += 1
        print(f"FAIL: {name}: the validator failed: {n['message']['text'][:300]}")
print(f"sarif-multitool: {name}: {len(run.get('results', []))} diagnostics, {bad} errors or unexpected warnings")
sys.exit(1 if bad else 0)
PY
done
echo "SARIF validated: $n files"
