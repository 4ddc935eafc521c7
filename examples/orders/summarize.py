#!/usr/bin/python3
"""What the orders example produced, for a newcomer to read.

  summarize.py scraping --prometheus URL
      waits until Prometheus scrapes the orders service
  summarize.py alerts --prometheus URL --out DIR
      waits (up to 30 s) until the payments breaker alert fires, and saves
      the alerts firing meanwhile in DIR/alerts.json
  summarize.py snapshot --admin HOST:PORT --out DIR
      saves the orders service's /metrics and /health/* answers in DIR
      (while it runs)
  summarize.py report --out DIR [--telegen BIN --schema telemetry.yaml]
                      [--operations DIR]
      prints a trace tree, a few metrics, the resilience events seen, the
      alerts that fired, where the generated dashboards and runbooks are,
      and where the full outputs are (after the services stopped, so their
      spans and logs are flushed)

DIR holds orders/ and payments/, each service's working directory, with
logs/system.jsonl and logs/traces.jsonl (OTLP JSON, one export per line).
Standard library only.
"""

import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def snapshot(args):
    for name, path in [("metrics.txt", "/metrics"), ("health.json", "/health"),
                       ("health-ready.json", "/health/ready"),
                       ("health-detailed.json", "/health/detailed")]:
        status, body = fetch("http://%s%s" % (args.admin, path))
        with open(os.path.join(args.out, name), "w") as out:
            out.write(body)
        if name != "metrics.txt":
            with open(os.path.join(args.out, name + ".status"), "w") as out:
                out.write("%d\n" % status)


def wait(attempt, timeout):
    """Calls attempt until it returns something true or timeout seconds
    pass. A server that is not listening yet (Prometheus just started)
    counts as not ready, not as a failure."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = attempt()
        except (urllib.error.URLError, ConnectionError) as error:
            if isinstance(error, urllib.error.HTTPError):
                raise
            result = None
        if result:
            return result
        time.sleep(0.2)
    return None


def scraping(args):
    def up():
        status, body = fetch(args.prometheus + "/api/v1/targets")
        targets = json.loads(body)["data"]["activeTargets"] if status == 200 else []
        return targets and all(t["health"] == "up" for t in targets)
    if not wait(up, 30):
        print("error: Prometheus does not scrape orders; see its stdout.txt", file=sys.stderr)
        return 1
    return 0


def alerts(args):
    """Keeps every alert seen firing until the payments breaker's is."""
    seen = {}

    def breaker_fired():
        status, body = fetch(args.prometheus + "/api/v1/alerts")
        for alert in json.loads(body)["data"]["alerts"] if status == 200 else []:
            if alert["state"] == "firing":
                labels = alert["labels"]
                about = labels.get("dependency") or labels.get("slo") or ""
                seen[(labels["alertname"], about)] = {
                    "alertname": labels["alertname"], "severity": labels.get("severity", ""),
                    "about": about, "summary": alert["annotations"].get("summary", "")}
        return any(name == "CircuitBreakerOpen" for name, _ in seen)
    wait(breaker_fired, 30)
    # A moment more for the burn-rate alerts, which read recording rules.
    time.sleep(2)
    breaker_fired()
    with open(os.path.join(args.out, "alerts.json"), "w") as out:
        json.dump(sorted(seen.values(), key=lambda a: (a["alertname"], a["about"])), out, indent=1)
    return 0


def attribute_value(value):
    for key in ("stringValue", "boolValue"):
        if key in value:
            return value[key]
    if "doubleValue" in value:
        return float(value["doubleValue"])
    if "intValue" in value:
        return int(value["intValue"])
    return json.dumps(value)


def read_spans(path):
    """Spans of an OTLP JSON lines file, as dicts with the service name."""
    spans = []
    if not os.path.exists(path):
        return spans
    with open(path) as lines:
        for line in lines:
            if not line.strip():
                continue
            request = json.loads(line)
            for resource_spans in request.get("resourceSpans", []):
                resource = {a["key"]: attribute_value(a["value"])
                            for a in resource_spans.get("resource", {}).get("attributes", [])}
                service = resource.get("service.name", "?")
                for scope_spans in resource_spans.get("scopeSpans", []):
                    for span in scope_spans.get("spans", []):
                        span = dict(span)
                        span["service"] = service
                        span["attrs"] = {a["key"]: attribute_value(a["value"])
                                         for a in span.get("attributes", [])}
                        spans.append(span)
    return spans


def duration_ms(span):
    return (int(span["endTimeUnixNano"]) - int(span["startTimeUnixNano"])) / 1e6


KINDS = {1: "internal", 2: "server", 3: "client", 4: "producer", 5: "consumer"}
EVENT_FIELDS = ["outcome", "attempt", "from_state", "failure_count", "error", "order_id"]
SHOWN_ATTRIBUTES = ["item", "quantity", "payment_method", "order_id", "amount", "card_number",
                    "http.response.status_code", "method"]


