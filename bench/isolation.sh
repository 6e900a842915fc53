#!/usr/bin/env bash
# bench/isolation.sh — what plugin isolation (the default of `audit`) costs.
#
# Audits one generated export with the default policy, isolated (each plugin
# in its own process, every parsed record sent to it in binary) and with
# --no-isolate, at 1 thread and at all threads, REPEAT rounds interleaved (a
# round runs every measurement once, the isolated run right before its
# in-process twin). For each it prints the fastest and the median wall time,
# the median CPU time (user + system, the plugin processes included), and the
# cost of isolation as the median over the rounds of isolated ÷ in process,
# with a 95% bootstrap interval of that median: on a shared VM one run can
# be 30% slower than its twin for no reason of its own, and a fastest-of-N
# moves by several percent from one invocation to the next, while the
# paired median and its interval say how far the figure can be trusted. Also
# the load average when the row's runs ended, and whether the JSON output of
# both is the same (md5). Not a test: nothing is asserted. Figures go in
# bench/README.md.
#
# usage: bench/isolation.sh [APPLICATIONS (default 250000)] [REPEAT (default 3; 15 or more for the interval)]
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

declare -A walls cpus load md5
for ((i = 0; i < REPEAT; i++)); do
  for t in 1 "$THREADS"; do
    for mode in isolated in-process; do
      flag=(); [ "$mode" = in-process ] && flag=(--no-isolate)
      read -r s c <<<"$(wall --threads "$t" "${flag[@]}")"
      k="$mode/$t"
      walls[$k]="${walls[$k]:-}$s "
      cpus[$k]="${cpus[$k]:-}$c "
      md5[$k]=$(md5sum <"$OUT" | cut -c1-32)
    done
    load[$t]="${load[$t]:-}$(cut -d' ' -f1 /proc/loadavg) "
  done
done
rm -f "$OUT"

# "MIN MEDIAN" of a list of numbers.
min_median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f %.2f", v[1], m}'; }
# The cost of isolation from the paired runs (isolated list, in-process list,
# the same order): "MEDIAN LOW HIGH" of isolated/in-process - 1 in percent,
# LOW and HIGH the 2.5% and 97.5% points of the median over 2,000 resamples
# of the pairs (seeded: the same runs give the same interval).
paired_cost() {
  awk -v a="$1" -v b="$2" '
    function median(x, n,   i, j, t) {
      for (i = 2; i <= n; i++) { t = x[i]; for (j = i - 1; j >= 1 && x[j] > t; j--) x[j + 1] = x[j]; x[j + 1] = t }
      return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
    }
    BEGIN {
      n = split(a, iso, " "); split(b, inp, " ")
      for (i = 1; i <= n; i++) r[i] = iso[i] / inp[i]
      for (i = 1; i <= n; i++) c[i] = r[i]
      m = median(c, n)
      srand(1)
      for (k = 1; k <= 2000; k++) {
        for (i = 1; i <= n; i++) s[i] = r[int(rand() * n) + 1]
        boot[k] = median(s, n)
      }
      median(boot, 2000)
      printf "%+.1f%% %+.1f%% %+.1f%%", (m - 1) * 100, (boot[50] - 1) * 100, (boot[1950] - 1) * 100
    }'
}

rounds=$(grep -c '"kind":"round"' "$FILE" || true)
echo "| export | threads | in process: fastest / median (s) | isolated: fastest / median (s) | cost of isolation (median of the $REPEAT pairs) | 95% interval | CPU in process / isolated, median (s) | CPU cost (median of the pairs) | load (1 min) | same JSON |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for t in 1 "$THREADS"; do
  read -r a_min a_med <<<"$(min_median <<<"${walls[in-process/$t]}")"
  read -r b_min b_med <<<"$(min_median <<<"${walls[isolated/$t]}")"
  read -r _ ca <<<"$(min_median <<<"${cpus[in-process/$t]}")"
  read -r _ cb <<<"$(min_median <<<"${cpus[isolated/$t]}")"
  read -r cost low high <<<"$(paired_cost "${walls[isolated/$t]}" "${walls[in-process/$t]}")"
  read -r ccost _ _ <<<"$(paired_cost "${cpus[isolated/$t]}" "${cpus[in-process/$t]}")"
  same=no; [ "${md5[in-process/$t]}" = "${md5[isolated/$t]}" ] && same=yes
  printf '| %s applications, %s rounds | %s | %s / %s | %s / %s | %s | %s to %s | %s / %s | %s | %s| %s |\n' "$APPS" "$rounds" "$t" \
    "$a_min" "$a_med" "$b_min" "$b_med" "$cost" "$low" "$high" "$ca" "$cb" "$ccost" "${load[$t]}" "$same"
done
