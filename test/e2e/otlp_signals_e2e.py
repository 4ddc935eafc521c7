#!/usr/bin/env python3
"""End-to-end tests of the three signals over OTLP/HTTP: a real instrumented
program (otlp_app signals) records spans, log lines, resilience and business
events (generated emitters: log record, metrics and span event each) and
metrics, and exports all three to the strict receiver (otlp_receiver.py) on
loopback, which decodes every payload with Python's protobuf runtime
against the OTLP message definitions.

Usage: otlp_signals_e2e.py CASE --app PATH --receiver PATH --work DIR
Cases:
  signals       protobuf: every span, every log record (resilience events
                included) and the series /metrics shows arrive, whole
  signals_json  the same over http/json
  partial       the receiver answers partial successes: delivered, and the
                rejected items are counted and reported
  throttled     the receiver answers 429 with Retry-After: 1 twice: the
                exporter waits that long, then delivers everything
  outage        the receiver goes away for 3 s and comes back: every record
                that fitted the queues arrives exactly once, the rest are
                counted as dropped, exactly
  tls           https with a private CA and client certificates (mutual TLS)
  bad_settings  grpc, an endpoint that is not a URL, a certificate file that
                does not exist: one line on stderr each, the documented
                fallback, the program runs to its end
"""

import json
import os
import sys

from prometheus_client.parser import text_string_to_metric_families

import otlp_harness
from e2e_support import attributes, check, run
from otlp_harness import LIFECYCLE_EVENTS, Receiver, accepted, app_log_lines, log_records_of, run_app, spans_of

SIGNALS_ENV = {
    "OTEL_LOGS_EXPORTER": "otlp",
    "OTEL_METRICS_EXPORTER": "otlp",
    "OTEL_METRIC_EXPORT_INTERVAL": "300",
    "OTEL_BLRP_SCHEDULE_DELAY": "200",
}


def run_signals(args, work, receiver, traces, pace_us=1000, extra_env=None, scheme="http", timeout=60):
    """Runs otlp_app signals; returns its counters, its stderr and its final /metrics text."""
    metrics_file = os.path.join(work, "metrics.txt")
    result, _ = run_app(args.app, work, receiver.port, "signals", str(traces), str(pace_us), metrics_file,
                        extra_env={**SIGNALS_ENV, **(extra_env or {})}, scheme=scheme, timeout=timeout)
    with open(metrics_file) as f:
        return json.loads(result.stdout), result.stderr, f.read()


def run_receiver(args, work, action, *options):
    receiver = Receiver(args.receiver, work, *options)
    try:
        return action(receiver), receiver.entries()
    finally:
        receiver.stop()


def check_spans(spans, traces):
    check(len(spans) == 2 * traces, f"expected {2 * traces} spans, got {len(spans)}")
    check(len({s["spanId"] for s in spans}) == len(spans), "each span once")
    for span in spans:
        if span["name"] != "orders.handle":
            continue
        names = [e["name"] for e in span.get("events", [])]
        check(names == ["validated", "retry_attempt", "order_placed"],
              f"the generated events are events of the span they happened in: {names}")
        retry = attributes(span["events"][1])
        check(retry["dependency"] == "payments" and retry["attempt"] == "1", f"retry_attempt span event {retry}")


def check_log_records(records, spans, traces):
    own = sorted(r["body"]["stringValue"] for r in records if r["logger"] == "telegen")
    check(own == sorted(LIFECYCLE_EVENTS), f"the lifecycle records, once each: {own}")
    records = [r for r in records if r["logger"] != "telegen"]
    check(len(records) == 3 * traces, f"expected {3 * traces} log records, got {len(records)}")
    span_ids = {s["spanId"]: s for s in spans}
    by_event = {}
    for record in records:
        by_event.setdefault(record["body"]["stringValue"], []).append(record)
        span = span_ids.get(record.get("spanId"))
        check(span is not None and span["traceId"] == record["traceId"],
              f"every record carries the trace and span it was written in: {record}")
        check(record["timeUnixNano"] == record["observedTimeUnixNano"], "observed when written")
        check(record["flags"] & 1 == 1, "sampled trace flags")
    check(sorted(by_event) == ["charge_failed", "charged", "order_placed", "retry_attempt"],
          f"events {sorted(by_event)}")
    for record in by_event["retry_attempt"]:
        fields = attributes(record)
        check(record["logger"] == "resilience", f"the logger is the scope: {record['logger']}")
        check(record["severityNumber"] == 13 and record["severityText"] == "WARNING", "retry_attempt is a WARNING")
        check(fields["dependency"] == "payments" and fields["attempt"] == "1" and
              fields["error"] == "connection reset", f"retry_attempt fields {fields}")
        check(fields["code.function.name"] == "events", f"where it was emitted: {fields}")
    for record in by_event["order_placed"]:
        fields = attributes(record)
        check(record["severityNumber"] == 9, "order_placed is INFO")
        check(fields["order_id"].startswith("order-") and fields["items"] == "2" and
              fields["channel"] in ("web", "app"), f"order_placed fields {fields}")
    for record in by_event["charge_failed"]:
        check(record["severityNumber"] == 17, "charge_failed is an ERROR")
        check(attributes(record)["password"] == "[REDACTED]", "secrets are redacted")


