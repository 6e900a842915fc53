#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png: the union audience's report, a
# one-round checklist and a store's trends in nb, sv and da, rendered by
# Debian's chromium through playwright-core (the same pages and checks as the
# ctest browser.rendered_text).
#
# usage: scripts/screenshots.sh BUILD_DIR   (after cmake --build BUILD_DIR and scripts/test-tools.sh BUILD_DIR)
set -euo pipefail
build=$(cd "${1:?usage: scripts/screenshots.sh BUILD_DIR}" && pwd)
source=$(cd "$(dirname "$0")/.." && pwd)
bash "$source/tests/browser/rendered_text.sh" "$build/host/fairaudit" "$build/plugins" "$source" "$build" \
  "$source/docs/screenshots"
