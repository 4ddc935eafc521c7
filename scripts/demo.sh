#!/usr/bin/env bash
# The main job: builds the orders example with telegen_instrument(), starts
# it and its downstream (payments) on free loopback ports, drives bounded
# traffic through three phases (steady, a payments outage, recovery),
# prints what telegen recorded, and stops everything it started.
# Outputs stay in build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so a fresh clone elsewhere
# reuses earlier builds' objects.
export CCACHE_BASEDIR="$PWD"

scripts/bootstrap.sh
preset=${TELEGEN_DEMO_PRESET:-release}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)" --target telegen orders payments orders-load

root=$PWD
bin=$root/build/$preset/bin
out=$root/build/demo
rm -rf "$out"
mkdir -p "$out/orders" "$out/payments"

pids=()
stop_services() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_services EXIT

# Waits for a service's ports file; prints the port named $2.
port_of() {
  local file=$1 name=$2
  for _ in $(seq 100); do
    if [[ -s $file ]]; then sed -n "s/^$name=//p" "$file"; return; fi
    sleep 0.1
  done
  echo "error: ${file%/*} did not start; see ${file%/*}/stdout.txt" >&2
  cat "${file%/*}/stdout.txt" >&2
  exit 1
}

echo "== Starting payments (fails and slows down on purpose) and orders"
(cd "$out/payments" && exec "$bin/payments" --listen 127.0.0.1:0 --admin 127.0.0.1:0 \
  --ports-file ports >stdout.txt 2>&1) &
pids+=($!)
payments_api=$(port_of "$out/payments/ports" api)
(cd "$out/orders" && exec "$bin/orders" --listen 127.0.0.1:0 --admin 127.0.0.1:0 \
  --payments "127.0.0.1:$payments_api" --ports-file ports >stdout.txt 2>&1) &
pids+=($!)
orders_api=$(port_of "$out/orders/ports" api)
orders_admin=$(port_of "$out/orders/ports" admin)
echo "   orders API http://127.0.0.1:$orders_api, its /metrics and /health/* on port $orders_admin"

echo "== Traffic"
"$bin/orders-load" --orders "127.0.0.1:$orders_api" --payments "127.0.0.1:$payments_api" \
  --requests "${TELEGEN_DEMO_REQUESTS:-120}"

/usr/bin/python3 examples/orders/summarize.py snapshot --admin "127.0.0.1:$orders_admin" --out "$out"
stop_services # flushes their spans and logs
/usr/bin/python3 examples/orders/summarize.py report --out "$out" \
  --telegen "$bin/telegen" --schema examples/orders/telemetry.yaml
