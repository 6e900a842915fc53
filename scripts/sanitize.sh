#!/usr/bin/env bash
# The whole test suite built with AddressSanitizer and
# UndefinedBehaviorSanitizer (-DFAIRAUDIT_SANITIZE=ON) in BUILD_DIR (default
# build-asan). Every sanitizer report is fatal to the process that makes it, so
# a report fails its test.
#
#   scripts/sanitize.sh              build and run every test
#   scripts/sanitize.sh -R REGEX     only the tests matching REGEX (ctest -R)
#
# Environment: SANITIZE_BUILD_DIR (default build-asan).
# Quiet on success: one closing line. On failure: the failed tests and, for
# each, the sanitizer reports and assertion messages from its output; the full
# output is in BUILD_DIR/sanitize-test.log.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${SANITIZE_BUILD_DIR:-build-asan}
jobs=$(nproc)

# A tree configured by an older version of this script with g++ is started afresh.
if [[ -f "$build/CMakeCache.txt" ]] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++' "$build/CMakeCache.txt"; then
  rm -rf "$build"
fi
mkdir -p "$build"
log="$build/sanitize-build.log"
test_log="$build/sanitize-test.log"
fail_with_log() {
  echo "sanitize: $1 failed; the last lines of $log:" >&2
  tail -n 40 "$log" >&2
  exit 1
}

start=$(date +%s)
scripts/install-deps.sh --test >"$log" 2>&1 || fail_with_log "installing the dependencies"
if [[ -x scripts/test-tools.sh ]]; then
  scripts/test-tools.sh "$build" >>"$log" 2>&1 || fail_with_log "installing the test tools"
fi
# clang at -O1 with line tables only: the sanitizers' usual setting, and about
# half the build time of -O2 -g on two cores; a unity build, as in
# scripts/test.sh (the parsers the fuzzers instrument are compiled file by
# file: CMake leaves sources with options of their own out of the unity
# units). The same tree builds the libFuzzer targets (FAIRAUDIT_FUZZ), so scripts/fuzz.sh can run them from here.
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" -DBUILD_TESTING=ON -DCMAKE_UNITY_BUILD=ON \
  -DFAIRAUDIT_SANITIZE=ON -DFAIRAUDIT_FUZZ=ON -DFAIRAUDIT_BUILD_BENCH=OFF >>"$log" 2>&1 ||
  fail_with_log "configuring $build"
cmake --build "$build" --parallel "$jobs" >>"$log" 2>&1 || {
  echo "sanitize: the build failed; its errors:" >&2
  grep -E "error|FAILED" "$log" | head -n 30 >&2
  exit 1
}
built=$(date +%s)

# Leaks are reported (LeakSanitizer is on by default with ASan on Linux);
# UBSan stops at its first report with a stack trace. Callers may add options.
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
# cmake/ubsan.supp: one harmless report inside RapidJSON 1.1.0's header.
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$(pwd)/cmake/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

rc=0
ctest --test-dir "$build" --output-on-failure --parallel "$jobs" --timeout 900 "$@" >"$test_log" 2>&1 || rc=$?
summary=$(grep -E '^[0-9]+% tests passed' "$test_log" | tail -n 1 || true)
total=$(sed -n 's/.* out of \([0-9]*\)$/\1/p' <<<"$summary")
failed=$(sed -n 's/.*, \([0-9]*\) tests* failed out of.*/\1/p' <<<"$summary")
skipped=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .*\*\*\*Skipped' "$test_log" || true)
done_at=$(date +%s)

if ((rc != 0)) || [[ -z "$total" ]]; then
  if [[ -z "$total" ]]; then
    echo "sanitize: ctest did not run (exit $rc); the last lines of $test_log:"
    tail -n 30 "$test_log"
    exit 1
  fi
  echo "sanitize: ${failed:-?} of $total tests failed under ASan+UBSan; full output in $test_log"
  # The failed tests as ctest lists them, then what each one reported.
  sed -n '/^The following tests FAILED:/,$p' "$test_log" | grep -E '^\s+[0-9]+ - ' || true
  # ctest prints the output of a failed test right after its status line.
  awk '
    / Test +#[0-9]+: / {
      name = ""
      if ($0 ~ /\*\*\*(Failed|Exception|Timeout)|Subprocess aborted/) { name = $0; sub(/^.*Test +#[0-9]+: /, "", name); sub(/ \.+.*$/, "", name) }
      next
    }
    name != "" && (/^==[0-9]+==ERROR: / || /runtime error: / || /^SUMMARY: [A-Za-z]+Sanitizer/ || /: Failure$/ ||
                   /^ *(Expected|Which is|Value of|Actual)/ || /^CMake Error/ || /FAILED|[Ee]rror:/) {
      if (shown[name]++ < 12) print "  [" name "] " substr($0, 1, 200)
    }' "$test_log" | head -n 120
  exit 1
fi
# ctest counts a skipped test among the passed ones.
echo "sanitize: ASan+UBSan build $((built - start)) s, tests $((done_at - built)) s"
echo "sanitize: $((total - ${failed:-0} - skipped)) passed, ${failed:-0} failed, $skipped skipped"
