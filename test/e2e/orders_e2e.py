#!/usr/bin/python3
"""The orders example end to end, with real peers on loopback.

Starts a strict OTLP/HTTP receiver, the payments and orders services
(built with telegen_instrument) exporting to it, and a Prometheus server
scraping orders; drives bounded traffic through orders-load (steady, a
payments outage, recovery); then checks that
  - PromQL gives the request rate by route and status class and the p95
    latency from the RED metrics, and the resilience counters moved;
  - the rule file telegen generates (windows shortened 60 times) makes the
    payments CircuitBreakerOpen alert fire during the outage, with an SLO
    burn-rate alert, and resolve after the recovery; every query of every
    generated dashboard runs, with data where its metrics have series
    (orders_operations.py);
  - `promtool check metrics` finds nothing in the exposition;
  - /health/ready failed during the outage and is ready at the end;
  - every trace the receiver got is one complete tree (every parent
    received, one root, the server span of an orders route), reaching
    through the worker pool (orders.fulfil under orders.place) and into
    payments (its server span under an orders client span);
  - `telegen validate-events` is clean on both services' logs, which hold
    the resilience events the outage causes and the http schema's records;
  - the http schema's RED metrics count exactly the requests the load
    driver says it got answers to, by route template and status;
  - the slowed-down payments calls made orders requests slow, and their
    slow_request records put that time in external calls;
  - a request with %-encoded tracestate and baggage reaches payments, two
    services away, with both exactly as sent;
  - log records carry source, frontend and correlation_id;
  - the request duration histogram carries exemplars in OpenMetrics (the
    client's strict parser reads them; the text format has none), a
    Prometheus with exemplar storage returns them, and each names a trace
    the receiver got (orders_exemplars.py).
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import orders_exemplars
import orders_operations
from prometheus_scrape_test import fail, free_port, http_get, poll, query, stop


def start(command, cwd, env, name):
    log = open(os.path.join(cwd, name + ".out"), "w")
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)


def ports(path, process, name):
    def ready():
        if process.poll() is not None:
            fail("%s exited with %d before listening; see %s" % (name, process.returncode,
                                                                  os.path.dirname(path)))
        if not os.path.exists(path):
            return None
        return dict(line.split("=") for line in open(path).read().split())
    return {key: int(value) for key, value in poll(name + " to listen", ready).items()}


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def received_spans(log_path):
    spans = []
    with open(log_path) as lines:
        for line in lines:
            entry = json.loads(line)
            if not entry["ok"]:
                fail("the OTLP receiver rejected an export: %s" % entry["errors"])
            for resource_spans in entry["request"]["resourceSpans"]:
                service = next(a["value"]["stringValue"] for a in resource_spans["resource"]["attributes"]
                               if a["key"] == "service.name")
                for scope_spans in resource_spans["scopeSpans"]:
                    for span in scope_spans["spans"]:
                        spans.append(dict(span, service=service))
    return spans


def check_traces(spans):
    if not spans:
        fail("the OTLP receiver got no spans")
    by_id = {}
    for span in spans:
        key = (span["traceId"], span["spanId"])
        if key in by_id:
            fail("span %s exported twice" % (key,))
        by_id[key] = span
    traces = collections.defaultdict(list)
    for span in spans:
        traces[span["traceId"]].append(span)

    through_pool = into_payments = 0
    for trace_id, trace in traces.items():
        roots = [s for s in trace if not s.get("parentSpanId")]
        if len(roots) != 1:
            fail("trace %s has %d roots: %s" % (trace_id, len(roots), [r["name"] for r in roots]))
        root = roots[0]
        if root["service"] != "orders" or root["kind"] != 2 or root["name"] not in (
                "POST /orders", "GET /orders/{id}"):
            fail("trace %s starts at %s %r, not at an orders route's server span"
                 % (trace_id, root["service"], root["name"]))
        for span in trace:
            parent = span.get("parentSpanId")
            if parent and (trace_id, parent) not in by_id:
                fail("trace %s is broken: the parent of %s %r was never received"
                     % (trace_id, span["service"], span["name"]))
            if parent:
                above = by_id[(trace_id, parent)]
                if span["name"] == "orders.fulfil":
                    if above["name"] != "orders.place":
                        fail("orders.fulfil (on the pool) is under %r, not orders.place" % above["name"])
                    through_pool += 1
                if span["service"] == "payments" and above["service"] == "orders":
                    if span["kind"] != 2 or above["kind"] != 3:
                        fail("payments' %r is under orders' %r: expected a server span under a client span"
                             % (span["name"], above["name"]))
                    into_payments += 1
    if through_pool < 20:
        fail("only %d traces continue on the worker pool" % through_pool)
    if into_payments < 20:
        fail("only %d payments server spans continue an orders trace" % into_payments)
    return len(traces), through_pool, into_payments


def check_prometheus(api):
    def rates():
        result = query(api, "sum by (route, status_class) (rate(http_requests_total[1m]))")
        series = {(r["metric"]["route"], r["metric"]["status_class"]): float(r["value"][1]) for r in result}
        return series if series.get(("/orders", "2xx"), 0) > 0 and series.get(("/orders", "5xx"), 0) > 0 else None
    series = poll("request rates of 2xx and 5xx orders in Prometheus", rates, timeout=30)

    def p95():
        result = query(api, "histogram_quantile(0.95, sum by (le) "
                            "(rate(http_server_request_duration_seconds_bucket{route=\"/orders\"}[1m])))")
        return result if result and result[0]["value"][1] not in ("NaN", "+Inf") else None
    latency = float(poll("the p95 latency of POST /orders", p95, timeout=30)[0]["value"][1])
    if not 0 < latency < 5:
        fail("p95 latency of POST /orders is %r s" % latency)
    for promql in ['retry_attempts_total{dependency="payments",outcome="failure"} > 0',
                   'retry_attempts_total{dependency="payments",outcome="success"} > 0',
                   'circuit_breaker_transitions_total{dependency="payments",from_state="closed",'
                   'to_state="open"} > 0',
                   'circuit_breaker_state{dependency="payments"} == 0',
                   'orders_placed_total > 0']:
        if not poll(promql, lambda: query(api, promql), timeout=15):
            fail("no series for " + promql)
    return series, latency


def load_counts(output):
    """What orders-load printed it got answers to: {(route, status): count}."""
    counts = collections.Counter()
    for line in output.splitlines():
        if " requests: " not in line:
            continue
        for part in line.split(" requests: ", 1)[1].split(", "):
            count, what = part.split(" x ")
            method, route, status = what.split(" ")
            counts[(method, route, status)] += int(count)
    return counts


def check_red_metrics(text, counts):
    """http_requests_total for the load's frontend (cli) against its own counts, exactly."""
    served = collections.Counter()
    for line in text.splitlines():
        if line.startswith("http_requests_total{") and 'frontend="cli"' in line:
            labels = dict(part.split("=", 1) for part in line[line.index("{") + 1:line.rindex("}")].split(","))
            key = (labels["method"].strip('"'), labels["route"].strip('"'), labels["status_class"].strip('"'))
            served[key] += int(float(line.rsplit(" ", 1)[1]))
    expected = collections.Counter()
    for (method, route, status), count in counts.items():
        expected[(method, route, status[0] + "xx")] += count
    served = +served
    if served != expected:
        fail("http_requests_total{frontend=\"cli\"} is %s; orders-load got %s" % (dict(served), dict(expected)))
    return expected


