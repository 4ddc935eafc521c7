#!/usr/bin/env bash
# Configures and builds the runtime alone with LLVM and Clang made
# unfindable, as a user who links only telegen::runtime would.
set -euo pipefail
src=$1
build=$2
rm -rf "$build"
cmake -S "$src" -B "$build" -G Ninja \
  -DTELEGEN_BUILD_GENERATOR=OFF -DTELEGEN_BUILD_TESTS=OFF \
  -DTELEGEN_BUILD_BENCH=OFF -DTELEGEN_BUILD_EXAMPLES=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_LLVM=ON -DCMAKE_DISABLE_FIND_PACKAGE_Clang=ON
cmake --build "$build"
test -f "$build/runtime/libtelegen.a"
