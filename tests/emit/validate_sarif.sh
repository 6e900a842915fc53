#!/usr/bin/env bash
# The SARIF output on the fixtures, for every audience and with a rejected
# line, validated against the OASIS SARIF 2.1.0 JSON schema and by Microsoft's
# SARIF validator (the SARIF SDK's rules and GitHub's ingestion rules).
# Microsoft's validator runs with --rule-kind "Sarif;Gh" (the option is
# spelt --rule-kind in sarif-multitool 5.7.0, --rule-kinds in older notes):
# the SARIF SDK's rules and GitHub code scanning's ingestion rules (a
# physical location with a region on every result, file-path URIs, ...),
# which do not run without it. It must report no error and no warning
# except SARIF2005 (the tool has no public informationUri to name).
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
# Files outside the source tree are reported relative to their directory:
# code scanning refuses absolute file URIs without a checkout path (GH1006).
run with-bad-line "$work/with-bad-line.jsonl" --source-root "$work"
# A dated flat export through its mapping, under a stable name: locations in
# the flat file's rows, the flat file as the artifact.
cp fixtures/ats/webcruiter/export.csv "$work/soknader-2026-05-04.csv"
run mapped "$work/soknader-2026-05-04.csv" --mapping policies/mappings/webcruiter-no.json --artifact-name soknader.csv
# The same under --source-root: a path relative to the root.
run source-root "$work/soknader-2026-05-04.csv" --mapping policies/mappings/webcruiter-no.json --source-root "$work"

# A nightly run with a store: a reviewer suppresses one finding, another
# disputes one, and the next export lacks a round, so SARIF carries
# baselineState (new, unchanged), suppressions with their justification
# (accepted, underReview) and, asked for with --include-resolved, the
# resolved findings as kind "pass".
run stored-first fixtures/oslo/export.jsonl --store "$work/store.db"
fp=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["results"][0]["partialFingerprints"]["fairauditFinding/v1"])' "$work/stored-first.sarif")
fp2=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["results"][1]["partialFingerprints"]["fairauditFinding/v1"])' "$work/stored-first.sarif")
"$exe" review set "$fp" --store "$work/store.db" --state suppressed --role union \
  --justification "Agreed in the MBU meeting: the round was re-advertised." >/dev/null
"$exe" review set "$fp2" --store "$work/store.db" --state disputed --role hr \
  --justification "The MBU has not discussed it yet." >/dev/null
grep -v '"round_id":"OSL-BST-2026-0303"' fixtures/oslo/export.jsonl >"$work/next-night.jsonl"
run stored-second "$work/next-night.jsonl" --store "$work/store.db" --source-root "$work"
"$exe" report --store "$work/store.db" --format sarif --include-resolved -o "$work/stored-resolved.sarif"
n=$((n + 1))
"$python" - "$work/stored-second.sarif" "$work/stored-resolved.sarif" "$fp" "$fp2" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
resolved = json.load(open(sys.argv[2]))["runs"][0]["results"]
states = {r.get("baselineState") for r in results}
status = {r["partialFingerprints"]["fairauditFinding/v1"]: r["suppressions"][0] for r in results if r["suppressions"]}
absent = [r for r in resolved if r.get("baselineState") == "absent"]
ok = "unchanged" in states and "absent" not in states \
    and set(status) == {sys.argv[3], sys.argv[4]} \
    and status[sys.argv[3]]["status"] == "accepted" and status[sys.argv[4]]["status"] == "underReview" \
    and all(s["kind"] == "external" and "MBU" in s["justification"] for s in status.values()) \
    and absent and all(r["kind"] == "pass" and r["level"] == "none" for r in absent)
print(f"stored run: baseline states {sorted(s for s in states if s)}, suppressions {sorted(s['status'] for s in status.values())}, "
      f"{len(absent)} resolved as kind pass with --include-resolved")
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

# A control: the same validator call on a copy whose first result has no
# location must report a GitHub rule (GH…), or the Gh rules did not run.
mkdir -p "$work/control"
"$python" - "$work/fixtures-internal.sarif" "$work/control/broken.sarif" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["runs"][0]["results"][0]["locations"] = []
json.dump(doc, open(sys.argv[2], "w"))
PY
"$multitool" validate --rule-kind '"Sarif;Gh"' "$work/control/broken.sarif" -o "$work/control/validation.sarif" \
  >/dev/null 2>&1 || true
if ! grep -q '"ruleId": *"GH' "$work/control/validation.sarif"; then
  echo "FAIL: sarif-multitool did not run GitHub's rules (no GH rule on a result without a location)" >&2
  exit 1
fi
echo "control: a result without a location fails GitHub's rules: $(grep -o '"ruleId": *"GH[0-9]*' "$work/control/validation.sarif" | sort -u | tr '\n' ' ')"

for f in "$work"/*.sarif; do
  out="$f.validation.sarif"
  # The npm wrapper runs the tool through a shell: the kinds' ';' is quoted
  # for that shell as well.
  "$multitool" validate --rule-kind '"Sarif;Gh"' "$f" -o "$out" >"$f.validation.log" 2>&1 || true
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
