#!/usr/bin/env python3
"""LevelDB's own benchmark (db_bench) plain against instrumented whole by
telegen, exporting spans to the JSONL file and over OTLP/HTTP to a
receiver on loopback. Not part of the test suite: it builds LevelDB twice
and takes minutes.

LevelDB comes from Debian's source package (scripts/bootstrap.sh unpacks
it); the instrumented build is test/e2e/robustness's, every function of
namespace leveldb under one rule (functions below the default min_size left
out). Each configuration runs db_bench `--repeat` times; reported per
configuration, the median run:

  wall_s        db_bench's wall time
  slowdown      wall time over the plain build's
  cpu_s         the process's CPU time (every thread: user + system)
  spans         spans exported (telegen_spans_exported_total, which
                self_metrics_at_exit.cpp writes out at exit)
  cpu_ns/span   (cpu_s - plain cpu_s) / spans: the caller's and the
                background thread's cost of each span together
  lost          spans dropped or whose export failed
  lost_per_run  the same for every run, not only the median one
  sampled_out   spans sampled out at their site (TELEGEN_TRACES_SITE_RATE_LIMIT)

The runtime's speed depends on how it was built: pass --runtime-build, a
build of the `runtime-only` preset (Release), whose libraries replace the
ones of --build in the install this script makes. Without it, the runtime
is --build's (Debug in the dev preset), and the figures say little.

Usage: leveldb_bench.py --build build/dev [--runtime-build build/runtime-only]
         [--work DIR] [--num N] [--repeat N] [--benchmarks LIST] [--build-only]
"""

import argparse
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = "/usr/local/src/telegen/leveldb"


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit("command failed ({}): {}\n{}{}".format(
            result.returncode, " ".join(command), result.stdout[-3000:], result.stderr[-3000:]))
    return result


