#!/usr/bin/env python3
"""End-to-end tests of span export over OTLP/HTTP: a real instrumented
program (otlp_app) exports to the strict receiver (otlp_receiver.py) on
loopback. otlp_signals_e2e.py has the three signals together.

Usage: otlp_e2e.py CASE --app PATH --receiver PATH --work DIR
Cases:
  export           spans arrive whole and valid; logs carry their trace ids
  gzip             the same with Content-Encoding: gzip
  retry            the receiver answers 503 twice; nothing is lost
  receiver_down    nothing listens: the program neither blocks nor crashes,
                   and every span is counted as failed or dropped
  receiver_slow    the receiver takes 5 s per request: the same
  env_propagation  a child process started with TRACEPARENT continues the
                   trace of the span that started it
"""

import json
import os
import sys

import otlp_harness
from e2e_support import check
from otlp_harness import Receiver, accepted, app_log_lines, closed_port, run_app, spans_of

TRACES = 50  # request-like traces of two spans each


def attribute(item, key):
    for kv in item.get("attributes", []):
        if kv["key"] == key:
            return kv["value"]
    raise Failure(f"no attribute {key} in {json.dumps(item)[:400]}")


def check_export(spans, work):
    check(len(spans) == 2 * TRACES, f"expected {2 * TRACES} spans, got {len(spans)}")
    by_id = {s["spanId"]: s for s in spans}
    handles = [s for s in spans if s["name"] == "orders.handle"]
    charges = [s for s in spans if s["name"] == "payments.charge"]
    check(len(handles) == TRACES and len(charges) == TRACES, "spans of both kinds")
    for s in spans:
        check(s["service"] == "e2e-orders", f"service.name {s['service']}")
    for h in handles:
        check(h["kind"] == 2 and "parentSpanId" not in h, "handle spans are server roots")
        check(attribute(h, "http.route") == {"stringValue": "/orders"}, "string attribute")
        count = int(attribute(h, "order.count")["intValue"])
        check(attribute(h, "order.total") == {"doubleValue": 12.5 * count}, "double attribute")
        check(attribute(h, "order.express") == {"boolValue": count % 2 == 0}, "bool attribute")
        check(attribute(h, "code.function.name") == {"stringValue": "handle"}, "code.function.name")
        check(h["events"][0]["name"] == "validated", "event")
        check(h["links"][0]["traceId"] == "0af7651916cd43dd8448eb211c80319c", "link")
        check(h["flags"] & 0x301 == 0x101, "sampled, local root")
    failed = 0
    for c in charges:
        parent = by_id.get(c.get("parentSpanId"))
        check(parent is not None and parent["name"] == "orders.handle", "charge is a child of handle")
        check(c["traceId"] == parent["traceId"], "one trace per request")
        check(c["kind"] == 3, "client kind")
        if c["status"].get("code", 0) == 2:
            failed += 1
            check(c["status"]["message"] == "card declined", "status message")
            event = c["events"][0]
            check(event["name"] == "exception", "exception event")
            check(attribute(event, "exception.type") == {"stringValue": "std::runtime_error"}, "exception.type")
            check(int(event["timeUnixNano"]) >= int(c["startTimeUnixNano"]), "event inside the span")
    check(failed == len(range(0, TRACES, 3)), f"{failed} charges failed")

    trace_ids = {s["traceId"] for s in spans}
    logs = app_log_lines(work)
    check(len(logs) == TRACES, f"one log line per charge, got {len(logs)}")
    for line in logs:
        check(line["trace_id"] in trace_ids, "log lines carry the trace ids of exported spans")
        check(by_id[line["span_id"]]["name"] == "payments.charge", "and the span that wrote them")
        if line["event"] == "charge_failed":
            check(line["password"] == "[REDACTED]", "secrets are redacted")


