#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every test through
# ctest. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
scripts/install-deps.sh --test
scripts/test-tools.sh build

echo "== build and test (RelWithDebInfo)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON >/dev/null
cmake --build build --parallel "$jobs"
ctest --test-dir build --output-on-failure --parallel "$jobs" --timeout 600

# Also available, not yet part of this command (see docs/guarantees.md):
#   scripts/sanitize.sh   the whole suite under AddressSanitizer and UndefinedBehaviorSanitizer
#   scripts/fuzz.sh       a libFuzzer run of the record, policy, wire and CSV parsers
