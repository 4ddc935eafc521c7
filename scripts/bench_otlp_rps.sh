#!/usr/bin/env bash
# bench_otlp's span export rows twice, back to back: on plain loopback, where
# the kernel does the receiving end's TCP work on the sending CPU, and with
# that work moved to CPU 1 by RPS on lo, as a collector on another host would
# do it on its own machine (docs/performance.md, "Span export over OTLP").
# The process runs on CPU 0 in both, at real-time priority. Needs root (it
# writes /sys/class/net/lo/queues/rx-0/rps_cpus, and puts the old value back
# on exit) and 2 CPUs; bench_otlp itself needs neither.
# Usage: scripts/bench_otlp_rps.sh [runs] [bench_otlp binary]
set -euo pipefail
runs=${1:-3}
bench=${2:-build/release/bin/bench_otlp}
rps=/sys/class/net/lo/queues/rx-0/rps_cpus
[ "$(id -u)" = 0 ] || { echo "$0: needs root to set $rps" >&2; exit 1; }
old=$(cat "$rps")
trap 'echo "$old" > "$rps"' EXIT

run() {
  for _ in $(seq "$runs"); do
    uptime
    taskset -c 0 chrt -f 5 "$bench" --benchmark_filter='BM_OtlpExport/rate:1000000/export:(1|2)/'
  done
}
echo "== plain loopback (rps_cpus=$old)"
echo "$old" > "$rps"
run
echo "== receive work on CPU 1 (rps_cpus=2)"
echo 2 > "$rps"
run