class Receiver:
    """OTLP/HTTP on loopback: reads each request and answers 200 with an
    empty body (keep-alive, a thread per connection)."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(connection,), daemon=True).start()

    def serve(self, connection):
        data = b""
        while True:
            end = data.find(b"\r\n\r\n")
            if end < 0:
                chunk = connection.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
                continue
            length = int(re.search(rb"Content-Length: (\d+)", data[:end]).group(1))
            while len(data) < end + 4 + length:
                chunk = connection.recv(1 << 20)
                if not chunk:
                    return
                data += chunk
            data = data[end + 4 + length:]
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\n"
                               b"Content-Length: 0\r\n\r\n")
        connection.close()


def build(work, name, prefix, instrumented):
    directory = os.path.join(work, name)
    configure = ["cmake", "-S", SOURCE, "-B", directory, "-G", "Ninja",
                 "-DCMAKE_BUILD_TYPE=Release", "-DLEVELDB_BUILD_TESTS=OFF",
                 "-DLEVELDB_BUILD_BENCHMARKS=ON"]
    if shutil.which("ccache"):
        configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    if instrumented:
        configure += ["-DCMAKE_PREFIX_PATH=" + prefix, "-DCMAKE_PROJECT_leveldb_INCLUDE=" +
                      os.path.join(HERE, "instrument_db_bench.cmake")]
    run(configure)
    run(["nice", "-n", "10", "cmake", "--build", directory, "-j", "2", "--target", "db_bench"])
    return os.path.join(directory, "db_bench")


def self_metrics(path):
    """{name: value} of the counters self_metrics_at_exit.cpp wrote."""
    values = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                name, _, value = line.partition(" ")
                if name.startswith("telegen_") and value:
                    values[name] = float(value.split()[0])
    return values


def lost_spans(counters):
    return int(counters.get("telegen_spans_dropped_total", 0) +
               counters.get("telegen_spans_export_failed_total", 0))


def run_once(binary, args, env, work):
    db = os.path.join(work, "db")
    shutil.rmtree(db, ignore_errors=True)
    command = [binary, "--benchmarks=" + args.benchmarks, "--num=" + str(args.num),
               "--db=" + db]
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               cwd=work, text=True)
    stdout, stderr = process.communicate()
    wall = time.monotonic() - start
    if process.returncode != 0:
        sys.exit("db_bench failed: {}\n{}".format(stdout[-2000:], stderr[-2000:]))
    return wall, stderr


def measure(binary, args, env, work, files):
    runs = []
    metrics = os.path.join(work, "self_metrics.txt")
    for _ in range(args.repeat):
        for path in glob.glob(metrics) + [p for f in files for p in glob.glob(f + "*")]:
            os.remove(path)
        before = os.times()
        wall, stderr = run_once(binary, args, dict(env, TELEGEN_BENCH_METRICS=metrics), work)
        after = os.times()
        cpu = (after.children_user - before.children_user) + \
            (after.children_system - before.children_system)
        counters = self_metrics(metrics)
        runs.append((wall, cpu, counters, stderr))
    runs.sort(key=lambda r: r[0])
    return runs[len(runs) // 2], [lost_spans(r[2]) for r in runs]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True, help="a telegen build with the generator")
    parser.add_argument("--runtime-build", help="a runtime-only (Release) telegen build")
    parser.add_argument("--work", default="/tmp/telegen-leveldb-bench")
    parser.add_argument("--num", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--benchmarks", default="fillseq,fillrandom,overwrite,readrandom,readseq")
    parser.add_argument("--build-only", action="store_true", help="build both, measure nothing")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    work = os.path.abspath(args.work)

    prefix = os.path.join(work, "prefix")
    shutil.rmtree(prefix, ignore_errors=True)
    run(["cmake", "--install", args.build, "--prefix", prefix])
    runtime = "the runtime of " + args.build
    if args.runtime_build:
        for library in ("libtelegen.a", "libtelegen_otlp.a"):
            shutil.copy(os.path.join(args.runtime_build, "runtime", library),
                        os.path.join(prefix, "lib", library))
        runtime = "the Release runtime of " + args.runtime_build

    plain = build(work, "plain", prefix, False)
    instrumented = build(work, "instrumented", prefix, True)
    if args.build_only:
        return 0

    receiver = Receiver()  # noqa: F841, serves until the script ends
    traces_file = os.path.join(work, "traces.jsonl")
    log_file = os.path.join(work, "system.jsonl")
    base = dict(os.environ, TELEGEN_LOG_FILE=log_file, TELEGEN_TRACES_FILE=traces_file,
                OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://127.0.0.1:{}/v1/traces".format(
                    receiver.port))
    configurations = [
        ("plain", plain, {}),
        ("instrumented, export off", instrumented, {"OTEL_TRACES_EXPORTER": "none"}),
        ("instrumented, jsonl", instrumented, {"OTEL_TRACES_EXPORTER": "jsonl"}),
        ("instrumented, otlp", instrumented, {"OTEL_TRACES_EXPORTER": "otlp"}),
        ("instrumented, jsonl, site limit off", instrumented,
         {"OTEL_TRACES_EXPORTER": "jsonl", "TELEGEN_TRACES_SITE_RATE_LIMIT": "0"}),
    ]
    print("db_bench --benchmarks={} --num={}, median of {} runs; {}; "
          "TELEGEN_TRACES_SITE_RATE_LIMIT={}; load average {:.1f}".format(
              args.benchmarks, args.num, args.repeat, runtime,
              os.environ.get("TELEGEN_TRACES_SITE_RATE_LIMIT", "(default)"), os.getloadavg()[0]))
    print("{:38} {:>7} {:>9} {:>7} {:>10} {:>11} {:>8} {:>11}".format(
        "configuration", "wall_s", "slowdown", "cpu_s", "spans", "cpu_ns/span", "lost",
        "sampled_out") + "  lost_per_run")
    plain_wall = plain_cpu = None
    for name, binary, extra in configurations:
        (wall, cpu, counters, stderr), lost_per_run = measure(
            binary, args, dict(base, **extra), work, [traces_file, log_file])
        if plain_wall is None:
            plain_wall, plain_cpu = wall, cpu
        spans = int(counters.get("telegen_spans_exported_total", 0))
        lost = lost_spans(counters)
        sampled_out = int(counters.get("telegen_site_spans_sampled_out_total", 0))
        per_span = "{:.0f}".format((cpu - plain_cpu) * 1e9 / spans) if spans else "-"
        print("{:38} {:7.2f} {:8.2f}x {:7.2f} {:10d} {:>11} {:8d} {:11d}  {}".format(
            name, wall, wall / plain_wall, cpu, spans, per_span, lost, sampled_out,
            "/".join(str(n) for n in lost_per_run)))
        for line in stderr.splitlines():
            if line.startswith("telegen: "):
                print("    " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
