#!/usr/bin/env bash
# Rewrites the golden findings of the bundled fixtures after an intended
# change. Review the diff before committing it: it is the contract.
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${FAIRAUDIT:-build/host/fairaudit}
set +e
"$exe" audit fixtures/oslo/export.jsonl --policy policies/oslo-kommune.json --format json --audience internal \
  --output fixtures/oslo/expected.json
rc=$?
set -e
[[ $rc -le 1 ]] || { echo "audit failed with $rc" >&2; exit 1; }
echo "wrote fixtures/oslo/expected.json"
set +e
"$exe" audit fixtures/diversity/export.jsonl --policy fixtures/diversity/policy.json --format json --audience internal \
  --output fixtures/diversity/expected.json
rc=$?
set -e
[[ $rc -le 1 ]] || { echo "audit failed with $rc" >&2; exit 1; }
echo "wrote fixtures/diversity/expected.json"
set +e
"$exe" audit fixtures/denmark/export.jsonl --policy policies/denmark-kommune.json --format json --audience internal \
  --output fixtures/denmark/expected.json
rc=$?
set -e
[[ $rc -le 1 ]] || { echo "audit failed with $rc" >&2; exit 1; }
echo "wrote fixtures/denmark/expected.json"
set +e
"$exe" audit fixtures/sweden/export.jsonl --policy policies/sweden-kommun.json --format json --audience internal \
  --output fixtures/sweden/expected.json
rc=$?
set -e
[[ $rc -le 1 ]] || { echo "audit failed with $rc" >&2; exit 1; }
echo "wrote fixtures/sweden/expected.json"
echo "the ATS samples' golden files: FAIRAUDIT_UPDATE_GOLDEN=1 build/tests/convert/convert_test --gtest_filter='*Golden*'"
