#!/usr/bin/env bash
# Builds telegen and runs every test: lit + FileCheck for the generator,
# GoogleTest for the runtime, end-to-end tests with real peers; then the
# runtime's concurrency tests under ThreadSanitizer (preset tsan).
# Usage: scripts/test.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so a fresh clone elsewhere
# reuses earlier builds' objects.
export CCACHE_BASEDIR="$PWD"

scripts/bootstrap.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)"
ctest --preset dev -j "$(nproc)" "$@"
# The runtime's concurrency tests again under ThreadSanitizer (no LLVM).
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$(nproc)"
ctest --preset tsan -j "$(nproc)"
