#!/usr/bin/env bash
# Short libFuzzer runs of the parsers that read untrusted bytes: export record
# lines (fuzz_record), policy files (fuzz_policy) and messages from isolated
# plugin processes (fuzz_wire), and the evidence codec's decoders
# (fuzz_codec). Built with clang++, AddressSanitizer and
# UndefinedBehaviorSanitizer in BUILD_DIR (default build-fuzz).
#
#   scripts/fuzz.sh                 every target, each for FUZZ_SECONDS (default 60)
#                                   of one core's time
#   scripts/fuzz.sh record wire     only these targets
#
# All targets run at once, sharing the cores: with T targets on C cores each
# runs for FUZZ_SECONDS * T / C seconds of wall time (at least FUZZ_SECONDS),
# so every target gets the same share and no core waits for the last one.
#
# Environment: FUZZ_SECONDS (per target), FUZZ_BUILD_DIR (default build-fuzz).
# Prints one line per target; exits non-zero on any crash, leak, timeout,
# out-of-memory or sanitizer report, showing the report and the input that
# caused it (kept in BUILD_DIR/fuzz/artifacts/TARGET/). A crash input belongs
# in tests/fuzz-regressions/inputs/TARGET/ once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD_DIR:-build-fuzz}
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(record policy wire codec csv); fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "fuzz: FUZZ_SECONDS must be a whole number of seconds, not '$seconds'" >&2
  exit 2
fi
for t in "${targets[@]}"; do
  case "$t" in record | policy | wire | codec | csv) ;; *)
    echo "fuzz: unknown target '$t' (expected record, policy, wire, codec or csv)" >&2
    exit 2
    ;;
  esac
done

mkdir -p "$build"
log="$build/fuzz-build.log"
fail_with_log() {
  echo "fuzz: $1 failed; the last lines of $log:" >&2
  tail -n 40 "$log" >&2
  exit 1
}

# The build dependencies, then clang and its sanitizer and libFuzzer runtimes.
scripts/install-deps.sh >"$log" 2>&1 || fail_with_log "installing the build dependencies"
missing=()
for p in clang libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  {
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  } >>"$log" 2>&1 || fail_with_log "installing ${missing[*]}"
fi

# A tree already configured with the fuzz targets (scripts/sanitize.sh makes
# one) is used as it is; otherwise a sanitizer tree without the tests is
# configured, with scripts/sanitize.sh's compiler flags. The targets link that
# tree's host library.
if ! grep -q '^FAIRAUDIT_FUZZ:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null ||
  ! grep -q '^FAIRAUDIT_SANITIZE:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
    -DFAIRAUDIT_SANITIZE=ON -DFAIRAUDIT_FUZZ=ON -DBUILD_TESTING=OFF -DFAIRAUDIT_BUILD_BENCH=OFF >>"$log" 2>&1 ||
    fail_with_log "configuring $build"
fi
cmake --build "$build" --target fuzz --parallel "$(nproc)" >>"$log" 2>&1 || fail_with_log "building the fuzz targets"

dir="$build/fuzz"
cores=$(nproc)
wall=$((seconds * ${#targets[@]} / cores))
if ((wall < seconds)); then wall=$seconds; fi
# One input taking 30 s of a core is a hang worth reporting (the machine may
# be shared, so not less); sharing the cores stretches that in wall time too.
hang=$((30 * wall / seconds))
# Every target at once; each target's report is printed in the order the
# targets were named, once all have finished.
run_target() {
  local t=$1 run_log="$dir/fuzz_$1.log" out="$dir/fuzz_$1.result"
  # The corpus grows in the build tree from run to run; the seeds are
  # rewritten at every configure.
  mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t"
  local start rc=0 dict="$root/fuzz/$t.dict"
  [[ $t == csv ]] && dict="$root/fuzz/csv/csv.dict"
  start=$(date +%s)
  # Leak checking is on by default with ASan.
  "$dir/fuzz_$t" -max_total_time="$wall" -timeout="$hang" -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$dict" -artifact_prefix="$dir/artifacts/$t/" "$dir/corpus/$t" "$dir/seeds/$t" >"$run_log" 2>&1 || rc=$?
  local took=$(($(date +%s) - start))
  local runs speed last cov ft corp
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run_log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run_log" | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$run_log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  # A sanitizer report that did not stop the run is a failure too.
  if ((rc == 0)) && grep -qE '^(==[0-9]+==ERROR|SUMMARY: [A-Za-z]+Sanitizer)|runtime error:' "$run_log"; then rc=1; fi
  if ((rc != 0)); then
    {
      echo "fuzz_$t: FAILED after ${took} s (exit $rc); report from $run_log:"
      grep -nE 'ERROR|runtime error|SUMMARY|Assertion|deadly signal|Test unit written|artifact_prefix' "$run_log" | head -n 20
      local artifact
      artifact=$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$run_log" | tail -n 1)
      if [[ -n "$artifact" ]]; then echo "  reproduce: $dir/fuzz_$t $artifact"; fi
    } >"$out"
    return 1
  fi
  printf 'fuzz_%s: %s runs in %s s (%s/s), coverage %s edges, %s features, corpus %s inputs\n' \
    "$t" "${runs:-?}" "$took" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" >"$out"
}

for t in "${targets[@]}"; do
  run_target "$t" &
done
wait || true
status=0
for t in "${targets[@]}"; do
  cat "$dir/fuzz_$t.result" 2>/dev/null || echo "fuzz_$t: no result (see $dir/fuzz_$t.log)"
  if ! grep -q ' runs in ' "$dir/fuzz_$t.result" 2>/dev/null; then status=1; fi
done
exit "$status"