def otlp_points(request):
    """{(name, sorted attributes): OTLP data point} of a metrics request, with the metric's kind."""
    points = {}
    for rm in request["resourceMetrics"]:
        for sm in rm["scopeMetrics"]:
            for metric in sm["metrics"]:
                kind = next(k for k in ("sum", "gauge", "histogram") if k in metric)
                for point in metric[kind].get("dataPoints", []):
                    labels = tuple(sorted((a["key"], a["value"]["stringValue"]) for a in point.get("attributes", [])))
                    points[(metric["name"], labels)] = (kind, point)
    return points


def check_metrics(requests, text):
    """The last push holds every application series of the final /metrics text, same values."""
    check(requests, "no metrics arrived")
    points = otlp_points(requests[-1]["request"])
    compared = 0
    for family in text_string_to_metric_families(text):
        if family.name.startswith("telegen_"):
            continue  # telegen's own counters move while it shuts down
        if family.name.startswith("process_"):
            # CPU time, memory and threads move between the scrape and the push.
            for sample in family.samples:
                kind, point = points.get((sample.name.removesuffix("_total"), ()), (None, None))
                check(kind == ("sum" if family.type == "counter" else "gauge")
                      and "asDouble" in point,
                      f"{sample.name} is a {family.type} of doubles over OTLP: {point}")
            continue
        for sample in family.samples:
            labels = tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le"))
            if family.type == "counter" and sample.name.endswith("_total"):
                kind, point = points.get((sample.name[:-len("_total")], labels), (None, None))
                check(kind == "sum" and int(point["asInt"]) == sample.value,
                      f"{sample.name}{dict(labels)} = {sample.value} in /metrics, {point} over OTLP")
            elif family.type == "gauge":
                kind, point = points.get((family.name, labels), (None, None))
                check(kind == "gauge" and point.get("asDouble", 0) == sample.value,
                      f"{sample.name}{dict(labels)} = {sample.value} in /metrics, {point} over OTLP")
            elif family.type == "histogram" and sample.name.endswith("_bucket"):
                kind, point = points.get((family.name, labels), (None, None))
                check(kind == "histogram", f"{family.name}{dict(labels)} is a histogram over OTLP")
                bounds = point.get("explicitBounds", []) + [float("inf")]
                index = bounds.index(float(sample.labels["le"]))
                cumulative = sum(int(c) for c in point["bucketCounts"][:index + 1])
                check(cumulative == sample.value,
                      f"{sample.name}{sample.labels} = {sample.value} in /metrics, {cumulative} over OTLP")
            else:
                continue
            compared += 1
    check(compared >= 10, f"only {compared} series compared")


def case_signals(args, work, protocol="http/protobuf"):
    traces = 40
    env = {"OTEL_EXPORTER_OTLP_PROTOCOL": protocol}
    (counters, _, text), entries = run_receiver(
        args, work, lambda receiver: run_signals(args, work, receiver, traces, extra_env=env))
    expected = "protobuf" if protocol == "http/protobuf" else "json"
    for path in ("/v1/traces", "/v1/logs", "/v1/metrics"):
        requests = accepted(entries, path)
        check(requests, f"nothing arrived on {path}")
        check(all(e["protocol"] == expected for e in requests), f"{path} used {protocol}")
        check(all(e["user_agent"].startswith("telegen/") for e in requests), "the User-Agent names telegen")
    spans = spans_of(entries)
    check_spans(spans, traces)
    check_log_records(log_records_of(entries), spans, traces)
    with open(os.path.join(work, "system.jsonl")) as f:
        check(len(f.readlines()) == 3 * traces + len(LIFECYCLE_EVENTS), "the log file has every record too")
    check_metrics(accepted(entries, "/v1/metrics"), text)
    check(counters["exported"] == 2 * traces and counters["log_exported"] == 3 * traces + len(LIFECYCLE_EVENTS),
          f"counters {counters}")
    check(counters["failed"] + counters["dropped"] + counters["log_failed"] + counters["log_export_dropped"] == 0,
          f"nothing lost: {counters}")
    check(counters["metric_exports"] >= 1 and counters["metric_exports_failed"] == 0, f"counters {counters}")


