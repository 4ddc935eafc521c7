#!/usr/bin/env bash
# The main job: builds telegen (release) and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so a fresh clone elsewhere
# reuses earlier builds' objects.
export CCACHE_BASEDIR="$PWD"

scripts/bootstrap.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

telegen=build/release/bin/telegen
"$telegen" --version
