#!/usr/bin/env bash
# Writes calibration exports (bench_calibration --write) and audits each with
# the fairaudit executable and the default policy's interview-call-diversity
# settings (oslo-diversity-only.json), printing the exit status and the
# findings by rule and severity.
#   bench/calibration/run-host.sh [BUILD_DIR=build] [SEEDS="1 2 3 4 5"] [STRENGTH=1 PLANTED=0]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for seed in ${SEEDS:-1 2 3 4 5}; do
  "$build/bench/bench_calibration" --write "$tmp/export.jsonl" --seed "$seed" --strength "${STRENGTH:-1}" \
    --planted "${PLANTED:-0}"
  set +e
  "$build/host/fairaudit" audit "$tmp/export.jsonl" --policy bench/calibration/oslo-diversity-only.json \
    --format json --output "$tmp/out.json" 2>"$tmp/err"
  rc=$?
  set -e
  summary=$(python3 -c '
import collections, json, sys
d = json.load(open(sys.argv[1]))
c = collections.Counter((f["rule"].split("/")[1], f["severity"]) for f in d["findings"])
print(", ".join("%s %s %d" % (r, s, n) for (r, s), n in sorted(c.items())))' "$tmp/out.json")
  echo "seed $seed strength ${STRENGTH:-1} planted ${PLANTED:-0}: exit $rc; $summary"
done