def case_partial(args, work):
    (counters, stderr, _), entries = run_receiver(
        args, work, lambda receiver: run_signals(args, work, receiver, 10), "--mode", "partial", "--failures", "3")
    partial = {path: sum(1 for e in accepted(entries, path) if e["partial"]) for path in ("/v1/traces", "/v1/logs")}
    check(sum(partial.values()) >= 2, f"partial successes answered: {partial}")
    check(counters["rejected"] == partial["/v1/traces"] and counters["log_rejected"] == partial["/v1/logs"],
          f"each rejected item counted: {counters} for {partial}")
    check(counters["exported"] == 20 and counters["failed"] == 0, f"a partial success is delivered: {counters}")
    for path, items in (("/v1/traces", "spans"), ("/v1/logs", "log records")):
        if partial[path]:
            line = f"rejected 1 of the {items} it was sent: one item rejected on purpose"
            check(stderr.count(line) == 1, f"reported once: {stderr!r}")


def case_throttled(args, work):
    (counters, _, _), entries = run_receiver(
        args, work, lambda receiver: run_signals(args, work, receiver, 10),
        "--mode", "flaky", "--failures", "2", "--status", "429", "--retry-after", "1")
    throttled = [e for e in entries if e.get("retryable")]
    check(len(throttled) == 2, f"two requests answered 429: {throttled}")
    for refused in throttled:
        retries = [e for e in accepted(entries, refused["path"]) if e["time"] > refused["time"]]
        check(retries, f"{refused['path']} was retried")
        waited = min(e["time"] for e in retries) - refused["time"]
        check(waited >= 0.95, f"Retry-After: 1 was honoured on {refused['path']}: retried after {waited:.2f} s")
    check(len(spans_of(entries)) == 20 and counters["exported"] == 20, f"every span arrived: {counters}")
    records = 30 + len(LIFECYCLE_EVENTS)
    check(len(log_records_of(entries)) == records and counters["log_exported"] == records, f"every record: {counters}")


def case_outage(args, work):
    traces = 3000
    env = {
        # Small queues, so the outage overflows them; a timeout longer than
        # the outage, so the batch in flight is retried until it arrives.
        "OTEL_BSP_MAX_QUEUE_SIZE": "256",
        "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "128",
        "OTEL_BLRP_MAX_QUEUE_SIZE": "256",
        "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE": "128",
        "OTEL_EXPORTER_OTLP_TIMEOUT": "20000",
    }
    (counters, _, text), entries = run_receiver(
        args, work, lambda receiver: run_signals(args, work, receiver, traces, pace_us=2000, extra_env=env),
        "--mode", "outage", "--outage-after", "2", "--outage-seconds", "3")
    times = sorted(e["time"] for e in entries if e["ok"])
    check(max(b - a for a, b in zip(times, times[1:])) >= 2.9, "the receiver was away for 3 s")
    spans = spans_of(entries)
    check(len({s["spanId"] for s in spans}) == len(spans), "no span arrived twice")
    check(len(spans) == counters["exported"], f"{len(spans)} spans arrived, {counters['exported']} counted exported")
    check(counters["failed"] == 0, f"the batch in flight was retried until it arrived: {counters}")
    check(counters["dropped"] > 0, f"the outage overflowed the span queue: {counters}")
    check(counters["exported"] + counters["dropped"] == 2 * traces,
          f"every span is exported or counted as dropped, exactly: {counters}")
    records = log_records_of(entries)
    keys = {(r["timeUnixNano"], r["body"]["stringValue"], r.get("spanId")) for r in records}
    check(len(keys) == len(records), "no log record arrived twice")
    check(len(records) == counters["log_exported"], f"{len(records)} records arrived: {counters}")
    check(counters["log_export_dropped"] > 0, f"the outage overflowed the log export queue: {counters}")
    # The runtime's telemetry_dropped records (it says what it lost, in
    # the log file and over OTLP) are records too.
    with open(os.path.join(work, "system.jsonl")) as log:
        drop_reports = sum(1 for line in log if '"event":"telemetry_dropped"' in line)
    check(drop_reports >= 1, "the losses were reported in the log")
    check(counters["log_exported"] + counters["log_export_dropped"] + counters["log_failed"] ==
          3 * traces + len(LIFECYCLE_EVENTS) - counters["log_dropped"] + drop_reports,
          f"every record is exported or counted as dropped, exactly: {counters}, {drop_reports} drop reports")
    with open(os.path.join(work, "system.jsonl")) as f:
        check(len(f.readlines()) ==
              3 * traces + len(LIFECYCLE_EVENTS) - counters["log_dropped"] + drop_reports,
              "the log file was not held up")
    check_metrics(accepted(entries, "/v1/metrics"), text)


