#!/usr/bin/env bash
# Installs what the report tests use, only when it is missing:
#   - python3 with python3-jsonschema (Debian 12): validates SARIF output
#     against the OASIS SARIF 2.1.0 schema (tests/data/sarif-schema-2.1.0.json);
#   - chromium (Debian 12): renders the HTML report headless for the DOM test;
#   - Microsoft's SARIF validator (npm @microsoft/sarif-multitool), installed
#     with npm into BUILD_DIR/test-tools, never globally;
#   - playwright-core (npm), the same way: drives Debian's chromium
#     (executablePath /usr/bin/chromium) for the rendered-text test and the
#     screenshots; it downloads no browser.
#
# Usage: scripts/test-tools.sh BUILD_DIR
# Afterwards the validator is BUILD_DIR/test-tools/node_modules/.bin/sarif-multitool.
set -euo pipefail

build_dir=${1:?usage: scripts/test-tools.sh BUILD_DIR}
mkdir -p "$build_dir"
build_dir=$(cd "$build_dir" && pwd)

# The sarif-multitool release the tests were written against; bump on purpose.
sarif_multitool_version=5.7.0
# The newest playwright-core whose engines.node (>=18) both Debian 12's
# nodejs 18 and node 20 meet (`npm view playwright-core@1.61.1 engines`).
playwright_core_version=1.61.1

apt_missing=()
if ! /usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1; then apt_missing+=(python3 python3-jsonschema); fi
if ! command -v chromium >/dev/null 2>&1; then apt_missing+=(chromium); fi
if ! command -v npm >/dev/null 2>&1; then apt_missing+=(npm); fi
# The SARIF multitool is a .NET program; its npm package carries a
# self-contained build that needs ICU at run time.
if ! ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so'; then apt_missing+=(libicu72); fi

if ((${#apt_missing[@]})); then
  echo "test-tools: installing with apt-get: ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${apt_missing[@]}"
fi

tools="$build_dir/test-tools"
if [[ ! -x "$tools/node_modules/.bin/sarif-multitool" ]]; then
  echo "test-tools: installing @microsoft/sarif-multitool@$sarif_multitool_version into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    "@microsoft/sarif-multitool@$sarif_multitool_version"
fi
if [[ ! -f "$tools/node_modules/playwright-core/package.json" ]] ||
   ! grep -q "\"version\": \"$playwright_core_version\"" "$tools/node_modules/playwright-core/package.json"; then
  echo "test-tools: installing playwright-core@$playwright_core_version into $tools"
  mkdir -p "$tools"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    "playwright-core@$playwright_core_version"
fi
echo "test-tools: ready (chromium, python3-jsonschema, sarif-multitool and playwright-core in $tools)"
