#!/usr/bin/env python3
"""End-to-end: resilience events in all three pillars, and the health
endpoints.

A real program (resilience_app) with a breaker, retries, a timeout and a
bulkhead of its own reports them through the generated emitters. Step by
step, the test reads its /metrics and /health/* (the endpoint
TELEGEN_METRICS_ADDR starts), then checks the log lines (exact fields and
levels, func_name and lineno of the calling code), the exported spans
(events, error status) and that `telegen validate-events --coverage`
passes on the program's own log.

Usage: resilience_e2e.py --app PATH --source PATH --schema PATH --work DIR
                         [--telegen PATH]
Everything listens on 127.0.0.1 on a free port; every wait is bounded.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

TOKEN = "e2e-health-token"
STANDARD_KEYS = ["timestamp", "level", "logger", "event", "func_name", "lineno", "pathname"]
CONTRACT = ["resilience_event", "dependency", "duration_ms", "attempt", "error"]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """The program, driven one step at a time over stdin."""

    def __init__(self, path, work, port):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "TELEGEN_"))}
        env.update({
            "TELEGEN_METRICS_ADDR": f"127.0.0.1:{port}",
            "TELEGEN_LOG_FILE": os.path.join(work, "system.jsonl"),
            "TELEGEN_TRACES_FILE": os.path.join(work, "traces.jsonl"),
            "TELEGEN_HEALTH_TOKEN": TOKEN,
            "OTEL_TRACES_EXPORTER": "jsonl",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
            "OTEL_SERVICE_NAME": "checkout",
            "OTEL_RESOURCE_ATTRIBUTES": "service.version=2.0.1,deployment.environment.name=e2e",
        })
        self.process = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, env=env, cwd=work)
        self.expect("ready")

    def expect(self, line):
        got = self.process.stdout.readline().strip()
        check(got == line, f"the program said {got!r}, not {line!r}")

    def step(self, name):
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        self.expect("done " + name)

    def finish(self):
        self.process.stdin.write("exit\n")
        self.process.stdin.close()
        check(self.process.wait(timeout=30) == 0, "the program did not exit cleanly")

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Endpoint:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path, token=None):
        request = urllib.request.Request(self.base + path)
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_until_serving(self):
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.get("/health")[0] == 200:
                    return
            except OSError:
                pass
            check(time.monotonic() < deadline, "/health did not answer within 10 s")
            time.sleep(0.05)

    def ready(self):
        status, body = self.get("/health/ready")
        return status, json.loads(body)

    def metrics(self):
        status, text = self.get("/metrics")
        check(status == 200, f"/metrics answered {status}")
        values = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return values

    def metric(self, name, **labels):
        key = (name, tuple(sorted(labels.items())))
        values = self.metrics()
        check(key in values, f"no sample {name}{labels} on /metrics")
        return values[key]


def call_lines(source):
    """Line numbers of the emitter and adapter calls in the program."""
    with open(source) as f:
        lines = f.read().split("\n")

    def line_of(text):
        found = [i + 1 for i, line in enumerate(lines) if text in line]
        check(len(found) == 1, f"{text!r} is on {len(found)} lines of {source}")
        return found[0]

    return {
        "breaker": line_of("resilience::breaker_state_changed("),
        "rejected": line_of("resilience::circuit_breaker_rejected("),
        "retry": line_of("resilience::attempt_failed("),
        "timeout": line_of("resilience::timeout_exceeded("),
        "bulkhead_rejected": line_of("resilience::bulkhead_rejected("),
        "contention": line_of("resilience::bulkhead_acquired("),
        "order_placed": line_of("checkout::order_placed("),
        "order_store_failed": line_of("checkout::order_store_failed("),
    }


def check_health_and_metrics(app, endpoint):
    status, body = endpoint.ready()
    check(status == 200 and body["status"] == "ready", f"not ready at start: {status} {body}")

    app.step("trip")
    status, body = endpoint.ready()
    check(status == 503, f"/health/ready answered {status} with payments open")
    check(body["dependencies"] == {"payments": "open"}, f"readiness body: {body}")
    check(endpoint.metric("circuit_breaker_state", dependency="payments") == 2, "state gauge not 2")
    check(endpoint.metric("circuit_breaker_transitions_total", dependency="payments",
                          from_state="closed", to_state="open") == 1, "closed->open not counted")

    status, body = endpoint.get("/health/detailed")
    check(status == 401, f"/health/detailed without the token answered {status}")
    status, body = endpoint.get("/health/detailed", TOKEN)
    check(status == 200, f"/health/detailed answered {status}")
    detailed = json.loads(body)
    check(detailed["status"] == "unhealthy", f"detailed status {detailed['status']}")
    check(detailed["application"] == {"name": "checkout", "env": "e2e", "version": "2.0.1"},
          f"application: {detailed['application']}")
    check(detailed["dependencies"]["payments"]["circuit_breaker"] == "open", "payments not open")
    check(detailed["dependencies"]["payments"]["critical"] is True, "payments not critical")

    app.step("recover")
    status, body = endpoint.ready()
    check(status == 200, f"/health/ready answered {status} after the breaker closed: {body}")
    check(endpoint.metric("circuit_breaker_state", dependency="payments") == 0, "state gauge not 0")
    for source, target in (("open", "half_open"), ("half_open", "closed")):
        check(endpoint.metric("circuit_breaker_transitions_total", dependency="payments",
                              from_state=source, to_state=target) == 1,
              f"{source}->{target} not counted once")

    for step in ("retry", "timeout", "bulkhead", "orders"):
        app.step(step)
    check(endpoint.metric("retry_attempts_total", dependency="inventory", outcome="failure") == 3,
          "failed attempts of the retried call not counted")
    check(endpoint.metric("timeout_exceeded_total", dependency="payments") == 1,
          "timeout not counted")
    check(endpoint.metric("bulkhead_rejections_total", dependency="inventory") == 1,
          "rejection not counted")
    check(endpoint.metric("semaphore_available", dependency="inventory") == 1,
          "semaphore gauge not 1")
    check(endpoint.metric("semaphore_capacity", dependency="inventory") == 1,
          "semaphore capacity gauge not 1")
    check(endpoint.metric("orders_placed_total", channel="app") == 1, "order not counted")

    detailed = json.loads(endpoint.get("/health/detailed", TOKEN)[1])
    inventory = detailed["dependencies"]["inventory"]
    check(inventory["failure_count"] == 3, f"inventory failures: {inventory}")
    check(inventory["last_failure"]["error"] == "connection reset (attempt 3)",
          f"inventory last failure: {inventory}")
    payments = detailed["dependencies"]["payments"]
    check(payments["recovered_at"] is not None and payments["recovery_time_ms"] >= 0,
          f"payments recovery: {payments}")
    check(payments["last_failure"]["error"] == "no answer in 2 s", f"payments: {payments}")
    check(detailed["executors"]["io"] == {"active_workers": 2, "pending_tasks": 5,
                                          "max_workers": 8, "utilization": 0.25},
          f"executors: {detailed['executors']}")
    check(detailed["semaphores"]["inventory"]["capacity"] == 1, f"{detailed['semaphores']}")

    app.step("drain")
    status, body = endpoint.ready()
    check(status == 503 and body == {"status": "not_ready", "shutting_down": True},
          f"/health/ready while draining: {status} {body}")
    check(endpoint.get("/health")[0] == 200, "liveness failed while draining")


def check_logs(path, lines):
    with open(path) as f:
        records = [json.loads(line) for line in f]
    expected = [
        # event, level, dependency, function, line, own fields
        ("circuit_breaker_opened", "ERROR", "payments", "move_to", lines["breaker"],
         {"from_state": "closed", "attempt": None, "error": None}),
        ("circuit_breaker_rejected", "WARNING", "payments", "allow", lines["rejected"],
         {"error": "circuit open"}),
        ("circuit_breaker_half_open", "WARNING", "payments", "move_to", lines["breaker"],
         {"from_state": "open"}),
        ("circuit_breaker_closed", "INFO", "payments", "move_to", lines["breaker"],
         {"from_state": "half_open"}),
        ("retry_attempt", "WARNING", "inventory", "reserve_with_retries", lines["retry"],
         {"attempt": 1, "max_attempts": 3, "error": "connection reset (attempt 1)"}),
        ("retry_attempt", "WARNING", "inventory", "reserve_with_retries", lines["retry"],
         {"attempt": 2, "max_attempts": 3}),
        ("retry_exhausted", "ERROR", "inventory", "reserve_with_retries", lines["retry"],
         {"attempt": 3, "max_attempts": 3, "error": "connection reset (attempt 3)"}),
        ("timeout_exceeded", "WARNING", "payments", "call_with_timeout", lines["timeout"],
         {"duration_ms": 2000, "attempt": None, "error": "no answer in 2 s"}),
        ("bulkhead_rejected", "WARNING", "inventory", "crowd_the_bulkhead",
         lines["bulkhead_rejected"], {"error": "bulkhead full"}),
        ("bulkhead_contention", "WARNING", "inventory", "acquire", lines["contention"], {}),
    ]
    resilience = [r for r in records if r["logger"] == "resilience"]
    check(len(resilience) == len(expected),
          f"{len(resilience)} resilience records, expected {len(expected)}: "
          + ", ".join(r["event"] for r in resilience))
    declared_extra = {"circuit_breaker_opened": ["from_state", "failure_count", "threshold"],
                      "circuit_breaker_half_open": ["from_state"],
                      "circuit_breaker_closed": ["from_state"],
                      "retry_attempt": ["max_attempts"], "retry_exhausted": ["max_attempts"]}
    for record, (event, level, dependency, function, line, fields) in zip(resilience, expected):
        where = f"record {record}"
        check(record["event"] == event and record["resilience_event"] == event, where)
        check(record["level"] == level, f"{event} at {record['level']}, not {level}")
        check(record["dependency"] == dependency, where)
        check(record["func_name"] == function and record["lineno"] == line,
              f"{event} written from {record['func_name']}:{record['lineno']}, "
              f"not {function}:{line}")
        check(record["pathname"].endswith("resilience_app.cpp"), where)
        context = ["trace_id", "span_id"] if "trace_id" in record else []
        keys = STANDARD_KEYS + context + CONTRACT + declared_extra.get(event, [])
        check(list(record) == keys, f"{event} has keys {list(record)}, not {keys}")
        for key, value in fields.items():
            check(record[key] == value, f"{event}.{key} is {record[key]!r}, not {value!r}")
    contention = resilience[-1]
    check(contention["duration_ms"] > 1000, f"contention of {contention['duration_ms']} ms")
    # The breaker half-opens outside any span; every other event is in one.
    check(all(("trace_id" in r) == (r["event"] != "circuit_breaker_half_open")
              for r in resilience), "trace context missing or unexpected")

    placed = [r for r in records if r["event"] == "order_placed"]
    check(len(placed) == 1 and placed[0]["level"] == "INFO" and placed[0]["logger"] == "checkout",
          f"order_placed: {placed}")
    check(placed[0]["shipping_address"] == "[REDACTED]" and placed[0]["checkout_time"] == 3500,
          f"order_placed: {placed[0]}")
    failed = [r for r in records if r["event"] == "order_store_failed"]
    check(len(failed) == 1 and failed[0]["level"] == "ERROR", f"order_store_failed: {failed}")


def attribute(event, key):
    for kv in event.get("attributes", []):
        if kv["key"] == key:
            value = kv["value"]
            return next(iter(value.values())) if value else None
    return None


def check_spans(path):
    spans = []
    with open(path) as f:
        for line in f:
            for resource in json.loads(line)["resourceSpans"]:
                for scope in resource["scopeSpans"]:
                    spans.extend(scope["spans"])

    def events_of(span):
        return [e["name"] for e in span.get("events", [])]

    charges = [s for s in spans if s["name"] == "payments.charge"]
    with_events = [events_of(s) for s in charges if events_of(s)]
    check(with_events == [["circuit_breaker_opened"], ["circuit_breaker_rejected"],
                          ["circuit_breaker_closed"], ["timeout_exceeded"]],
          f"payments.charge span events: {with_events}")
    opened = next(s for s in charges if events_of(s) == ["circuit_breaker_opened"])
    check(opened.get("status", {}).get("code") == 2, f"opening span not an error: {opened}")
    event = opened["events"][0]
    check(attribute(event, "dependency") == "payments"
          and attribute(event, "from_state") == "closed"
          and attribute(event, "resilience_event") == "circuit_breaker_opened",
          f"opened span event: {event}")
    closed = next(s for s in charges if events_of(s) == ["circuit_breaker_closed"])
    check(closed.get("status", {}).get("code", 0) != 2, "closing span marked as an error")

    reserves = [s for s in spans if s["name"] == "inventory.reserve"]
    retries = next(s for s in reserves if "retry_exhausted" in events_of(s))
    check(events_of(retries) == ["retry_attempt", "retry_attempt", "retry_exhausted"],
          f"retry span events: {events_of(retries)}")
    check(retries["status"] == {"code": 2, "message": "connection reset (attempt 3)"},
          f"retry span status: {retries.get('status')}")
    check(attribute(retries["events"][1], "attempt") in ("2", 2), f"{retries['events'][1]}")
    bulkhead = next(s for s in reserves if "bulkhead_rejected" in events_of(s))
    check(events_of(bulkhead) == ["bulkhead_rejected", "bulkhead_contention"],
          f"bulkhead span events: {events_of(bulkhead)}")

    place = next(s for s in spans if s["name"] == "orders.place")
    check(events_of(place) == ["order_placed", "order_store_failed"], f"{events_of(place)}")
    check(place["status"] == {"code": 2, "message": "disk full"}, f"{place.get('status')}")


def check_validate_events(telegen, log, schema):
    result = subprocess.run([telegen, "validate-events", log, "--schema", schema, "--coverage"],
                            capture_output=True, text=True, timeout=60)
    check(result.returncode == 0,
          f"validate-events --coverage failed on the program's own log:\n{result.stderr}")
    check("coverage: 11 of 11 declared events logged" in result.stderr, result.stderr)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--telegen")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    port = free_port()
    app = App(args.app, args.work, port)
    try:
        endpoint = Endpoint(port)
        endpoint.wait_until_serving()
        check_health_and_metrics(app, endpoint)
        app.finish()
    except Failure as failure:
        app.kill()
        print("FAIL: " + str(failure), file=sys.stderr)
        return 1
    finally:
        app.kill()

    try:
        log = os.path.join(args.work, "system.jsonl")
        check_logs(log, call_lines(args.source))
        check_spans(os.path.join(args.work, "traces.jsonl"))
        if args.telegen:
            check_validate_events(args.telegen, log, args.schema)
    except Failure as failure:
        print("FAIL: " + str(failure), file=sys.stderr)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