def describe(span):
    parts = []
    for key in SHOWN_ATTRIBUTES:
        if key in span["attrs"]:
            name = "status" if key == "http.response.status_code" else key
            value = span["attrs"][key]
            if isinstance(value, float):
                value = "%.2f" % value
            parts.append("%s=%s" % (name, value))
    status = span.get("status", {})
    if status.get("code") == 2:
        parts.append("ERROR" + (": " + status["message"] if status.get("message") else ""))
    return " ".join(parts)


def print_tree(spans, trace_id):
    in_trace = [s for s in spans if s["traceId"] == trace_id]
    ids = {s["spanId"] for s in in_trace}
    children = collections.defaultdict(list)
    roots = []
    for span in in_trace:
        parent = span.get("parentSpanId", "")
        (children[parent] if parent in ids else roots).append(span)
    for siblings in children.values():
        siblings.sort(key=lambda s: int(s["startTimeUnixNano"]))

    def walk(span, prefix, last, depth):
        branch = "" if depth == 0 else ("`- " if last else "|- ")
        label = "%s%s%s" % (prefix, branch, span["name"])
        print("  %-44s %-9s %-8s %8.1f ms  %s" % (label, span["service"], KINDS.get(span.get("kind"), "?"),
                                                  duration_ms(span), describe(span)))
        inner = prefix + ("" if depth == 0 else ("   " if last else "|  "))
        kids = children.get(span["spanId"], [])
        for event in span.get("events", []):
            fields = {a["key"]: attribute_value(a["value"]) for a in event.get("attributes", [])}
            detail = ", ".join("%s=%s" % (k, fields[k]) for k in EVENT_FIELDS if k in fields)
            print("  %s%s* %s%s" % (inner, "|  " if kids else "   ", event["name"],
                                    " (" + detail + ")" if detail else ""))
        for i, child in enumerate(kids):
            walk(child, inner, i == len(kids) - 1, depth + 1)

    for root in roots:
        walk(root, "", True, 0)
    return len(in_trace)


def pick_trace(spans):
    """A placed order that needed a retry and crossed both services, else any order."""
    by_trace = collections.defaultdict(list)
    for span in spans:
        by_trace[span["traceId"]].append(span)

    def score(trace):
        names = {s["name"] for s in trace}
        services = {s["service"] for s in trace}
        events = {e["name"] for s in trace for e in s.get("events", [])}
        ok = any(s["name"] == "POST /orders" and s["attrs"].get("http.response.status_code") == 201
                 for s in trace)
        return (("orders.fulfil" in names) + (len(services) > 1) + ("retry_attempt" in events) + ok,
                -len(trace))

    if not by_trace:
        return None
    return max(sorted(by_trace), key=lambda t: score(by_trace[t]))


def metric_lines(path, names):
    lines = []
    if not os.path.exists(path):
        return lines
    with open(path) as text:
        for line in text:
            if line.startswith("#"):
                continue
            name = line.split("{")[0].split(" ")[0]
            if name in names and not line.rstrip().endswith(" 0"):
                lines.append(line.rstrip())
    return lines


def histogram_quantile(path, metric, quantile):
    """The quantile over every series of a histogram, as Prometheus computes it."""
    buckets = collections.defaultdict(float)
    with open(path) as text:
        for line in text:
            if line.startswith(metric + "_bucket{"):
                labels, value = line.rsplit(" ", 1)
                bound = labels.split('le="')[1].split('"')[0]
                buckets[float("inf") if bound == "+Inf" else float(bound)] += float(value)
    if not buckets:
        return None
    bounds = sorted(buckets)
    total = buckets[bounds[-1]]
    if total == 0:
        return None
    rank = quantile * total
    previous_bound, previous_count = 0.0, 0.0
    for bound in bounds:
        if buckets[bound] >= rank:
            if bound == float("inf"):
                return previous_bound
            return previous_bound + (bound - previous_bound) * (rank - previous_count) / max(
                buckets[bound] - previous_count, 1e-9)
        previous_bound, previous_count = bound, buckets[bound]
    return None


def read_log(path):
    records = []
    if os.path.exists(path):
        with open(path) as lines:
            for line in lines:
                if line.strip():
                    records.append(json.loads(line))
    return records


