#!/usr/bin/env bash
# Builds telegen and runs every test: lit + FileCheck for the generator,
# GoogleTest for the runtime (its concurrency tests also against the runtime
# built with ThreadSanitizer, ctest 'tsan.*'), end-to-end tests with real peers.
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
