#!/usr/bin/env bash
# Usage: install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null

# The installed executable finds its installed plugins and default policy.
out=$(cd "$work" && "$prefix/bin/fairaudit" plugins)
grep -q "^representative-involvement " <<<"$out" || { echo "installed plugins not found: $out"; exit 1; }
set +e
(cd "$work" && "$prefix/bin/fairaudit" audit "$src/fixtures/oslo/export.jsonl" >"$work/audit.txt" 2>"$work/audit.err")
rc=$?
set -e
[[ $rc -le 1 ]] || { cat "$work/audit.err"; echo "installed audit failed: $rc"; exit 1; }
grep -q "policy oslo-kommune" "$work/audit.txt" || { echo "default policy not used"; exit 1; }

# An out-of-tree plugin builds against the installed SDK.
cmake -S "$src/examples/out-of-tree-plugin" -B "$work/plugin" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/plugin" >/dev/null
out=$("$prefix/bin/fairaudit" plugins --plugin-dir "$work/plugin")
grep -q "^decision-recorded 1.0.0" <<<"$out" || { echo "out-of-tree plugin not loaded: $out"; exit 1; }
cat >"$work/p.json" <<'JSON'
{"policy": "example", "version": "1", "plugins": {"decision-recorded": {}}}
JSON
printf '%s\n' '{"kind":"round","schema":1,"round_id":"R-1","org_unit":"x","jurisdiction":"other","recommendation_at":"2026-03-01","applicants":[]}' >"$work/e.jsonl"
set +e
"$prefix/bin/fairaudit" audit "$work/e.jsonl" --policy "$work/p.json" --plugin-dir "$work/plugin" --fail-on note >"$work/e.txt"
rc=$?
set -e
[[ $rc -eq 1 ]] || { cat "$work/e.txt"; echo "expected exit 1 from the example's note, got $rc"; exit 1; }
grep -q "decision-recorded/decision-date" "$work/e.txt" || { echo "finding missing"; exit 1; }
echo "install test passed"
