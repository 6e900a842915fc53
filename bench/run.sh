#!/usr/bin/env bash
# bench/run.sh — fairaudit's throughput and memory benchmark.
#
# For one generated export, in one run: bytes/s, rounds/s, applications/s and
# peak RSS of (a) the parse-only ceiling, (b) `fairaudit audit` with the
# default policy, (c) with every plugin enabled — (b) and (c) at 1 thread and
# at all threads. Prints a Markdown table on stdout; progress goes to stderr.
# See bench/README.md for what each column means.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run.sh [APPLICATIONS] [options]

  APPLICATIONS        applications in the generated export: 1000000 (default),
                      10000000, or with a suffix: 1M, 10M, 250k
options:
  --build DIR         build directory with host/fairaudit, plugins/ and bench/
                      (default: $FAIRAUDIT_BUILD, else build/ in the repository)
  --data DIR          where generated exports are kept and reused
                      (default: BUILD/bench-data)
  --file FILE         measure this export instead of generating one
  --regenerate        generate the export again even if it exists
  --seed S            generator seed (default 1)
  --threads N         the "all threads" setting (default: nproc)
  --repeat N          run every measurement N times, interleaved (one round of
                      all, N rounds), and report the fastest of each (default 1)
  --ceiling-modes M   parse-ceiling modes to show, first is the ceiling
                      (default "dom sax insitu")
  --markdown FILE     also write the table to FILE
  --heavy             the heavy-findings export instead (fairaudit-gen
                      --no-documents: rounds without document records, about
                      110,000 findings per million applications under the
                      default policy) and a row for each end-of-run path:
                      JSON at 1 and THREADS threads, text, CSV, SARIF, HTML
                      and the nightly line (--store with SARIF, the second
                      night, and the first night into a new store, where
                      every finding is new); the ceiling is the SAX mode unless
                      --ceiling-modes says otherwise. Prints the outputs' MD5
                      (the same input gives the same bytes before and after
                      a change)
  -h, --help          this text
EOF
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APPS=1000000
BUILD=${FAIRAUDIT_BUILD:-$ROOT/build}
DATA=""
FILE=""
REGENERATE=0
SEED=1
THREADS=$(nproc)
REPEAT=1
CEILING_MODES="dom sax insitu"
MARKDOWN=""
HEAVY=0
CEILING_SET=0

die() { echo "bench/run.sh: $*" >&2; exit 2; }
log() { echo "bench/run.sh: $*" >&2; }

parse_count() {
  local s=${1//[,_]/}
  case $s in
    *[mM]) s=$(( ${s%[mM]} * 1000000 )) ;;
    *[kK]) s=$(( ${s%[kK]} * 1000 )) ;;
  esac
  [[ $s =~ ^[0-9]+$ ]] || die "not a number of applications: $1"
  echo "$s"
}

while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --build) BUILD=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    --file) FILE=$2; shift 2 ;;
    --regenerate) REGENERATE=1; shift ;;
    --seed) SEED=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --ceiling-modes) CEILING_MODES=$2; CEILING_SET=1; shift 2 ;;
    --heavy) HEAVY=1; shift ;;
    --markdown) MARKDOWN=$2; shift 2 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) APPS=$(parse_count "$1"); shift ;;
  esac
