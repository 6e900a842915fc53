#!/usr/bin/env bash
# Installs the Debian 12 packages fairaudit needs to build and test, and only
# those that are missing. Run as root (or with sudo available).
#   scripts/install-deps.sh          build dependencies
#   scripts/install-deps.sh --test   also what the test suite uses
set -euo pipefail

build_pkgs=(
  cmake ninja-build g++ pkg-config
  ccache                            # used by the build when present (CMakeLists.txt)
  libboost-dev libboost-math-dev   # Boost.DLL (header-only, in libboost-dev) and Boost.Math
  libboost-locale-dev gettext       # message catalogs: Boost.Locale reads the .mo files msgfmt compiles
  libspdlog-dev libfmt-dev rapidjson-dev libcli11-dev
  libsqlite3-dev libssl-dev libsodium-dev   # libsodium: serve's password hashes (Argon2id) and tokens
  libjemalloc-dev                   # the fairaudit executable's allocator
  libgtest-dev libgmock-dev libbenchmark-dev
)
test_pkgs=(
  clang libclang-rt-14-dev          # libFuzzer and sanitizer runtimes
  sqlite3 time
)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
