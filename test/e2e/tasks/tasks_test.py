#!/usr/bin/env python3
"""Background task systems end to end: jobs_app.cpp, instrumented by
`telegen instrument` (TELEGEN_PRODUCER / TELEGEN_CONSUMER with a string
field and a string map as carriers) and built with the header `telegen
generate` writes for jobs.yaml (the built-in tasks schema), run with a
producer thread and a pool of consumers.

Checked from the exported spans (OTLP JSON lines), the JSONL log and the
Prometheus text the program wrote at the end, exactly: every consumer span
is a consumer-kind child of its own message's producer span, in its trace,
and links to it; a retry's producer span is a child of the failed run; the
task counters, run-time histogram counts and the final queue and worker
gauges match what the program did; every task_failed, task_retried and
task_retries_exhausted record is written under the failed run's span.

Usage: tasks_test.py --telegen PATH --runtime-lib PATH --include DIR...
         --work DIR --compiler PATH... [--orders N]
"""

import argparse
import collections
import glob
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from e2e_support import Failure, attributes, burst_env, check, load_spans, run  # noqa: E402

PRODUCER, CONSUMER = 4, 5
MAX_ATTEMPTS = 2


def fails(order, attempt):
    return order % 25 == 0 or (order % 10 == 0 and attempt == 1)


def expected_runs(orders):
    """(order, attempt, failed) for every run of process_order."""
    runs = []
    for order in range(1, orders + 1):
        for attempt in range(1, MAX_ATTEMPTS + 1):
            failed = fails(order, attempt)
            runs.append((order, attempt, failed))
            if not failed:
                break
    return runs


def kind(span):
    value = span.get("kind")
    return {"SPAN_KIND_PRODUCER": PRODUCER, "SPAN_KIND_CONSUMER": CONSUMER}.get(value, value)


