#!/usr/bin/env bash
# Measures `fairaudit convert` on a generated flat export: wall time and peak
# resident memory (/usr/bin/time -v), for the issue's "a 10-million-row
# export converts without running out of memory".
#
# Usage: bench/convert/measure.sh [ROWS] [MEMORY_LIMIT_MIB]   (default 10000000 128)
#   FAIRAUDIT_BUILD=build-dir (default build), DATA=dir for the export (default BUILD/bench-data)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-10000000}
limit=${2:-128}
build=${FAIRAUDIT_BUILD:-build}
data=${DATA:-$build/bench-data}
mkdir -p "$data"
[[ -x /usr/bin/time ]] || { echo "measure.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
export_csv="$data/flat-$rows.csv"
if [[ ! -s "$export_csv" ]]; then
  "$build/bench/fairaudit-gen-flat" --rows "$rows" --output "$export_csv"
fi
out="$data/flat-$rows.jsonl"
log="$data/flat-$rows.time"
/usr/bin/time -v "$build/host/fairaudit" convert --mapping policies/mappings/webcruiter-no.json \
  --memory-limit "$limit" --temp-dir "$data" "$export_csv" --output "$out" 2> "$log"
grep -E "^  (read|wrote|grouped)" "$log" || true
echo "input:  $(stat -c %s "$export_csv") bytes, $rows rows"
echo "output: $(stat -c %s "$out") bytes, $(wc -l < "$out") rounds"
grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time" "$log"
rm -f "$out"
