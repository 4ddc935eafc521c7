#!/usr/bin/env bash
# The main job: builds telegen (release) and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

telegen=build/release/bin/telegen
"$telegen" --version