def check_slow_requests(records):
    slow = [r for r in records if r["event"] == "slow_request" and r["endpoint"] == "/orders"]
    if not slow:
        fail("no slow_request record for /orders although payments slowed down")
    for record in slow:
        parts = record["external_ms"] + record["database_ms"] + record["other_ms"]
        if abs(parts - record["duration_ms"]) > 0.01:
            fail("slow_request's parts do not add up to its duration: %s" % record)
        for key in ("trace_id", "request_id", "frontend", "source", "correlation_id"):
            if key not in record:
                fail("slow_request has no %s: %s" % (key, record))
    # A charge waits up to the 500 ms attempt timeout before it is retried:
    # a request slowed by payments spent that in the payments client span.
    waited = [r for r in slow if r["external_ms"] >= 400 and r["database_ms"] == 0]
    if not waited:
        fail("no slow_request puts the slow payments call in external_ms: %s" % slow[:3])
    return len(slow), waited[0]


ENCODED_TRACESTATE = "a=50%25,b=x%2Cy"
ENCODED_BAGGAGE = "tenant=acme%20labs%2C%20%C3%A9%25"
ENCODED_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def send_encoded(orders_api):
    """One order with %-encoded tracestate and baggage."""
    request = urllib.request.Request(
        orders_api + "/orders", data=b"item=book&quantity=1&payment_method=wallet", method="POST",
        headers={"traceparent": "00-%s-00f067aa0ba902b7-01" % ENCODED_TRACE_ID,
                 "tracestate": ENCODED_TRACESTATE, "baggage": ENCODED_BAGGAGE,
                 "X-Request-ID": "e2e-encoded", "X-Frontend-ID": "web",
                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 201:
            fail("the encoded order got %d" % response.status)


def check_encoded(spans, payments_records):
    servers = {s["service"]: s for s in spans if s["traceId"] == ENCODED_TRACE_ID and s["kind"] == 2}
    for service in ("orders", "payments"):
        if service not in servers:
            fail("no %s server span in the encoded request's trace" % service)
        if servers[service].get("traceState") != ENCODED_TRACESTATE:
            fail("%s got tracestate %r, not %r as sent" % (service, servers[service].get("traceState"),
                                                           ENCODED_TRACESTATE))
    charges = [r for r in payments_records if r.get("request_id") == "e2e-encoded" and r["event"] == "charge_answered"]
    if not charges or charges[0].get("tenant") != "acme labs, \u00e9%":
        fail("payments' charge of the encoded request has tenant %r, not 'acme labs, \u00e9%%'"
             % (charges[0].get("tenant") if charges else None))
    if charges[0].get("source") != "web" or charges[0].get("frontend") != "web":
        fail("payments' record does not name the request's origin: %s" % charges[0])


DEBUG_ADMIN = "e2e-admin-bearer"


def send_debug(orders_api, admin):
    """One order made verbose with a token the admin endpoint issued."""
    ask = urllib.request.Request(
        admin + "/api/telemetry/debug", method="POST",
        data=json.dumps({"enable": True, "duration_minutes": 5, "scope": "all"}).encode(),
        headers={"Authorization": "Bearer " + DEBUG_ADMIN, "Content-Type": "application/json"})
    with urllib.request.urlopen(ask, timeout=10) as response:
        token = json.loads(response.read())["debug_token"]
    request = urllib.request.Request(
        orders_api + "/orders", data=b"item=book&quantity=1&payment_method=wallet", method="POST",
        headers={"X-Debug-Token": token, "X-Request-ID": "e2e-debug", "X-Frontend-ID": "web",
                 "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 201:
            fail("the order in debug mode got %d" % response.status)
    return token


def check_debug(token, orders_records, payments_records, spans):
    """The request in debug mode ended with its timing in both services (the
    token travelled with the payments call), orders' listing its generated
    span; no other request did; the call's details kept the token out. Every
    span of its trace, generated ones in both services included, carries
    telegen.debug, and no span of another trace does."""
    for name, records in (("orders", orders_records), ("payments", payments_records)):
        timing = [r for r in records if r["event"] == "debug_request_timing"]
        if not timing or any(r.get("request_id") != "e2e-debug" for r in timing):
            fail("%s: debug_request_timing records %s, expected e2e-debug's only"
                 % (name, [r.get("request_id") for r in timing]))
    timing = next(r for r in orders_records if r["event"] == "debug_request_timing")
    if "orders.place" not in {s["name"] for s in json.loads(timing["spans"])}:
        fail("orders: the debug record's span breakdown lacks orders.place: %s" % timing["spans"])

    def flagged(span):
        return any(a["key"] == "telegen.debug" for a in span.get("attributes", []))
    in_trace = [s for s in spans if s["traceId"] == timing["trace_id"]]
    names = {s["name"] for s in in_trace}
    if not {"orders.place", "payments.authorize"} <= names or not all(map(flagged, in_trace)):
        fail("the debug request's trace: spans %s, without telegen.debug %s"
             % (sorted(names), [s["name"] for s in in_trace if not flagged(s)]))
    others = [s["name"] for s in spans if s["traceId"] != timing["trace_id"] and flagged(s)]
    if others:
        fail("spans of other requests carry telegen.debug: %s" % sorted(set(others))[:5])
    calls = [r for r in orders_records if r["event"] == "debug_client_request"]
    if not calls or any(token in r["request_headers"] for r in calls):
        fail("orders: no debug_client_request, or one with the token in clear: %s" % calls[:1])
    issued = [r for r in orders_records if r["event"] == "debug_token_issued"]
    if len(issued) != 1 or issued[0]["who"] != "e2e":
        fail("orders: the token's issue was not audited: %s" % issued)


def read_records(path):
    with open(path) as lines:
        return [json.loads(line) for line in lines]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the directory with orders, payments, orders-load, telegen")
    parser.add_argument("--source", required=True, help="examples/orders")
    parser.add_argument("--receiver", required=True)
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--promtool", required=True)
    parser.add_argument("--operations", required=True,
                        help="where telegen_instrument(OPERATIONS) wrote the example's dashboards")
    parser.add_argument("--work", required=True)
    args = parser.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    dirs = {name: os.path.join(args.work, name) for name in ("orders", "payments", "receiver", "prometheus")}
    for path in dirs.values():
        os.makedirs(path)
    processes = []
    try:
        receiver = start([sys.executable, args.receiver, "--port-file", "port", "--log", "exports.jsonl"],
                         dirs["receiver"], os.environ.copy(), "receiver")
        processes.append((receiver, "receiver"))
        receiver_port = int(poll("the OTLP receiver", lambda: os.path.exists(os.path.join(dirs["receiver"], "port"))
                                 and open(os.path.join(dirs["receiver"], "port")).read().strip()))

        env = dict(os.environ, OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:%d" % receiver_port,
                   OTEL_BSP_SCHEDULE_DELAY="200", TELEGEN_SLOW_REQUEST_MS="400",
                   TELEGEN_DEBUG_API="on", TELEGEN_DEBUG_API_TOKENS="e2e:admin:" + DEBUG_ADMIN,
                   TELEGEN_DEBUG_SECRET="orders-e2e-debug-secret-0123456789abcdef")
        env.pop("OTEL_TRACES_EXPORTER", None)
        payments = start([os.path.join(args.bin, "payments"), "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
                          "--ports-file", "ports"], dirs["payments"], env, "payments")
        processes.append((payments, "payments"))
        payments_ports = ports(os.path.join(dirs["payments"], "ports"), payments, "payments")
        orders = start([os.path.join(args.bin, "orders"), "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0",
                        "--payments", "127.0.0.1:%d" % payments_ports["api"], "--ports-file", "ports"],
                       dirs["orders"], env, "orders")
        processes.append((orders, "orders"))
        orders_ports = ports(os.path.join(dirs["orders"], "ports"), orders, "orders")
        admin = "http://127.0.0.1:%d" % orders_ports["admin"]

        prometheus_port = free_port()
        rules = orders_operations.write_rules(os.path.join(args.bin, "telegen"),
                                              os.path.join(args.source, "telemetry.yaml"),
                                              os.path.join(dirs["prometheus"], "rules"))
        config = os.path.join(dirs["prometheus"], "prometheus.yml")
        with open(config, "w") as out:
            out.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                      "rule_files:\n  - %s\n"
                      "scrape_configs:\n  - job_name: orders\n    static_configs:\n"
                      "      - targets: ['127.0.0.1:%d']\n" % (rules, orders_ports["admin"]))
        prometheus = start([args.prometheus, "--config.file=" + config,
                            "--storage.tsdb.path=" + os.path.join(dirs["prometheus"], "data"),
                            "--web.listen-address=127.0.0.1:%d" % prometheus_port, "--log.level=warn"]
                           + orders_exemplars.PROMETHEUS_FLAGS,
                           dirs["prometheus"], os.environ.copy(), "prometheus")
        processes.append((prometheus, "prometheus"))
        api = "http://127.0.0.1:%d" % prometheus_port
        started = time.time()

        def target_up():
            targets = json.loads(http_get(api + "/api/v1/targets")[1])["data"]["activeTargets"]
            return targets and targets[0]["health"] == "up"
        poll("Prometheus to scrape orders", target_up)

        # Readiness while payments is down: watched from the side during the load.
        ready_statuses = []
        done = threading.Event()

        def watch_ready():
            while not done.is_set():
                ready_statuses.append(status_of(admin + "/health/ready"))
                time.sleep(0.1)
        watcher = threading.Thread(target=watch_ready)
        watcher.start()

        load_output = []

        def load(phases):
            run = subprocess.run([os.path.join(args.bin, "orders-load"), "--orders",
                                  "127.0.0.1:%d" % orders_ports["api"], "--payments",
                                  "127.0.0.1:%d" % payments_ports["api"], "--requests", "150", "--phases", phases],
                                 capture_output=True, text=True, timeout=300)
            print(run.stdout, end="")
            if run.returncode != 0:
                fail("orders-load failed (%d):\n%s%s" % (run.returncode, run.stdout, run.stderr))
            load_output.append(run.stdout)
        # The breaker stays open until a call comes after its reset timeout:
        # the alerts are watched between the outage and the recovery.
        load("steady,outage")
        fired = orders_operations.wait_for_outage_alerts(api)
        print("alerts firing during the outage: %s" % ", ".join(fired))
        load("recovery")
        orders_operations.wait_for_breaker_resolved(api)
        print("CircuitBreakerOpen resolved after the recovery")
        done.set()
        watcher.join()
        if 503 not in ready_statuses:
            fail("/health/ready never answered 503 while payments' breaker was open: %s" % set(ready_statuses))
        if status_of(admin + "/health/ready") != 200:
            fail("/health/ready is not 200 after the recovery")
        detailed = json.loads(http_get(admin + "/health/detailed")[1])
        print("health/detailed:", json.dumps(detailed)[:300])

        series, latency = check_prometheus(api)
        print("PromQL: request rates by (route, status_class): %s; p95 of POST /orders: %.3f s"
              % (sorted(series.items()), latency))
        run, with_data = orders_operations.check_dashboards(api, args.operations)
        print("dashboards: %d panel queries run, %d with data" % (run, with_data))

        exposed_exemplars = orders_exemplars.check_exposition(admin + "/metrics")
        stored_exemplars = orders_exemplars.stored_exemplars(api, started)

        text = http_get(admin + "/metrics")[1]
        expected = check_red_metrics(text, load_counts("".join(load_output)))
        print("RED metrics: http_requests_total{frontend=\"cli\"} = orders-load's counts: %s"
              % sorted(expected.items()))
        send_encoded("http://127.0.0.1:%d" % orders_ports["api"])
        debug_token = send_debug("http://127.0.0.1:%d" % orders_ports["api"], admin)
        lint = subprocess.run([args.promtool, "check", "metrics"], input=text, capture_output=True, text=True,
                              timeout=30)
        if lint.returncode != 0 or lint.stdout.strip() or lint.stderr.strip():
            fail("promtool check metrics found problems:\n" + lint.stdout + lint.stderr)

        for process, name in [(orders, "orders"), (payments, "payments")]:
            code = stop(process, name)
            if code != 0:
                fail("%s exited with %d after SIGTERM; see %s" % (name, code, dirs[name]))

        spans = received_spans(os.path.join(dirs["receiver"], "exports.jsonl"))
        # The encoded request continues a trace of the test's: no root here.
        trace_count, through_pool, into_payments = check_traces(
            [s for s in spans if s["traceId"] != ENCODED_TRACE_ID])
        print("traces: %d complete trees; %d continue on the pool, %d reach payments"
              % (trace_count, through_pool, into_payments))
        orders_exemplars.check_traces(stored_exemplars, exposed_exemplars, spans)
        print("exemplars: %d in the OpenMetrics exposition, %d stored by Prometheus, all of exported traces"
              % (len(exposed_exemplars), len(stored_exemplars)))

        telegen = os.path.join(args.bin, "telegen")
        for name, schema in [("orders", "telemetry.yaml"), ("payments", "payments/telemetry.yaml")]:
            log = os.path.join(dirs[name], "logs", "system.jsonl")
            result = subprocess.run([telegen, "validate-events", "--schema", os.path.join(args.source, schema), log],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                fail("validate-events on %s's log:\n%s%s" % (name, result.stdout, result.stderr))
        orders_records = read_records(os.path.join(dirs["orders"], "logs", "system.jsonl"))
        payments_records = read_records(os.path.join(dirs["payments"], "logs", "system.jsonl"))
        check_encoded(spans, payments_records)
        check_debug(debug_token, orders_records, payments_records, spans)
        print("debug mode: one order verbose in orders and payments, audited, its token redacted")
        print("tracestate %s and baggage %s reached payments as sent" % (ENCODED_TRACESTATE, ENCODED_BAGGAGE))
        slow_count, slow = check_slow_requests(orders_records)
        print("slow requests: %d slow_request records for /orders, e.g. %.0f ms: %.0f external, %.0f other"
              % (slow_count, slow["duration_ms"], slow["external_ms"], slow["other_ms"]))
        in_request = [r for r in orders_records if r.get("request_id", "").startswith("load-")]
        if not in_request or any(r.get("source") != "cli" or r.get("frontend") != "cli"
                                 or r.get("correlation_id") != r["request_id"] for r in in_request):
            fail("records of the load's requests lack source/frontend cli or their correlation_id")
        events = collections.Counter()
        for record in orders_records:
            if record.get("resilience_event"):
                events[record["resilience_event"]] += 1
        for needed in ("retry_attempt", "circuit_breaker_opened", "circuit_breaker_rejected",
                       "circuit_breaker_half_open", "circuit_breaker_closed"):
            if not events[needed]:
                fail("no %s event in orders' log; saw %s" % (needed, dict(events)))
        print("resilience events: %s" % dict(sorted(events.items())))
    finally:
        for process, name in reversed(processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
    print("PASS")


if __name__ == "__main__":
    main()
