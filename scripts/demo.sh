#!/usr/bin/env bash
# The main job: builds the orders example with telegen_instrument(), starts
# it and its downstream (payments) on free loopback ports, and Prometheus
# with the alert rules telegen generates from the same schema, drives
# bounded traffic through three phases (steady, a payments outage,
# recovery), prints what telegen recorded and the alerts that fired, and
# stops everything it started.
# Outputs stay in build/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on paths relative to the checkout, so a fresh clone elsewhere
# reuses earlier builds' objects.
export CCACHE_BASEDIR="$PWD"

scripts/bootstrap.sh
preset=${TELEGEN_DEMO_PRESET:-release}
# Only what the demo runs is built, quietly: the build's output is shown
# when it fails, and kept in a file either way.
build_log=build/demo-build.log
mkdir -p build
echo "== Building telegen and the orders example (preset $preset; output in $build_log)"
if ! { cmake --preset "$preset" && cmake --build --preset "$preset" -j "$(nproc)" \
       --target telegen orders payments orders-load; } >"$build_log" 2>&1; then
  grep -E -B2 -A8 'error|FAILED' "$build_log" | head -80 >&2 || tail -40 "$build_log" >&2
  echo "error: the build failed; its whole output is in $build_log" >&2
  exit 1
fi

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

# Prometheus scrapes orders every second and evaluates the generated rules,
# their windows shortened 60 times so the alerts fire within seconds.
prometheus_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
prometheus=http://127.0.0.1:$prometheus_port
mkdir -p "$out/prometheus"
"$bin/telegen" generate examples/orders/telemetry.yaml --target prometheus --shorten-windows 60 \
  --out-dir "$out/prometheus/rules"
cat >"$out/prometheus/prometheus.yml" <<EOF
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
rule_files: [rules/telemetry.rules.yml]
scrape_configs:
  - job_name: orders
    static_configs: [{targets: ['127.0.0.1:$orders_admin']}]
EOF
(cd "$out/prometheus" && exec prometheus --config.file=prometheus.yml --storage.tsdb.path=data \
  --web.listen-address="127.0.0.1:$prometheus_port" --log.level=warn >stdout.txt 2>&1) &
pids+=($!)
/usr/bin/python3 examples/orders/summarize.py scraping --prometheus "$prometheus"
echo "   Prometheus $prometheus, evaluating $out/prometheus/rules/telemetry.rules.yml"

echo "== Traffic"
load() {
  "$bin/orders-load" --orders "127.0.0.1:$orders_api" --payments "127.0.0.1:$payments_api" \
    --requests "${TELEGEN_DEMO_REQUESTS:-120}" --phases "$1"
}
load steady,outage
# The breaker stays open until a call comes after its reset timeout: the
# alerts are collected before the recovery.
/usr/bin/python3 examples/orders/summarize.py alerts --prometheus "$prometheus" --out "$out"
load recovery

/usr/bin/python3 examples/orders/summarize.py snapshot --admin "127.0.0.1:$orders_admin" --out "$out"
stop_services # flushes their spans and logs
/usr/bin/python3 examples/orders/summarize.py report --out "$out" \
  --telegen "$bin/telegen" --schema examples/orders/telemetry.yaml \
  --operations "$root/build/$preset/examples/orders/operations"