def make_certificates(work):
    """A private CA, a server certificate for 127.0.0.1 and a client certificate, all PEM."""
    files = {name: os.path.join(work, name) for name in
             ("ca.pem", "ca.key", "server.pem", "server.key", "server.csr", "client.pem", "client.key", "client.csr",
              "san.cnf")}
    with open(files["san.cnf"], "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=telegen e2e CA",
         "-keyout", files["ca.key"], "-out", files["ca.pem"]])
    for who, extra in (("server", ["-extfile", files["san.cnf"]]), ("client", [])):
        run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN=telegen e2e {who}",
             "-keyout", files[f"{who}.key"], "-out", files[f"{who}.csr"]])
        run(["openssl", "x509", "-req", "-in", files[f"{who}.csr"], "-CA", files["ca.pem"], "-CAkey", files["ca.key"],
             "-CAcreateserial", "-days", "2", "-out", files[f"{who}.pem"], *extra])
    return files


def case_tls(args, work):
    files = make_certificates(work)
    tls = ("--tls-cert", files["server.pem"], "--tls-key", files["server.key"], "--client-ca", files["ca.pem"])
    env = {
        "OTEL_EXPORTER_OTLP_CERTIFICATE": files["ca.pem"],
        "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": files["client.pem"],
        "OTEL_EXPORTER_OTLP_CLIENT_KEY": files["client.key"],
    }
    (counters, _, _), entries = run_receiver(
        args, work, lambda receiver: run_signals(args, work, receiver, 10, extra_env=env, scheme="https"), *tls)
    check(len(spans_of(entries)) == 20 and len(log_records_of(entries)) == 30 + len(LIFECYCLE_EVENTS),
          "everything arrived over https")
    check(counters["exported"] == 20 and counters["log_exported"] == 30 + len(LIFECYCLE_EVENTS),
          f"counters {counters}")

    # Without its certificate the client is refused: reported, counted, the program unharmed.
    del env["OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"], env["OTEL_EXPORTER_OTLP_CLIENT_KEY"]
    env["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2000"
    (counters, stderr, _), entries = run_receiver(
        args, work, lambda receiver: run_signals(args, work, receiver, 5, extra_env=env, scheme="https"), *tls)
    check(not any(e["ok"] for e in entries), "nothing arrives without the client certificate")
    check(counters["exported"] == 0 and counters["failed"] == 10, f"counted as failed: {counters}")
    check("OTLP export to https://127.0.0.1" in stderr, f"the failure is reported: {stderr!r}")


def case_bad_settings(args, work):
    cases = [
        ({"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
         "telegen: OTEL_EXPORTER_OTLP_PROTOCOL='grpc' is not supported (telegen speaks http/protobuf, the default, "
         "and http/json; not grpc); spans go to {traces} instead\n", "file"),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "127.0.0.1:4318/v1/traces"},
         "telegen: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT='127.0.0.1:4318/v1/traces' is not a URL (expected "
         "http://host:port/path or https://host:port/path); spans go to {traces} instead\n", "file"),
        ({"OTEL_LOGS_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE": "/nonexistent/ca.pem"},
         "telegen: OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE='/nonexistent/ca.pem' cannot be read (No such file or "
         "directory); log records go to {logs} only\n", "receiver"),
    ]
    for env, line, spans_go_to in cases:
        for name in ("traces.jsonl", "system.jsonl"):
            if os.path.exists(os.path.join(work, name)):
                os.remove(os.path.join(work, name))
        result, entries = run_receiver(
            args, work, lambda receiver: run_app(args.app, work, receiver.port, "export", "5", extra_env=env)[0])
        expected = line.format(traces=os.path.join(work, "traces.jsonl"), logs=os.path.join(work, "system.jsonl"))
        check(result.stderr == expected, f"with {env}: one line on stderr\nexpected: {expected!r}\ngot: {result.stderr!r}")
        check(len(app_log_lines(work)) == 5, f"with {env}: the log file has every record")
        if spans_go_to == "file":
            check(not entries, f"with {env}: nothing is sent")
            with open(os.path.join(work, "traces.jsonl")) as f:
                spans = sum(len(ss["spans"]) for line in f for rs in json.loads(line)["resourceSpans"]
                            for ss in rs["scopeSpans"])
            check(spans == 10, f"with {env}: the spans are in the file")
        else:
            check(len(spans_of(entries)) == 10 and not accepted(entries, "/v1/logs"),
                  f"with {env}: spans are exported, log records are not")


CASES = {
    "signals": case_signals,
    "signals_json": lambda args, work: case_signals(args, work, "http/json"),
    "partial": case_partial,
    "throttled": case_throttled,
    "outage": case_outage,
    "tls": case_tls,
    "bad_settings": case_bad_settings,
}


if __name__ == "__main__":
    sys.exit(otlp_harness.main(__doc__, CASES))
