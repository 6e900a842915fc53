#!/usr/bin/env bash
# Merges what the fuzzers found in BUILD_DIR/fuzz/corpus/TARGET back into the
# committed corpus (fuzz/corpus/TARGET, fuzz/csv/corpus for csv), minimized:
# libFuzzer's -merge=1 keeps only the inputs that reach coverage the seeds and
# the other kept inputs do not. Hand-made seeds (files not named by a SHA-1)
# are kept as they are.
#
#   FUZZ_SECONDS=600 scripts/fuzz.sh && scripts/fuzz-corpus.sh [TARGET...]
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz, as scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FUZZ_BUILD_DIR:-build-fuzz}
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(record policy wire codec csv); fi
dir="$build/fuzz"
# The names libFuzzer gives the inputs it finds.
sha1='.*/[0-9a-f]{40}'
for t in "${targets[@]}"; do
  committed="fuzz/corpus/$t"
  [[ $t == csv ]] && committed="fuzz/csv/corpus"
  if [[ ! -x "$dir/fuzz_$t" || ! -d "$dir/seeds/$t" ]]; then
    echo "fuzz-corpus: $dir/fuzz_$t or its seeds are missing; run scripts/fuzz.sh $t first" >&2
    exit 2
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/kept" "$dir/corpus/$t"
  # The generated seeds (fixture lines, policies, wire messages) are the
  # baseline: an input is kept only for what they do not already reach.
  find "$dir/seeds/$t" -maxdepth 1 -regextype posix-extended -type f ! -regex "$sha1" -exec cp {} "$work/kept/" \;
  find "$work/kept" -maxdepth 1 -regextype posix-extended -type f -printf '%f\n' >"$work/baseline"
  "$dir/fuzz_$t" -merge=1 "$work/kept" "$committed" "$dir/corpus/$t" >"$work/merge.log" 2>&1 || {
    echo "fuzz-corpus: merging $t failed; the last lines of its log:" >&2
    tail -n 20 "$work/merge.log" >&2
    exit 1
  }
  while IFS= read -r f; do rm -f "$work/kept/$f"; done <"$work/baseline"
  find "$committed" -maxdepth 1 -regextype posix-extended -type f -regex "$sha1" -delete
  cp "$work/kept/"* "$committed/" 2>/dev/null || true
  echo "fuzz-corpus: $t: $(find "$committed" -maxdepth 1 -regextype posix-extended -type f -regex "$sha1" | wc -l) inputs kept in $committed"
  rm -rf "$work"
  trap - EXIT
done