def report(args):
    out = args.out
    orders_dir, payments_dir = os.path.join(out, "orders"), os.path.join(out, "payments")
    spans = read_spans(os.path.join(orders_dir, "logs", "traces.jsonl")) + \
        read_spans(os.path.join(payments_dir, "logs", "traces.jsonl"))

    print("\n== A trace: one order, from the orders API through its worker pool to payments")
    trace_id = pick_trace(spans)
    if trace_id is None:
        print("  no spans were written (is OTEL_TRACES_EXPORTER set to none?)")
    else:
        print("  trace %s" % trace_id)
        print_tree(spans, trace_id)
    traces = {s["traceId"] for s in spans}
    print("  (%d spans in %d traces)" % (len(spans), len(traces)))

    metrics = os.path.join(out, "metrics.txt")
    print("\n== Metrics (orders' /metrics, non-zero series)")
    for line in metric_lines(metrics, {"http_requests_total"}):
        print("  " + line)
    p95 = histogram_quantile(metrics, "http_server_request_duration_seconds", 0.95)
    if p95 is not None:
        print("  p95 request latency (from http_server_request_duration_seconds): %.0f ms" % (p95 * 1000))
    for line in metric_lines(metrics, {"orders_placed_total", "retry_attempts_total", "timeout_exceeded_total",
                                       "bulkhead_rejections_total", "circuit_breaker_transitions_total",
                                       "circuit_breaker_state"}):
        print("  " + line)

    records = read_log(os.path.join(orders_dir, "logs", "system.jsonl"))
    events = [r for r in records if "resilience_event" in r]
    print("\n== Resilience events (orders' logs/system.jsonl: the log line, the metric and the span "
          "event come from one call)")
    counts = collections.Counter(r["resilience_event"] for r in events)
    for name, count in sorted(counts.items()):
        first = next(r for r in events if r["resilience_event"] == name)
        detail = ", ".join("%s=%s" % (k, round(first[k], 1) if isinstance(first[k], float) else first[k])
                           for k in ("from_state", "failure_count", "attempt", "duration_ms", "error")
                           if first.get(k) is not None)
        print("  %4d x %-26s e.g. %s" % (count, name, detail))
    if not events:
        print("  none")

    status_path = os.path.join(out, "health-ready.json")
    if os.path.exists(status_path):
        print("\n== Health (orders' /health/ready at the end): %s" % open(status_path).read().strip())

    alerts_path = os.path.join(out, "alerts.json")
    if os.path.exists(alerts_path):
        print("\n== Alerts that fired during the outage (Prometheus evaluating the rules telegen generated, "
              "windows shortened 60 times)")
        fired = json.load(open(alerts_path))
        for alert in fired:
            print("  %-8s %-22s %-20s %s" % (alert["severity"], alert["alertname"], alert["about"],
                                             alert["summary"]))
        if not fired:
            print("  none")

    if args.operations:
        print("\n== Generated from the same schema (telegen_instrument OPERATIONS)")
        for name, pattern in [("alert rules", "*.rules.yml"), ("promtool tests", "*.test.yml"),
                              ("dashboards", os.path.join("dashboards", "*.json")),
                              ("runbooks", os.path.join("runbooks", "*", "*.md")),
                              ("reference", "*.reference.md")]:
            files = sorted(glob.glob(os.path.join(args.operations, pattern)))
            where = files[0] if len(files) == 1 else os.path.commonpath(files) if files else "none"
            print("  %-15s %s%s" % (name, where, "" if len(files) == 1 else " (%d files)" % len(files)))

    if args.telegen and args.schema:
        log = os.path.join(orders_dir, "logs", "system.jsonl")
        result = subprocess.run([args.telegen, "validate-events", "--schema", args.schema, log],
                                capture_output=True, text=True)
        verdict = "clean" if result.returncode == 0 else "FINDINGS:\n" + result.stderr + result.stdout
        print("\n== telegen validate-events on the log: %s" % verdict)

    print("\n== Full outputs")
    for path in [os.path.join(orders_dir, "logs", "system.jsonl"), os.path.join(orders_dir, "logs", "traces.jsonl"),
                 os.path.join(payments_dir, "logs", "system.jsonl"),
                 os.path.join(payments_dir, "logs", "traces.jsonl"), metrics,
                 os.path.join(out, "health-detailed.json")]:
        print("  " + path)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    snap = commands.add_parser("snapshot")
    snap.add_argument("--admin", required=True)
    snap.add_argument("--out", required=True)
    rep = commands.add_parser("report")
    rep.add_argument("--out", required=True)
    rep.add_argument("--telegen")
    rep.add_argument("--schema")
    rep.add_argument("--operations")
    scrape = commands.add_parser("scraping")
    scrape.add_argument("--prometheus", required=True)
    fired = commands.add_parser("alerts")
    fired.add_argument("--prometheus", required=True)
    fired.add_argument("--out", required=True)
    args = parser.parse_args()
    return {"snapshot": snapshot, "report": report, "scraping": scraping, "alerts": alerts}[args.command](args)


if __name__ == "__main__":
    sys.exit(main() or 0)
