#!/usr/bin/env bash
# Installs the Debian packages telegen needs to build, test and benchmark,
# and unpacks the Debian sources of the third-party libraries whose own test
# suites run instrumented (test/e2e/robustness/).
#
# Idempotent: when every package is already installed and every source
# unpacked it only asks dpkg and exits, without touching apt. Safe to call
# before every build.
set -euo pipefail

packages=(
  # toolchain and build
  cmake ninja-build ccache g++ git pkg-config
  # libbacktrace (stack traces of recorded exceptions), GCC's static library
  libgcc-12-dev
  # the generator: Clang LibTooling 19, lit and FileCheck
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools libclang-rt-19-dev
  zlib1g-dev libzstd-dev python3 python3-psutil
  # schema tests: JSON Schema validation of telegen.schema.json and SARIF
  python3-jsonschema python3-yaml
  # templates, HTTP, OTLP; protoc and the protobuf decoders OTLP tests check payloads with
  libkainjow-mustache-dev libcpp-httplib-dev libcurl4-openssl-dev
  # the Telemetry Debug API: token signatures (OpenSSL), the token limit
  # shared through Redis (hiredis), and the redis-server its tests start
  libssl-dev libhiredis-dev redis-server
  protobuf-compiler libprotobuf-dev python3-protobuf
  # tests and benchmarks, with the peer library measured side by side
  libgtest-dev libgmock-dev libbenchmark-dev prometheus-cpp-dev
  # a real Prometheus server and promtool for integration tests, and the
  # Prometheus Python client's strict OpenMetrics parser
  prometheus python3-prometheus-client
  # coroutines and context across Asio: standalone Asio, Boost.Asio
  libasio-dev libboost-dev
  # apt-get source unpacks with dpkg-source
  dpkg-dev
)

# Source packages instrumented whole by the robustness tests, unpacked (with
# Debian's patches) into $sources_dir/<name>; CMake's TELEGEN_SOURCES_DIR.
source_packages=(leveldb)
sources_dir=/usr/local/src/telegen

die() {
  echo "bootstrap: error: $*" >&2
  exit 1
}

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$pkg")
done

missing_sources=()
for pkg in "${source_packages[@]}"; do
  [ -d "$sources_dir/$pkg" ] || missing_sources+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ] && [ ${#missing_sources[@]} -eq 0 ]; then
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

export DEBIAN_FRONTEND=noninteractive
log=/tmp/telegen-bootstrap.log
: >"$log"

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  # Install from the current package lists first: `apt-get update` is only
  # needed when they are stale or empty (a fresh container), so try without it.
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    "${sudo[@]}" apt-get update >>"$log" 2>&1 ||
      die "apt-get update failed; see $log"
    "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
      die "could not install: ${missing[*]}; see $log (these packages are in Debian 12 bookworm main)"
  fi
fi

# apt-get source needs deb-src entries, which Debian's container images leave
# out: add them for the Debian archive the machine already uses.
enable_deb_src() {
  apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null | grep -qx Sources && return 0
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
      "${sudo[@]}" tee /etc/apt/sources.list.d/telegen-deb-src.sources >/dev/null
  elif [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list |
      "${sudo[@]}" tee /etc/apt/sources.list.d/telegen-deb-src.list >/dev/null
  else
    die "no Debian archive in /etc/apt to take deb-src entries from"
  fi
}

if [ ${#missing_sources[@]} -gt 0 ]; then
  echo "bootstrap: unpacking the Debian sources of ${missing_sources[*]} into $sources_dir" >&2
  enable_deb_src
  "${sudo[@]}" apt-get update >>"$log" 2>&1 || die "apt-get update failed; see $log"
  unpack=$(mktemp -d)
  trap 'rm -rf "$unpack"' EXIT
  for pkg in "${missing_sources[@]}"; do
    (cd "$unpack" && apt-get source --only-source "$pkg" >>"$log" 2>&1) ||
      die "apt-get source $pkg failed; see $log"
    "${sudo[@]}" mkdir -p "$sources_dir"
    "${sudo[@]}" mv "$(find "$unpack" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*")" "$sources_dir/$pkg"
  done
fi

# The prometheus package starts a system service where systemd runs; tests
# start their own servers on free loopback ports and do not need it.
echo "bootstrap: done" >&2