def case_export(args, work, gzip=False):
    receiver = Receiver(args.receiver, work)
    try:
        extra = {"OTEL_EXPORTER_OTLP_COMPRESSION": "gzip"} if gzip else {}
        result, _ = run_app(args.app, work, receiver.port, "export", str(TRACES), extra_env=extra)
    finally:
        receiver.stop()
    counters = json.loads(result.stdout)
    check(counters["exported"] == 2 * TRACES and counters["failed"] == 0 and counters["dropped"] == 0,
          f"counters {counters}")
    entries = receiver.entries()
    check(all(e["protocol"] == "protobuf" for e in accepted(entries, "/v1/traces")),
          "http/protobuf is the default protocol")
    check(all(e["user_agent"].startswith("telegen/") for e in accepted(entries, "/v1/traces")),
          "the User-Agent names telegen and its version")
    if gzip:
        check(all(e.get("gzip") for e in entries if e["ok"]), "every request was gzipped")
    check_export(spans_of(entries), work)


def case_retry(args, work):
    receiver = Receiver(args.receiver, work, "--mode", "flaky", "--failures", "2")
    try:
        result, _ = run_app(args.app, work, receiver.port, "export", str(TRACES))
    finally:
        receiver.stop()
    counters = json.loads(result.stdout)
    check(counters["exported"] == 2 * TRACES and counters["failed"] == 0, f"counters {counters}")
    entries = receiver.entries()
    check(sum(1 for e in entries if e.get("retryable")) == 2, "two requests were answered 503")
    check(len(spans_of(entries)) == 2 * TRACES, "every span arrived after the retries")


def check_unreachable(result, elapsed, spans):
    counters = json.loads(result.stdout)
    check(counters["exported"] == 0, f"nothing can be delivered: {counters}")
    check(counters["failed"] + counters["dropped"] == spans,
          f"every span is counted as failed or dropped: {counters} for {spans} spans")
    # Waiting on export would take the export timeout (0.5-1 s); 100 ms
    # leaves room for a loaded machine descheduling the program.
    check(counters["slowest_call_us"] < 100000, f"the caller never waits on export: {counters}")
    check(counters["shutdown_ms"] < 3000, f"shutdown is bounded: {counters}")
    check(elapsed < 20, f"the program ended in {elapsed:.1f} s")
    check("OTLP export to" in result.stderr, f"the failure is reported: {result.stderr!r}")
    check(result.stderr.count("OTLP export to") == 1, f"and only once: {result.stderr!r}")


def case_receiver_down(args, work):
    traces = 2000
    result, elapsed = run_app(args.app, work, closed_port(), "export", str(traces),
                              extra_env={"OTEL_EXPORTER_OTLP_TIMEOUT": "1000"})
    check_unreachable(result, elapsed, 2 * traces)


def case_receiver_slow(args, work):
    traces = 2000
    receiver = Receiver(args.receiver, work, "--mode", "slow", "--delay", "5")
    try:
        result, elapsed = run_app(args.app, work, receiver.port, "export", str(traces),
                                  extra_env={"OTEL_EXPORTER_OTLP_TIMEOUT": "500"})
    finally:
        receiver.stop()
    check_unreachable(result, elapsed, 2 * traces)


def case_env_propagation(args, work):
    receiver = Receiver(args.receiver, work)
    try:
        run_app(args.app, work, receiver.port, "parent")
    finally:
        receiver.stop()
    spans = spans_of(receiver.entries())
    check(len(spans) == 2, f"a span in each process, got {len(spans)}")
    parent = [s for s in spans if "parentSpanId" not in s]
    child = [s for s in spans if "parentSpanId" in s]
    check(len(parent) == 1 and len(child) == 1, "one root and one child")
    parent, child = parent[0], child[0]
    check(child["traceId"] == parent["traceId"], "the child process continues the trace")
    check(child["parentSpanId"] == parent["spanId"], "under the span that started it")
    check(child["flags"] & 0x300 == 0x300, "with a remote parent")
    logs = app_log_lines(work)
    check(len(logs) == 1 and logs[0]["trace_id"] == parent["traceId"], f"the child's log line: {logs}")
    check(len(logs[0]["request_id"]) == 36, "and a request id")


CASES = {
    "export": case_export,
    "gzip": lambda args, work: case_export(args, work, gzip=True),
    "retry": case_retry,
    "receiver_down": case_receiver_down,
    "receiver_slow": case_receiver_slow,
    "env_propagation": case_env_propagation,
}


if __name__ == "__main__":
    sys.exit(otlp_harness.main(__doc__, CASES))
