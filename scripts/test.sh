#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every test through
# ctest; then the same tests under ASan+UBSan and a short fuzz run of each
# parser. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
scripts/install-deps.sh --test
scripts/test-tools.sh build

echo "== build and test (RelWithDebInfo)"
# -O2 as RelWithDebInfo, with line tables only (-g1) instead of full debug
# information: the same code is tested, failures still point at file and
# line, and the compiler and assembler have far less to write. A unity build
# (each target compiled in a few large units) parses the shared headers once
# per unit rather than once per file; the code compiled is the same.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DCMAKE_UNITY_BUILD=ON -DBUILD_TESTING=ON >/dev/null
cmake --build build --parallel "$jobs"
ctest --test-dir build --output-on-failure --parallel "$jobs" --timeout 600

# The same suite again, built by clang with AddressSanitizer and
# UndefinedBehaviorSanitizer: any report fails the test that made it.
echo "== test under AddressSanitizer + UndefinedBehaviorSanitizer (clang, build-asan)"
scripts/sanitize.sh

# A short libFuzzer run of every parser that reads untrusted bytes, from the
# same tree; a crash, leak or sanitizer report fails the command. Each run
# starts from the committed corpus (fuzz/corpus/README.md), at the coverage
# earlier, longer runs reached, so 20 s of a core each goes further than a
# minute from the seeds did. Five targets share two cores, so this stage
# takes 50 s of wall time; longer runs (FUZZ_SECONDS=600 scripts/fuzz.sh, README) are made
# outside the test command, which CI must finish in 20 minutes.
fuzz_seconds=${FUZZ_SECONDS:-20}
echo "== fuzz the record, policy, wire, codec and CSV parsers (${fuzz_seconds} s of one core each, all at once)"
FUZZ_SECONDS=$fuzz_seconds FUZZ_BUILD_DIR=build-asan scripts/fuzz.sh
