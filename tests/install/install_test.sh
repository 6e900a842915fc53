#!/usr/bin/env bash
# Usage: install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR CXX
# CXX: the compiler fairaudit was built with. A plugin author must use the
# same one (the loader refuses a plugin of another toolchain), so the
# out-of-tree builds below use it too.
set -euo pipefail
build=$1 src=$2 work=$3 cxx=$4
rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null

# The installed executable finds its installed plugins and default policy.
out=$(cd "$work" && "$prefix/bin/fairaudit" plugins)
grep -q "^representative-involvement " <<<"$out" || { echo "installed plugins not found: $out"; exit 1; }
set +e
(cd "$work" && "$prefix/bin/fairaudit" audit "$src/fixtures/oslo/export.jsonl" >"$work/audit.txt" 2>"$work/audit.err")
rc=$?
set -e
[[ $rc -le 1 ]] || { cat "$work/audit.err"; echo "installed audit failed: $rc"; exit 1; }
grep -q "policy oslo-kommune" "$work/audit.txt" || { echo "default policy not used"; exit 1; }

# The installed SDK package brings no Boost: its targets name no Boost target,
# include directory or definition.
if grep -il "boost" "$prefix"/lib*/cmake/fairaudit/fairauditTargets*.cmake; then
  echo "the installed fairaudit::sdk target drags Boost in"; exit 1
fi

# An out-of-tree plugin builds against the installed SDK, without Boost: no
# Boost include path or definition in its compile command, and the compiler's
# list of the headers it read (-H) names no Boost header. The example sets no
# C++ standard itself: the package carries it.
cmake -S "$src/examples/out-of-tree-plugin" -B "$work/plugin" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_CXX_FLAGS=-H >/dev/null
cmake --build "$work/plugin" >"$work/plugin-build.txt" 2>&1 || { cat "$work/plugin-build.txt"; exit 1; }
grep -q "fairaudit/plugin.hpp" "$work/plugin-build.txt" || { echo "no header list from -H"; exit 1; }
if grep -n "/boost/" "$work/plugin-build.txt"; then echo "the out-of-tree plugin read Boost headers"; exit 1; fi
if grep -in "boost" "$work/plugin/compile_commands.json"; then echo "Boost on the plugin's compile command"; exit 1; fi
grep -q -- "-std=c++20\|-std=gnu++20" "$work/plugin/compile_commands.json" ||
  { echo "the package does not carry C++20"; cat "$work/plugin/compile_commands.json"; exit 1; }
out=$("$prefix/bin/fairaudit" plugins --plugin-dir "$work/plugin")
grep -q "^decision-recorded 1.0.0" <<<"$out" || { echo "out-of-tree plugin not loaded: $out"; exit 1; }
cat >"$work/p.json" <<'JSON'
{"policy": "example", "version": "1", "plugins": {"decision-recorded": {}}}
JSON
printf '%s\n' '{"kind":"round","schema":1,"round_id":"R-1","org_unit":"x","jurisdiction":"other","recommendation_at":"2026-03-01","applicants":[]}' >"$work/e.jsonl"
set +e
"$prefix/bin/fairaudit" audit "$work/e.jsonl" --policy "$work/p.json" --plugin-dir "$work/plugin" --fail-on note >"$work/e.txt"
rc=$?
set -e
[[ $rc -eq 1 ]] || { cat "$work/e.txt"; echo "expected exit 1 from the example's note, got $rc"; exit 1; }
grep -q "decision-recorded/decision-date" "$work/e.txt" || { echo "finding missing"; exit 1; }
# The example in docs/plugins.md, as printed there, builds and loads.
mkdir -p "$work/docs-example"
awk '/^```cpp$/ {on=1; next} /^```$/ {on=0} on' "$src/docs/plugins.md" >"$work/docs-example/example.cpp"
awk '/^```cmake$/ {on=1; next} /^```$/ {on=0} on' "$src/docs/plugins.md" >"$work/docs-example/CMakeLists.txt"
grep -q "FAIRAUDIT_PLUGIN(Example)" "$work/docs-example/example.cpp" || { echo "docs example not found"; exit 1; }
cmake -S "$work/docs-example" -B "$work/docs-example/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$work/docs-example/build" >"$work/docs-build.txt" 2>&1 || { cat "$work/docs-build.txt"; exit 1; }
out=$("$prefix/bin/fairaudit" plugins --plugin-dir "$work/docs-example/build")
grep -q "^example 1.0.0" <<<"$out" || { echo "docs example plugin not loaded: $out"; exit 1; }
# The build checked the library with the installed fairaudit (name, stamp, start).
grep -q "^example 1.0.0 .*" "$work/docs-build.txt" ||
  { cat "$work/docs-build.txt"; echo "the plugin was not checked at build time"; exit 1; }

# Installed as docs/plugins.md says, under the plugin's own prefix, not into
# fairaudit's directory.
cmake --install "$work/docs-example/build" --prefix "$work/plugin-prefix" >/dev/null
installed=$(find "$work/plugin-prefix" -name example.so)
[[ -n $installed && $installed == "$work/plugin-prefix/"*/fairaudit/plugins/example.so ]] ||
  { echo "the example was not installed under its prefix: '$installed'"; exit 1; }
if find "$prefix" -name example.so | grep -q .; then echo "the example was installed into fairaudit's own prefix"; exit 1; fi
out=$(FAIRAUDIT_PLUGIN_PATH=$(dirname "$installed") "$prefix/bin/fairaudit" plugins)
grep -q "^example 1.0.0" <<<"$out" || { echo "the installed example is not found: $out"; exit 1; }

# A target named otherwise than the plugin's info().name fails the build,
# naming both.
mkdir -p "$work/misnamed"
cp "$work/docs-example/example.cpp" "$work/misnamed/"
sed 's/fairaudit_add_plugin(example /fairaudit_add_plugin(misnamed /' "$work/docs-example/CMakeLists.txt" >"$work/misnamed/CMakeLists.txt"
grep -q "fairaudit_add_plugin(misnamed " "$work/misnamed/CMakeLists.txt" || { echo "docs CMake not as expected"; exit 1; }
cmake -S "$work/misnamed" -B "$work/misnamed/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
if cmake --build "$work/misnamed/build" >"$work/misnamed-build.txt" 2>&1; then
  echo "a plugin whose info().name is not its target name built"; exit 1
fi
grep -q "calls itself 'example', not 'misnamed'" "$work/misnamed-build.txt" ||
  { cat "$work/misnamed-build.txt"; echo "the name mismatch is not named"; exit 1; }
echo "install test passed"
