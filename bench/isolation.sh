#!/usr/bin/env bash
# bench/isolation.sh — what plugin isolation (the default of `audit`) costs.
#
# Audits one generated export with the default policy, isolated (each plugin
# in its own process, every record sent to it over a pipe and parsed there
# again) and with --no-isolate, at 1 thread and at all threads, each run
# REPEAT times interleaved, and prints the fastest wall time of each and the
# cost of isolation as a share of the in-process run. Not a test: nothing is
# asserted. Figures go in bench/README.md.
#
# usage: bench/isolation.sh [APPLICATIONS (default 250000)] [REPEAT (default 3)]
#        (FAIRAUDIT_BUILD: the build directory, default build/)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${FAIRAUDIT_BUILD:-$ROOT/build}
APPS=${1:-250000}
REPEAT=${2:-3}
FA=$BUILD/host/fairaudit
GEN=$BUILD/bench/fairaudit-gen
[ -x "$FA" ] && [ -x "$GEN" ] || { echo "bench/isolation.sh: build fairaudit and fairaudit-gen first" >&2; exit 2; }
DATA=$BUILD/bench-data
mkdir -p "$DATA"
FILE=$DATA/isolation-$APPS.jsonl
if [ ! -s "$FILE" ]; then
  "$GEN" --applications "$APPS" --seed 1 --output "$FILE.partial" --manifest "$FILE.manifest" >&2
  mv "$FILE.partial" "$FILE"
fi
THREADS=$(nproc)

# Wall seconds of one audit (its output to /dev/null; exit 1, findings, is fine).
wall() {
  local start end rc
  start=$(date +%s.%N)
  set +e
  "$FA" audit "$FILE" --format json --output /dev/null "$@" 2>/dev/null
  rc=$?
  set -e
  end=$(date +%s.%N)
  [ "$rc" -le 1 ] || { echo "bench/isolation.sh: audit $* exited $rc" >&2; exit 1; }
  echo "$end - $start" | bc
}

declare -A best
for ((i = 0; i < REPEAT; i++)); do
  for t in 1 "$THREADS"; do
    for mode in isolated in-process; do
      flag=(); [ "$mode" = in-process ] && flag=(--no-isolate)
      s=$(wall --threads "$t" "${flag[@]}")
      k="$mode/$t"
      if [ -z "${best[$k]:-}" ] || [ "$(echo "$s < ${best[$k]}" | bc)" = 1 ]; then best[$k]=$s; fi
    done
  done
done

rounds=$(grep -c '"kind":"round"' "$FILE" || true)
echo "| export | threads | in process (s) | isolated (s) | cost of isolation |"
echo "|---|---|---|---|---|"
for t in 1 "$THREADS"; do
  a=${best[in-process/$t]} b=${best[isolated/$t]}
  printf '| %s applications, %s rounds | %s | %.2f | %.2f | %+.1f%% |\n' "$APPS" "$rounds" "$t" "$a" "$b" \
    "$(echo "($b - $a) * 100 / $a" | bc -l)"
done
