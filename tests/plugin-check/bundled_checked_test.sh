#!/usr/bin/env bash
# Usage: bundled_checked_test.sh SOURCE_DIR BUILD_DIR
# Every folder under plugins/ is a bundled plugin; the build checked each
# (cmake/FairauditPlugin.cmake leaves plugins/NAME/NAME.checked when
# `fairaudit plugins NAME.so` accepted it) after its library was last linked.
set -euo pipefail
src=$1 build=$2
n=0
for list in "$src"/plugins/*/CMakeLists.txt; do
  name=$(basename "$(dirname "$list")")
  lib="$build/plugins/$name.so" checked="$build/plugins/$name/$name.checked"
  [[ -f $lib ]] || { echo "$name: $lib not built"; exit 1; }
  [[ -f $checked ]] || { echo "$name: not checked by the build ($checked missing)"; exit 1; }
  [[ ! $lib -nt $checked ]] || { echo "$name: linked again after its check"; exit 1; }
  n=$((n + 1))
done
[[ $n -gt 0 ]] || { echo "no bundled plugins found under $src/plugins"; exit 1; }
echo "$n bundled plugins checked by the build"
