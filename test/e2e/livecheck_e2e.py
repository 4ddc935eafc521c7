#!/usr/bin/python3
"""`telegen live-check` as CI runs it: a real instrumented program exports
its spans, log records and metrics over OTLP/HTTP (protobuf, and JSON) to
live-check, which then reports against the program's schema.

Usage: livecheck_e2e.py CASE --telegen PATH --work DIR [--app PATH --schema PATH]
                            [--bin DIR --source DIR]
Cases:
  clean    livecheck_app clean (a declared span, generated emitters) with
           its schema livecheck.yaml: exit 0, no finding, coverage printed
  drift    livecheck_app drift: an undeclared attribute on the declared
           span, a hand-written log call with an undeclared field, an enum
           value outside the schema, a counter registered at run time and a
           span started by hand are each reported, with a clear message;
           exit 1
  json     drift, exported over http/json: the same findings
  orders   the orders example (built with telegen_instrument) under a short
           load, exporting to live-check with its schema: exit 0, its
           declared spans, events and metrics seen
"""

import argparse
import os
import re
import shutil
import subprocess

from orders_e2e import ports
from prometheus_scrape_test import fail, poll, stop

SIGNALS_ENV = {
    "OTEL_TRACES_EXPORTER": "otlp",
    "OTEL_LOGS_EXPORTER": "otlp",
    "OTEL_METRICS_EXPORTER": "otlp",
    "OTEL_METRIC_EXPORT_INTERVAL": "300",
    "OTEL_BSP_SCHEDULE_DELAY": "100",
    "OTEL_BLRP_SCHEDULE_DELAY": "100",
}

DRIFT = [
    r"/v1/traces:\d+:\d+: error: span 'checkout.submit' has attribute 'debug_note', which the schema does "
    r"not declare \(declared: order_id, items\) \[live.span-attribute\]",
    r"/v1/logs:\d+:\d+: error: 'order_placed' record has field 'coupon', which the schema does not "
    r"declare \[log.unknown-field\]",
    r"/v1/logs:\d+:\d+: error: 'bitcoin' is not a value of field 'payment' of 'order_placed' "
    r"\(card, invoice\) \[log.field-value\]",
    r"/v1/metrics:\d+:\d+: error: metric 'jobs_processed' \(monotonic sum\) is not declared in the "
    r"schema \[live.unknown-metric\]",
    r"/v1/traces:\d+:\d+: error: span 'cleanup' is neither declared in the schema's spans nor a "
    r"function its rules instrument \[live.unknown-span\]",
]


class LiveCheck:
    """telegen live-check on a free port, until stopped."""

    def __init__(self, telegen, schema, work):
        self.out = open(os.path.join(work, "live-check.out"), "w+")
        self.process = subprocess.Popen([telegen, "live-check", "--schema", schema, "--port", "0"],
                                        stdout=self.out, stderr=subprocess.STDOUT, text=True)

        def listening():
            if self.process.poll() is not None:
                fail("live-check exited with %d before listening" % self.process.returncode)
            self.out.seek(0)
            match = re.search(r"listening on (http://[0-9.]+:\d+)", self.out.read())
            return match and match.group(1)
        self.endpoint = poll("live-check to listen", listening)

    def finish(self):
        code = stop(self.process, "live-check")
        self.out.seek(0)
        text = self.out.read()
        print(text, end="")
        return code, text


