#!/usr/bin/env bash
# bench/isolation.sh — what plugin isolation (the default of `audit`) costs.
#
# Audits one generated export with the default policy, isolated (each plugin
# in its own process, every parsed record sent to it over a pipe in binary)
# and with --no-isolate, at 1 thread and at all threads, each run REPEAT times
# interleaved, and prints the fastest wall time of each, the least CPU time
# (user + system, the plugin processes included: less noisy than the wall
# time on a shared machine), the cost of isolation as a share of the
# in-process run, the load average when the row's runs ended, and whether the
# JSON output of both is the same (md5). Not a test: nothing is asserted.
# Figures go in bench/README.md.
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

# "WALL CPU" seconds of one audit (its output to OUT; exit 1, findings, is
# fine). CPU: user + system of fairaudit and of the plugin processes it reaped.
OUT=$DATA/isolation-out.json
wall() {
  local rc t
  set +e
  t=$( { TIMEFORMAT='%R %U %S'; time "$FA" audit "$FILE" --format json --output "$OUT" "$@" 2>/dev/null; } 2>&1)
  rc=$?
  set -e
  [ "$rc" -le 1 ] || { echo "bench/isolation.sh: audit $* exited $rc" >&2; exit 1; }
  read -r r u s <<<"$t"
  echo "$r $(echo "$u + $s" | bc)"
}

declare -A best cpu load md5
for ((i = 0; i < REPEAT; i++)); do
  for t in 1 "$THREADS"; do
    for mode in isolated in-process; do
      flag=(); [ "$mode" = in-process ] && flag=(--no-isolate)
      read -r s c <<<"$(wall --threads "$t" "${flag[@]}")"
      k="$mode/$t"
      if [ -z "${best[$k]:-}" ] || [ "$(echo "$s < ${best[$k]}" | bc)" = 1 ]; then best[$k]=$s; fi
      if [ -z "${cpu[$k]:-}" ] || [ "$(echo "$c < ${cpu[$k]}" | bc)" = 1 ]; then cpu[$k]=$c; fi
      md5[$k]=$(md5sum <"$OUT" | cut -c1-32)
    done
    load[$t]="${load[$t]:-}$(cut -d' ' -f1 /proc/loadavg) "
  done
done
rm -f "$OUT"

rounds=$(grep -c '"kind":"round"' "$FILE" || true)
echo "| export | threads | in process (s) | isolated (s) | cost of isolation | CPU in process (s) | CPU isolated (s) | CPU cost | load (1 min) | same JSON |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for t in 1 "$THREADS"; do
  a=${best[in-process/$t]} b=${best[isolated/$t]} ca=${cpu[in-process/$t]} cb=${cpu[isolated/$t]}
  same=no; [ "${md5[in-process/$t]}" = "${md5[isolated/$t]}" ] && same=yes
  printf '| %s applications, %s rounds | %s | %.2f | %.2f | %+.1f%% | %.2f | %.2f | %+.1f%% | %s| %s |\n' "$APPS" "$rounds" "$t" \
    "$a" "$b" "$(echo "($b - $a) * 100 / $a" | bc -l)" "$ca" "$cb" "$(echo "($cb - $ca) * 100 / $ca" | bc -l)" \
    "${load[$t]}" "$same"
done
