#!/usr/bin/env bash
# Installs the Debian packages telegen needs to build, test and benchmark.
#
# Idempotent: when every package is already installed it only asks dpkg and
# exits, without touching apt. Safe to call before every build.
set -euo pipefail

packages=(
  # toolchain and build
  cmake ninja-build ccache g++ git pkg-config
  # the generator: Clang LibTooling 19, lit and FileCheck
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools libclang-rt-19-dev
  zlib1g-dev libzstd-dev python3 python3-psutil
  # schema tests: JSON Schema validation of telegen.schema.json and SARIF
  python3-jsonschema python3-yaml
  # templates, HTTP, OTLP; protoc and the protobuf decoders OTLP tests check payloads with
  libkainjow-mustache-dev libcpp-httplib-dev libcurl4-openssl-dev
  protobuf-compiler libprotobuf-dev python3-protobuf
  # tests and benchmarks, with the peer library measured side by side
  libgtest-dev libgmock-dev libbenchmark-dev prometheus-cpp-dev
  # a real Prometheus server and promtool for integration tests, and the
  # Prometheus Python client's strict OpenMetrics parser
  prometheus python3-prometheus-client
  # coroutines and context across Asio: standalone Asio, Boost.Asio
  libasio-dev libboost-dev
)

die() {
  echo "bootstrap: error: $*" >&2
  exit 1
}

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 ||
  die "apt-get not found; telegen's bootstrap supports Debian 12 (bookworm). Install by hand: ${missing[*]}"

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  die "missing packages (${missing[*]}) and not root, and sudo is not available; run this script as root"
fi

echo "bootstrap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Install from the current package lists first: `apt-get update` is only needed
# when they are stale or empty (a fresh container), so try without it.
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/telegen-bootstrap.log 2>&1; then
  "${sudo[@]}" apt-get update >>/tmp/telegen-bootstrap.log 2>&1 ||
    die "apt-get update failed; see /tmp/telegen-bootstrap.log"
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/telegen-bootstrap.log 2>&1 ||
    die "could not install: ${missing[*]}; see /tmp/telegen-bootstrap.log (these packages are in Debian 12 bookworm main)"
fi

# The prometheus package starts a system service where systemd runs; tests
# start their own servers on free loopback ports and do not need it.
echo "bootstrap: done" >&2