done
[[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a positive number"
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || die "--repeat: expected a positive number"
[ "$HEAVY" = 0 ] || [ "$CEILING_SET" = 1 ] || CEILING_MODES=sax

BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || die "no build directory at ${BUILD} (set FAIRAUDIT_BUILD or --build)"
DATA=${DATA:-$BUILD/bench-data}
GEN=$BUILD/bench/fairaudit-gen
CEILING=$BUILD/bench/fairaudit-parse-ceiling
FAIRAUDIT=$BUILD/host/fairaudit
ALL_PLUGINS_POLICY=$ROOT/bench/all-plugins.json

# --- Tools -------------------------------------------------------------------
# The benchmark tools are off in a default build (FAIRAUDIT_BUILD_BENCH): a
# tree without them gets them turned on and built.
if [ ! -x "$CEILING" ] || [ ! -x "$GEN" ]; then
  log "building the benchmark tools in $BUILD (-DFAIRAUDIT_BUILD_BENCH=ON)"
  cmake -S "$ROOT" -B "$BUILD" -DFAIRAUDIT_BUILD_BENCH=ON >&2 || die "cannot configure $BUILD with the benchmark tools"
  cmake --build "$BUILD" --target fairaudit fairaudit_all_plugins fairaudit_bench >&2 ||
    die "cannot build the benchmark tools in $BUILD"
fi
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time (Debian package 'time') for peak RSS"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y --no-install-recommends time >&2 ||
    { $SUDO apt-get update >&2 && $SUDO apt-get install -y --no-install-recommends time >&2; } ||
    die "cannot install the 'time' package; install it and run again"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fairaudit-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- The export --------------------------------------------------------------
GENERATED=""
if [ -z "$FILE" ]; then
  mkdir -p "$DATA"
  GEN_ARGS=()
  if [ "$HEAVY" = 1 ]; then
    FILE=$DATA/export-heavy-$APPS-seed$SEED.jsonl
    GEN_ARGS=(--no-documents)
  else
    FILE=$DATA/export-$APPS-seed$SEED.jsonl
  fi
  MANIFEST=$FILE.manifest.json
  if [ "$REGENERATE" = 1 ] || [ ! -s "$FILE" ] || [ ! -s "$MANIFEST" ]; then
    log "generating $APPS applications (seed $SEED${GEN_ARGS:+, ${GEN_ARGS[*]}}) into $FILE"
    rm -f "$MANIFEST"
    "$GEN" --applications "$APPS" --seed "$SEED" "${GEN_ARGS[@]}" --output "$FILE.partial" --manifest "$MANIFEST.partial"
    mv "$FILE.partial" "$FILE"
    mv "$MANIFEST.partial" "$MANIFEST"  # last: a file with a manifest is complete
    GENERATED=$MANIFEST
  else
    log "reusing $FILE (--regenerate to write it again)"
  fi
fi
[ -r "$FILE" ] || die "cannot read $FILE"
BYTES=$(stat -c %s "$FILE")

# The same bytes from the page cache for every measurement: read once first.
log "reading $FILE once into the page cache"
cat "$FILE" > /dev/null

# --- What is measured -------------------------------------------------------
# Every plugin folder must be in the all-plugins policy; one that is not is
# enabled for this run through a small policy extending it.
POLICY=$ALL_PLUGINS_POLICY
EXTRA=()
UNBUILT=()
for dir in "$ROOT"/plugins/*/; do
  [ -f "$dir/CMakeLists.txt" ] || continue
  name=$(basename "$dir")
  grep -q "\"$name\"" "$ALL_PLUGINS_POLICY" || EXTRA+=("$name")
  [ -f "$BUILD/plugins/$name.so" ] || UNBUILT+=("$name")
done
if [ ${#EXTRA[@]} -gt 0 ]; then
  log "warning: bench/all-plugins.json does not list ${EXTRA[*]}; enabled for this run, please add them to it"
  POLICY=$WORK/all-plugins.json
  {
    echo "{\"policy\": \"bench-all-plugins\", \"version\": \"run\", \"extends\": \"$ALL_PLUGINS_POLICY\","
    echo " \"plugins\": {"
    sep=""
    for name in "${EXTRA[@]}"; do
      echo "  $sep\"$name\": {\"enabled\": true}"
      sep=","
    done
    echo "}}"
  } > "$POLICY"
fi
[ ${#UNBUILT[@]} -eq 0 ] || log "warning: not built: ${UNBUILT[*]} (ninja -C $BUILD fairaudit_all_plugins)"

# The measurements, by id: ceiling-MODE, default-THREADS, all-THREADS, and
# machine-THREADS: THREADS copies of the ceiling at once, each a process of
# its own sharing nothing, which is as well as THREADS cores of this machine
# can scale (shared caches, memory bandwidth, and on a virtual machine
# whatever else runs on the same physical cores).
IDS=()
for mode in $CEILING_MODES; do IDS+=("ceiling-$mode"); done
THREAD_SETTINGS=(1)
[ "$THREADS" = 1 ] || THREAD_SETTINGS+=("$THREADS")
[ "$THREADS" = 1 ] || IDS+=("machine-$THREADS")
if [ -x "$FAIRAUDIT" ] && [ "$HEAVY" = 1 ]; then
  # The end-of-run paths, each writing its output to a file as a nightly job
  # would (-o): the findings are many, so what comes after the parse counts.
  for threads in "${THREAD_SETTINGS[@]}"; do IDS+=("json-$threads"); done
  IDS+=("text-$THREADS" "csv-$THREADS" "sarif-$THREADS" "html-$THREADS" "nightly-$THREADS" "first-$THREADS")
elif [ -x "$FAIRAUDIT" ]; then
  for key in default all; do
    for threads in "${THREAD_SETTINGS[@]}"; do IDS+=("$key-$threads"); done
  done
fi

# cmd_of ID — sets ARGS to the command of measurement ID. fairaudit's output
# goes to standard output, sent to /dev/null by the shell: `--output
# /dev/null` would make its whole-or-nothing writer rename a temporary file
# onto /dev/null.
cmd_of() {
  local id=$1
  case $id in
    ceiling-*) ARGS=("$CEILING" "$FILE" --mode "${id#ceiling-}") ;;
    machine-*) ARGS=("$CEILING" "$FILE" --mode "${CEILING_MODES%% *}") ;;
    default-*) ARGS=("$FAIRAUDIT" audit "$FILE" --format json --fail-on never --threads "${id#default-}") ;;
    all-*) ARGS=("$FAIRAUDIT" audit "$FILE" --format json --fail-on never --threads "${id#all-}" --policy "$POLICY") ;;
    json-*|text-*|csv-*|sarif-*|html-*)
      ARGS=("$FAIRAUDIT" audit "$FILE" --format "${id%%-*}" --fail-on never --threads "${id#*-}" -o "$WORK/out.$id") ;;
    nightly-*)
      ARGS=("$FAIRAUDIT" audit "$FILE" --store "$WORK/night.db" --format sarif --fail-on never --threads "${id#*-}"
            -o "$WORK/out.$id") ;;
    first-*)
      ARGS=("$FAIRAUDIT" audit "$FILE" --store "$WORK/first.db" --format sarif --fail-on never --threads "${id#*-}"
            -o "$WORK/out.$id") ;;
  esac
}

# The nightly line is measured as the second night: a store that holds the
# first night of the same export (seeded once, not measured, and copied
# before each measurement), so the run compares every finding with it.
seed_store() {
  [ "$HEAVY" = 1 ] || return 0
  log "seeding a store with the first night (not measured)"
  "$FAIRAUDIT" audit "$FILE" --store "$WORK/seed.db" --format json --fail-on never --threads "$THREADS" \
    -o "$WORK/seed.json" 2> "$WORK/stderr.seed" || die "the first night failed: $(tail -n 2 "$WORK/stderr.seed")"
  rm -f "$WORK/seed.json"
}
prepare_of() {
  case $1 in
    nightly-*) rm -f "$WORK"/night.db*; cp "$WORK/seed.db" "$WORK/night.db" ;;
    first-*) rm -f "$WORK"/first.db* ;;  # a new store: every finding is new
  esac
}

# --- Measuring ---------------------------------------------------------------
# The runs are interleaved: each round runs every measurement once, and the
# rounds repeat $REPEAT times. A slow minute of the machine then costs every
# measurement one run rather than all runs of one measurement, so the ratios
# between rows (of the ceiling, vs 1 thread) compare like with like. Per
# measurement the fastest wall time is kept, with its CPU time, and the
# largest peak RSS seen.
declare -A B_WALL B_CPU B_RSS B_RC
measure_once() {
  local id=$1 t0 t1 wall cpu rss rc
  if [ "${B_RC[$id]:-0}" -ne 0 ] && [ "${B_RC[$id]}" -ne 3 ]; then return; fi  # failed: not repeated
  cmd_of "$id"
  prepare_of "$id"
  t0=$(date +%s%N)
  set +e
  case $id in
    ceiling-*) /usr/bin/time -v -o "$WORK/time" "${ARGS[@]}" > "$WORK/stdout.run" 2> "$WORK/stderr.$id" ;;
    machine-*)
      # All copies started at once; the wall time is until the last ends, the
      # CPU time their sum (one time file each, summed below).
      local k pids=()
      rc=0
      for ((k = 1; k <= ${id#machine-}; k++)); do
        /usr/bin/time -v -o "$WORK/time.$k" "${ARGS[@]}" > /dev/null 2> "$WORK/stderr.$id.$k" &
        pids+=($!)
      done
      for k in "${pids[@]}"; do wait "$k" || rc=$?; done
      cat "$WORK"/time.[0-9]* > "$WORK/time"
      rm -f "$WORK"/time.[0-9]*
      (exit "$rc") ;;
    *) /usr/bin/time -v -o "$WORK/time" "${ARGS[@]}" > /dev/null 2> "$WORK/stderr.$id" ;;
  esac
  rc=$?
  set -e
  t1=$(date +%s%N)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  cpu=$(awk -F': ' '/User time \(seconds\)/ { u += $2 } /System time \(seconds\)/ { s += $2 }
                   END { printf "%.2f", u + s }' "$WORK/time")
  rss=$(awk -F': ' '/Maximum resident set size/ { if ($2 > m) m = $2 } END { print m + 0 }' "$WORK/time")
  if [ "${rss:-0}" -gt "${B_RSS[$id]:-0}" ]; then B_RSS[$id]=$rss; fi
  if [ "$rc" -ne 0 ]; then B_RC[$id]=$rc; else B_RC[$id]=${B_RC[$id]:-0}; fi
  if [ -z "${B_WALL[$id]:-}" ] || awk -v a="$wall" -v b="${B_WALL[$id]}" 'BEGIN { exit !(a < b) }'; then
    B_WALL[$id]=$wall B_CPU[$id]=$cpu
  fi
  if [ "$id" = "ceiling-${CEILING_MODES%% *}" ] && [ -z "$ROUNDS" ]; then
    ROUNDS=$(grep -o 'rounds=[0-9]*' "$WORK/stdout.run" | head -n 1 | cut -d= -f2)
    APPLICATIONS=$(grep -o 'applications=[0-9]*' "$WORK/stdout.run" | head -n 1 | cut -d= -f2)
  fi
}

ROWS=()
CEILING_BPS=""
ROUNDS=""
APPLICATIONS=""
declare -A BPS RSS WALL

# take ID — the kept figures of measurement ID as M_WALL M_CPU M_RSS_KB M_RC.
take() {
  M_WALL=${B_WALL[$1]:-} M_CPU=${B_CPU[$1]:-} M_RSS_KB=${B_RSS[$1]:-0} M_RC=${B_RC[$1]:-0}
}

# row LABEL KEY THREADS NOTE [COPIES] — one table row from the last
# measurement taken, which read the export COPIES times (default once).
row() {
  local label=$1 key=$2 threads=$3 note=$4 copies=${5:-1}
  local bps rps aps rss_mb of_ceiling speedup
  bps=$(awk -v b="$BYTES" -v c="$copies" -v s="$M_WALL" 'BEGIN { printf "%.1f", c * b / 1e6 / s }')
  rps=$(awk -v n="$ROUNDS" -v c="$copies" -v s="$M_WALL" 'BEGIN { printf "%.0f", c * n / s }')
  aps=$(awk -v n="$APPLICATIONS" -v c="$copies" -v s="$M_WALL" 'BEGIN { printf "%.0f", c * n / s }')
  rss_mb=$(awk -v k="$M_RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')
  of_ceiling="—"
  [ -z "$CEILING_BPS" ] || of_ceiling=$(awk -v a="$bps" -v c="$CEILING_BPS" 'BEGIN { printf "%.0f%%", 100 * a / c }')
  speedup="—"
  if [ "$threads" != 1 ] && [ -n "${BPS[$key-1]:-}" ]; then
    speedup=$(awk -v a="$bps" -v c="${BPS[$key-1]}" 'BEGIN { printf "%.2f×", a / c }')
  fi
  BPS[$key-$threads]=$bps RSS[$key-$threads]=$rss_mb WALL[$key-$threads]=$M_WALL
  ROWS+=("| $label | $threads | $M_WALL | $M_CPU | $bps | $rps | $aps | $rss_mb | $of_ceiling | $speedup | $note |")
}

failed_row() {
  local label=$1 threads=$2 note=$3
  ROWS+=("| $label | $threads | — | — | — | — | — | — | — | — | $note |")
}

seed_store
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

for ((r = 1; r <= REPEAT; r++)); do
  for id in "${IDS[@]}"; do
    log "$id, run $r/$REPEAT"
    measure_once "$id"
  done
done

# (a) The parse-only ceiling, and the reference modes.
first=1
for mode in $CEILING_MODES; do
  take "ceiling-$mode"
  if [ "$M_RC" -ne 0 ]; then
    die "the parse ceiling failed on $FILE: $(tail -n 3 "$WORK/stderr.ceiling-$mode")"
  fi
  case $mode in
    dom) what="RapidJSON DOM per line, strings copied, UTF-8 validated" ;;
    insitu) what="RapidJSON DOM per line, parsed in place, UTF-8 validated" ;;
    sax) what="RapidJSON SAX events, no DOM, UTF-8 validated" ;;
    *) what=$mode ;;
  esac
  if [ $first = 1 ]; then
    row "(a) parse ceiling" ceiling 1 "$what"
    CEILING_BPS=${BPS[ceiling-1]}
    first=0
  else
    row "(a′) parse, for reference" "ceiling-$mode" 1 "$what"
  fi
done

# (a″) The machine's own scaling: THREADS ceilings at once. Their MB/s is
# THREADS copies of the export over the wall time until the last ended.
MACHINE_SCALING=""
if [ "$THREADS" != 1 ]; then
  take "machine-$THREADS"
  if [ "$M_RC" -eq 0 ]; then
    BPS[machine-1]=$CEILING_BPS
    row "(a″) $THREADS parse ceilings at once" machine "$THREADS" \
      "$THREADS processes sharing nothing: how far $THREADS cores of this machine scale" "$THREADS"
    MACHINE_SCALING=$(awk -v a="${BPS[machine-$THREADS]}" -v c="$CEILING_BPS" 'BEGIN { printf "%.2f", a / c }')
  else
    failed_row "(a″) $THREADS parse ceilings at once" "$THREADS" "failed, exit $M_RC"
  fi
fi

# (b) and (c): fairaudit audit, at 1 thread and at all threads.
audit_rows() {
  local label=$1 key=$2 threads note
  for threads in "${THREAD_SETTINGS[@]}"; do
    if [ ! -x "$FAIRAUDIT" ]; then
      failed_row "$label" "$threads" "not measured: no $FAIRAUDIT (ninja -C $BUILD fairaudit fairaudit_all_plugins)"
      continue
    fi
    take "$key-$threads"
    case $M_RC in
      0) note="" ;;
      3) note="exit 3: a plugin failed on some round" ;;
      *) failed_row "$label" "$threads" "failed, exit $M_RC: $(tail -n 1 "$WORK/stderr.$key-$threads" | tr '|' '/' | cut -c1-160)"
         continue ;;
    esac
    row "$label" "$key" "$threads" "$note"
  done
}

# (d) The heavy export's end-of-run paths (--heavy).
heavy_row() {
  local label=$1 id=$2 threads=${2#*-} key=${2%%-*}
  take "$id"
  case $M_RC in
    0|1) ;;
    *) failed_row "$label" "$threads" "failed, exit $M_RC: $(tail -n 1 "$WORK/stderr.$id" | tr '|' '/' | cut -c1-160)"
       return ;;
  esac
  local size
  size=$(stat -c %s "$WORK/out.$id" 2>/dev/null || echo 0)
  row "$label" "$key" "$threads" "output $(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1e6 }')"
  OUT_MB[$id]=$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }')
  MD5S+=("- \`$id\`: $(md5sum < "$WORK/out.$id" | cut -d' ' -f1)")
}
declare -A OUT_MB
MD5S=()
if [ "$HEAVY" = 1 ] && [ -x "$FAIRAUDIT" ]; then
  for threads in "${THREAD_SETTINGS[@]}"; do heavy_row "(d) audit --format json -o" "json-$threads"; done
  heavy_row "(d) audit --format text -o" "text-$THREADS"
  heavy_row "(d) audit --format csv -o" "csv-$THREADS"
  heavy_row "(d) audit --format sarif -o" "sarif-$THREADS"
  heavy_row "(d) audit --format html -o" "html-$THREADS"
  heavy_row "(d) audit --store DB --format sarif -o (second night)" "nightly-$THREADS"
  heavy_row "(d) audit --store DB --format sarif -o (first night, a new store)" "first-$THREADS"
else
  audit_rows "(b) fairaudit audit, default policy" default
  audit_rows "(c) fairaudit audit, all plugins" all
fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Report ------------------------------------------------------------------
{
  echo "## fairaudit benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
       "$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM; load average $LOAD_BEFORE before," \
       "$LOAD_AFTER after"
  echo "- export: \`$FILE\`: $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $ROUNDS rounds," \
       "$APPLICATIONS applications"
  if [ -n "$GENERATED" ]; then
    awk -v m="$(tr -d '\n' < "$GENERATED")" 'BEGIN {
      match(m, /"bytes":[0-9]+/); b = substr(m, RSTART + 8, RLENGTH - 8)
      match(m, /"seconds":[0-9.e+-]+/); s = substr(m, RSTART + 10, RLENGTH - 10)
      match(m, /"applications":[0-9]+/); a = substr(m, RSTART + 15, RLENGTH - 15)
      printf "- generated in this run by fairaudit-gen: %.2f s, %.1f MB/s, %.0f applications/s (to the file)\n", s, b / 1e6 / s, a / s
    }'
  fi
  if [ "$HEAVY" = 1 ]; then
    echo "- best of $REPEAT interleaved run(s) each; page cache warm; MB = 10^6 bytes; fairaudit's output to a file in $WORK (-o), default policy"
  else
    echo "- best of $REPEAT interleaved run(s) each; page cache warm; MB = 10^6 bytes; fairaudit's output (JSON) to /dev/null"
  fi
  echo
  echo "| measurement | threads | wall s | CPU s | MB/s | rounds/s | applications/s | peak RSS MB | of ceiling | vs 1 thread | note |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Targets:"
  check() { if [ "$2" = 1 ]; then echo "- [x] $1"; else echo "- [ ] $1"; fi; }
  if [ "$HEAVY" = 1 ]; then
    peak=0
    for k in "${!RSS[@]}"; do
      case $k in json-*|text-*|csv-*|sarif-*|html-*|nightly-*|first-*) peak=$(awk -v a="$peak" -v b="${RSS[$k]}" 'BEGIN { print (b > a) ? b : a }') ;; esac
    done
    check "peak RSS under 200 MB on every path: $peak MB (compare with the other size for the 20% target)" \
      "$(awk -v p="$peak" 'BEGIN { print (p < 200) ? 1 : 0 }')"
    if [ -n "${WALL[nightly-$THREADS]:-}" ] && [ -n "${WALL[json-$THREADS]:-}" ]; then
      check "nightly line within 1.25× of the JSON run: $(awk -v a="${WALL[nightly-$THREADS]}" -v b="${WALL[json-$THREADS]}" 'BEGIN { printf "%.2f×", a / b }') (SARIF alone: $(awk -v a="${WALL[sarif-$THREADS]:-0}" -v b="${WALL[json-$THREADS]}" 'BEGIN { printf "%.2f×", a / b }'))" \
        "$(awk -v a="${WALL[nightly-$THREADS]}" -v b="${WALL[json-$THREADS]}" 'BEGIN { print (a <= 1.25 * b) ? 1 : 0 }')"
    fi
    if [ -n "${BPS[json-$THREADS]:-}" ] && [ "$THREADS" != 1 ]; then
      check "JSON on $THREADS threads ≥ 0.9 × the parse ceiling: $(awk -v a="${BPS[json-$THREADS]}" -v c="$CEILING_BPS" 'BEGIN { printf "%.2f×", a / c }')" \
        "$(awk -v a="${BPS[json-$THREADS]}" -v c="$CEILING_BPS" 'BEGIN { print (a >= 0.9 * c) ? 1 : 0 }')"
    fi
    [ -z "${OUT_MB[html-$THREADS]:-}" ] ||
      check "HTML under 10 MB: ${OUT_MB[html-$THREADS]} MB" "$(awk -v m="${OUT_MB[html-$THREADS]}" 'BEGIN { print (m < 10) ? 1 : 0 }')"
    echo
    echo "MD5 of the outputs (the same export and build tree give the same bytes at any thread count):"
    printf '%s\n' "${MD5S[@]}"
  elif [ -n "${BPS[default-$THREADS]:-}" ] && [ "$THREADS" != 1 ]; then
    check "default policy on $THREADS threads ≥ 70% of the parse ceiling: $(awk -v a="${BPS[default-$THREADS]}" -v c="$CEILING_BPS" 'BEGIN { printf "%.0f%%", 100 * a / c }')" \
      "$(awk -v a="${BPS[default-$THREADS]}" -v c="$CEILING_BPS" 'BEGIN { print (a >= 0.7 * c) ? 1 : 0 }')"
    check "default policy on $THREADS threads ≥ 1.5 × its 1-thread figure: $(awk -v a="${BPS[default-$THREADS]}" -v c="${BPS[default-1]:-0}" 'BEGIN { if (c > 0) printf "%.2f×", a / c; else print "n/a" }')" \
      "$(awk -v a="${BPS[default-$THREADS]}" -v c="${BPS[default-1]:-0}" 'BEGIN { print (c > 0 && a >= 1.5 * c) ? 1 : 0 }')"
    [ -z "$MACHINE_SCALING" ] ||
      echo "  (for comparison: $THREADS independent parse ceilings at once gave ${MACHINE_SCALING}× the throughput of one, row (a″))"
    if [ "$APPLICATIONS" -ge 10000000 ]; then
      check "$APPLICATIONS applications end to end in under 30 s: ${WALL[default-$THREADS]} s" \
        "$(awk -v s="${WALL[default-$THREADS]}" 'BEGIN { print (s < 30) ? 1 : 0 }')"
    fi
    peak=0
    for k in "${!RSS[@]}"; do
      case $k in default-*|all-*) peak=$(awk -v a="$peak" -v b="${RSS[$k]}" 'BEGIN { print (b > a) ? b : a }') ;; esac
    done
    check "peak RSS under 200 MB: $peak MB (compare with the other size for the 20% target)" \
      "$(awk -v p="$peak" 'BEGIN { print (p < 200) ? 1 : 0 }')"
  else
    echo "- not checked: fairaudit was not measured on more than one thread"
  fi
} > "$WORK/report.md"

cat "$WORK/report.md"
[ -z "$MARKDOWN" ] || cp "$WORK/report.md" "$MARKDOWN"