def parse_metrics(text):
    """{(name, frozenset(labels)): value} from the Prometheus text format."""
    samples = {}
    pattern = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = pattern.match(line)
        check(match, "unparsable metrics line: {}".format(line))
        labels = frozenset(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"', match.group(2) or ""))
        samples[(match.group(1), labels)] = float(match.group(3))
    return samples


def check_run(work, orders):
    spans = load_spans(os.path.join(work, "traces.jsonl*"))
    by_name = collections.defaultdict(dict)
    for span in spans:
        a = attributes(span)
        key = tuple(int(a[k]) for k in ("job.order", "job.attempt", "mail.order", "order") if k in a)
        check(key not in by_name[span["name"]], "one {} span per {}".format(span["name"], key))
        by_name[span["name"]][key] = span

    runs = expected_runs(orders)
    delivered = [order for order, _, failed in runs if not failed]
    for name, count in [("orders.submit", orders), ("orders.enqueue", len(runs)),
                        ("orders.handle", len(runs)), ("mail.send", len(delivered)),
                        ("mail.deliver", len(delivered))]:
        check(len(by_name[name]) == count,
              "{} {} spans, expected {}".format(len(by_name[name]), name, count))

    def child_of(child, parent, what):
        check(child["traceId"] == parent["traceId"] and child.get("parentSpanId") == parent["spanId"],
              "{}: parent {} / trace {}, expected {} / {}".format(
                  what, child.get("parentSpanId"), child["traceId"], parent["spanId"],
                  parent["traceId"]))

    def consumer_of(consumer, producer, what):
        check(kind(producer) == PRODUCER and kind(consumer) == CONSUMER,
              "{}: kinds {} -> {}".format(what, kind(producer), kind(consumer)))
        child_of(consumer, producer, what)
        links = [(l["traceId"], l["spanId"]) for l in consumer.get("links", [])]
        check(links == [(producer["traceId"], producer["spanId"])],
              "{}: links {}, expected the producer's span".format(what, links))

    submits, enqueues = by_name["orders.submit"], by_name["orders.enqueue"]
    handles = by_name["orders.handle"]
    for order, attempt, _ in runs:
        what = "order {} attempt {}".format(order, attempt)
        enqueue = enqueues[(order, attempt)]
        parent = submits[(order,)] if attempt == 1 else handles[(order, attempt - 1)]
        child_of(enqueue, parent, what + " enqueued")
        consumer_of(handles[(order, attempt)], enqueue, what + " handled")
    last_run = {order: (order, attempt) for order, attempt, _ in runs}
    for order in delivered:
        send = by_name["mail.send"][(order,)]
        child_of(send, handles[last_run[order]], "mail {} sent".format(order))
        consumer_of(by_name["mail.deliver"][(order,)], send, "mail {} delivered".format(order))
    check(len({s["traceId"] for s in submits.values()}) == orders, "every order has its own trace")

    failed = [(o, a) for o, a, f in runs if f]
    retried = [(o, a) for o, a in failed if a < MAX_ATTEMPTS]
    exhausted = [(o, a) for o, a in failed if a == MAX_ATTEMPTS]
    with open(os.path.join(work, "metrics.txt")) as f:
        samples = parse_metrics(f.read())

    def value(name, **labels):
        return samples.get((name, frozenset(labels.items())))

    for queue, task, count, successes, failures in [
            ("orders", "process_order", len(runs), len(runs) - len(failed), len(failed)),
            ("mail", "send_mail", len(delivered), len(delivered), 0)]:
        for name, want in [("tasks_started_total", count), ("tasks_succeeded_total", successes),
                           ("task_run_duration_seconds_count", count)]:
            check(value(name, task=task) == want,
                  "{}{{task={}}} = {}, expected {}".format(name, task, value(name, task=task), want))
        check(value("tasks_enqueued_total", queue=queue, task=task) == count,
              "tasks_enqueued_total{{queue={}}} = {}".format(
                  queue, value("tasks_enqueued_total", queue=queue, task=task)))
        check((value("tasks_failed_total", task=task) or 0) == failures,
              "tasks_failed_total{{task={}}} = {}".format(task, value("tasks_failed_total", task=task)))
        for gauge in ["task_queue_depth", "task_workers_busy"]:
            check(value(gauge, queue=queue) == 0, "{}{{queue={}}} = {} at the end".format(
                gauge, queue, value(gauge, queue=queue)))
    check(value("tasks_retried_total", task="process_order") == len(retried), "tasks_retried_total")
    check(value("tasks_retries_exhausted_total", task="process_order") == len(exhausted),
          "tasks_retries_exhausted_total")

    records = []
    for path in sorted(glob.glob(os.path.join(work, "log.jsonl*"))):
        with open(path) as f:
            records.extend(json.loads(line) for line in f)
    span_of = {s["spanId"]: key for key, s in handles.items()}
    for event, want in [("task_failed", failed), ("task_retried", retried),
                        ("task_retries_exhausted", exhausted)]:
        written = [r for r in records if r.get("event") == event]
        check(sorted(span_of.get(r.get("span_id"), ()) for r in written) == sorted(want),
              "{} records under the failed runs' spans".format(event))
        for r in written:
            check(r["task"] == "process_order" and r["queue"] == "orders" and
                  r["attempt"] == span_of[r["span_id"]][1] and r["error"] == "card declined",
                  "{} fields: {}".format(event, r))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--telegen", required=True)
    parser.add_argument("--runtime-lib", required=True)
    parser.add_argument("--include", action="append", default=[])
    parser.add_argument("--work", required=True)
    parser.add_argument("--compiler", action="append", required=True)
    parser.add_argument("--orders", type=int, default=300)
    args = parser.parse_args()

    failures = 0
    for compiler in args.compiler:
        name = os.path.basename(compiler)
        work = os.path.join(args.work, name)
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        flags = ["-std=c++20", "-I" + work, *("-I" + d for d in args.include)]
        try:
            run([args.telegen, "generate", os.path.join(HERE, "jobs.yaml"), "--out-dir", work])
            out = os.path.join(work, "jobs_app.cpp")
            run([args.telegen, "instrument", os.path.join(HERE, "jobs_app.cpp"), "--schema",
                 os.path.join(HERE, "jobs.yaml"), "--out", out, "--", *flags])
            program = os.path.join(work, "jobs_app")
            run([compiler, *flags, "-O1", out, args.runtime_lib, "-pthread", "-o", program])
            env = burst_env(work)
            run([program, str(args.orders), os.path.join(work, "metrics.txt")], env=env, cwd=work,
                timeout=120)
            check_run(work, args.orders)
            print("PASS {}".format(name))
        except Failure as failure:
            failures += 1
            print("FAIL {}: {}".format(name, failure))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
