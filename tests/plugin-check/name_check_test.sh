#!/usr/bin/env bash
# Usage: name_check_test.sh FAIRAUDIT SDK_LIBRARY SOURCE_DIR WORK_DIR CXX
# A project laid out as this tree is: the fairaudit executable and the SDK
# library of this build as targets, cmake/FairauditPlugin.cmake, and one
# folder under plugins/ per plugin, each built from the example of
# docs/plugins.md. `example` is named as its info() says; `misnamed` is a
# target renamed without the code; `renamed` is code renamed without its
# target. The build must fail, naming each wrong plugin and both of its
# names, and the right one must be checked and pass.
set -euo pipefail
fairaudit=$1 sdk=$2 src=$3 work=$4 cxx=$5
rm -rf "$work" && mkdir -p "$work/plugins"
example="$work/example.cpp"
awk '/^```cpp$/ {on=1; next} /^```$/ {on=0} on' "$src/docs/plugins.md" >"$example"
grep -q '.name = "example"' "$example" || { echo "docs example not found"; exit 1; }

cat >"$work/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(plugin-check LANGUAGES CXX)
add_executable(fairaudit IMPORTED)
set_target_properties(fairaudit PROPERTIES IMPORTED_LOCATION "$fairaudit")
add_library(fairaudit::sdk STATIC IMPORTED)
set_target_properties(fairaudit::sdk PROPERTIES IMPORTED_LOCATION "$sdk"
  INTERFACE_INCLUDE_DIRECTORIES "$src/sdk/include" INTERFACE_COMPILE_FEATURES cxx_std_20)
set(FAIRAUDIT_PLUGIN_BUILD_DIR "\${CMAKE_BINARY_DIR}/plugins")
include("$src/cmake/FairauditPlugin.cmake")
set(FAIRAUDIT_PLUGIN_CHECKER fairaudit)
file(GLOB lists plugins/*/CMakeLists.txt)
foreach(list IN LISTS lists)
  get_filename_component(dir "\${list}" DIRECTORY)
  add_subdirectory("\${dir}")
endforeach()
CMAKE
plugin() {  # plugin TARGET_NAME INFO_NAME
  mkdir -p "$work/plugins/$1"
  sed "s/.name = \"example\"/.name = \"$2\"/" "$example" >"$work/plugins/$1/example.cpp"
  printf 'fairaudit_add_plugin(%s example.cpp)\n' "$1" >"$work/plugins/$1/CMakeLists.txt"
}
plugin example example
plugin misnamed example
plugin renamed-target renamed

cmake -S "$work" -B "$work/build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
# -k 0: every plugin is built and checked, the wrong ones failing.
if cmake --build "$work/build" -- -k 0 >"$work/build.txt" 2>&1; then
  cat "$work/build.txt"; echo "plugins whose info().name is not their target name built"; exit 1
fi
expect() { grep -qF -- "$1" "$work/build.txt" || { cat "$work/build.txt"; echo "not in the build's output: $1"; exit 1; }; }
expect "misnamed: cannot be used: plugin library $work/build/plugins/misnamed.so calls itself 'example', not 'misnamed'"
expect "renamed-target: cannot be used: plugin library $work/build/plugins/renamed-target.so calls itself 'renamed', not 'renamed-target'"
grep -q "^example 1.0.0 " "$work/build.txt" || { cat "$work/build.txt"; echo "the right plugin was not checked"; exit 1; }
[[ -f $work/build/plugins/example/example.checked ]] || { echo "the right plugin's check left no stamp"; exit 1; }
[[ ! -e $work/build/plugins/misnamed/misnamed.checked ]] || { echo "the misnamed plugin passed its check"; exit 1; }

# Built again, unchanged, the build still fails: the library is up to date,
# its check is not.
if cmake --build "$work/build" >"$work/again.txt" 2>&1; then
  cat "$work/again.txt"; echo "a second build passed the misnamed plugins"; exit 1
fi
grep -qF "calls itself 'example', not 'misnamed'" "$work/again.txt" || { cat "$work/again.txt"; echo "not named again"; exit 1; }

# Put right (the target named as the code), the build passes.
printf 'fairaudit_add_plugin(%s example.cpp)\n' renamed >"$work/plugins/renamed-target/CMakeLists.txt"
rm -rf "$work/plugins/misnamed"
cmake --build "$work/build" >"$work/fixed.txt" 2>&1 || { cat "$work/fixed.txt"; echo "the corrected plugins do not build"; exit 1; }
grep -q "^renamed 1.0.0 " "$work/fixed.txt" || { cat "$work/fixed.txt"; echo "the corrected plugin was not checked"; exit 1; }
echo "name check test passed"