def run_app(args, live, mode, protocol):
    env = dict(os.environ, OTEL_EXPORTER_OTLP_ENDPOINT=live.endpoint,
               OTEL_EXPORTER_OTLP_PROTOCOL=protocol, **SIGNALS_ENV)
    run = subprocess.run([args.app, mode], env=env, capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        fail("livecheck_app %s failed (%d):\n%s" % (mode, run.returncode, run.stderr))


def summary_counts(text):
    match = re.search(r"received (\d+) requests? \((\d+) malformed\): (\d+) spans?, (\d+) log records?, "
                      r"(\d+) metric points?; (\d+) findings?", text)
    if not match:
        fail("no summary in live-check's output")
    return [int(group) for group in match.groups()]


def check_clean(code, text, signals=("spans", "log records", "metric points")):
    requests, malformed, spans, logs, points, findings = summary_counts(text)
    if code != 0 or findings or malformed:
        fail("live-check was not clean (exit %d, %d findings, %d malformed)" % (code, findings, malformed))
    received = {"spans": spans, "log records": logs, "metric points": points}
    for signal in signals:
        if received[signal] == 0:
            fail("live-check received no %s" % signal)
    if "telegen: coverage:" not in text:
        fail("no coverage in live-check's output")


def case_app(args, mode, protocol):
    live = LiveCheck(args.telegen, args.schema, args.work)
    try:
        run_app(args, live, mode, protocol)
    finally:
        code, text = live.finish()
    if mode == "clean":
        check_clean(code, text)
        if not re.search(r"coverage: [1-9]\d* of \d+ events seen", text):
            fail("no declared event was seen")
        return
    if code != 1:
        fail("live-check exited with %d on drift, not 1" % code)
    for pattern in DRIFT:
        if not re.search(pattern, text):
            fail("live-check did not report: " + pattern)


def case_orders(args):
    live = LiveCheck(args.telegen, os.path.join(args.source, "telemetry.yaml"), args.work)
    processes = []
    try:
        dirs = {name: os.path.join(args.work, name) for name in ("orders", "payments")}
        for path in dirs.values():
            os.makedirs(path)
        # payments has a schema of its own: it exports nothing here.
        quiet = dict(os.environ, OTEL_TRACES_EXPORTER="none")
        payments = subprocess.Popen([os.path.join(args.bin, "payments"), "--listen", "127.0.0.1:0", "--admin",
                                     "127.0.0.1:0", "--ports-file", "ports"], cwd=dirs["payments"], env=quiet,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append((payments, "payments"))
        payments_ports = ports(os.path.join(dirs["payments"], "ports"), payments, "payments")
        env = dict(os.environ, OTEL_EXPORTER_OTLP_ENDPOINT=live.endpoint, **SIGNALS_ENV)
        orders = subprocess.Popen([os.path.join(args.bin, "orders"), "--listen", "127.0.0.1:0", "--admin",
                                   "127.0.0.1:0", "--payments", "127.0.0.1:%d" % payments_ports["api"],
                                   "--ports-file", "ports"], cwd=dirs["orders"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append((orders, "orders"))
        orders_ports = ports(os.path.join(dirs["orders"], "ports"), orders, "orders")
        load = subprocess.run([os.path.join(args.bin, "orders-load"), "--orders",
                               "127.0.0.1:%d" % orders_ports["api"], "--payments",
                               "127.0.0.1:%d" % payments_ports["api"], "--requests", "60", "--phases", "steady"],
                              capture_output=True, text=True, timeout=120)
        if load.returncode != 0:
            fail("orders-load failed (%d):\n%s%s" % (load.returncode, load.stdout, load.stderr))
    finally:
        # orders sends what is queued at its shutdown, before live-check stops.
        for process, name in reversed(processes):
            stop(process, name)
        code, text = live.finish()
    check_clean(code, text)
    for declared in ("orders.place", "orders.fulfil", "payments.charge"):
        if re.search(r"never seen:.*\b%s\b" % re.escape(declared), text):
            fail("span %s was never seen" % declared)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=["clean", "drift", "json", "orders"])
    parser.add_argument("--telegen", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--app")
    parser.add_argument("--schema")
    parser.add_argument("--bin")
    parser.add_argument("--source")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    if args.case == "orders":
        case_orders(args)
    elif args.case == "json":
        case_app(args, "drift", "http/json")
    else:
        case_app(args, args.case, "http/protobuf")
    print("PASS: live-check %s" % args.case)


if __name__ == "__main__":
    main()
