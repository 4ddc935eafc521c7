#!/usr/bin/env python3
"""The Telemetry Debug API across processes: two processes of the orders
service (A and B, no load balancer) and a third telegen service (stock),
all with one TELEGEN_DEBUG_SECRET. A token A issues makes a request to B
verbose, B's call to stock included; a request without it in the same
second stays at INFO; after expiry the same header does nothing. With
TELEGEN_DEBUG_REDIS_URL against a real redis-server: the sixth token across
A and B gets 429, and a revocation in A stops B honouring the token. The
logs are checked with `telegen validate-events` against the built-in debug
schema.

  debug_e2e.py local|redis --app debug_app --telegen telegen
               --redis-server redis-server --work DIR
"""

import argparse
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from e2e_support import Failure, check, load_spans, run  # noqa: E402

SECRET = "e2e-debug-secret-" + "0123456789abcdef" * 2
ADMIN = "admin-bearer-e2e"
DEVELOPER = "developer-bearer-e2e"

SCHEMA = """\
imports:
  - builtin: debug
  - builtin: http
cardinality:
  total: 20000
events:
  order_lookup: {level: DEBUG, fields: {order_id: {type: string, required: true}}}
  order_served: {level: INFO, fields: {order_id: {type: string, required: true}}}
  stock_lookup: {level: DEBUG, fields: {item: {type: string, required: true}}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    def __init__(self, args, name, stock_port=0, redis_url=None):
        self.name = name
        self.log = os.path.join(args.work, name + ".jsonl")
        port_file = os.path.join(args.work, name + ".port")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "TELEGEN_"))}
        env.update({
            "OTEL_SERVICE_NAME": "stock" if name == "stock" else "orders",
            "OTEL_TRACES_EXPORTER": "jsonl",
            "OTEL_TRACES_SAMPLER": "always_off",
            "TELEGEN_TRACES_FILE": os.path.join(args.work, name + ".traces.jsonl"),
            "TELEGEN_LOG_FILE": self.log,
            "LOG_LEVEL": "INFO",
            "TELEGEN_DEBUG_API": "on",
            "TELEGEN_DEBUG_API_TOKENS": "alice:admin:{},ci:developer:{}".format(ADMIN, DEVELOPER),
            "TELEGEN_DEBUG_SECRET": SECRET,
        })
        if redis_url:
            env["TELEGEN_DEBUG_REDIS_URL"] = redis_url
        self.process = subprocess.Popen([args.app, port_file, str(stock_port)], env=env)
        deadline = time.monotonic() + 20
        while not os.path.exists(port_file):
            check(self.process.poll() is None, name + " exited before listening")
            check(time.monotonic() < deadline, name + " did not listen within 20 s")
            time.sleep(0.02)
        with open(port_file) as text:
            self.port = int(text.read())

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)

    def post_debug(self, body, bearer=ADMIN):
        request = urllib.request.Request(
            "http://127.0.0.1:{}/api/telemetry/debug".format(self.port),
            data=json.dumps(body).encode(), method="POST",
            headers={"Authorization": "Bearer " + bearer, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def issue(self, bearer=ADMIN, minutes=1):
        status, body = self.post_debug({"enable": True, "duration_minutes": minutes}, bearer)
        check(status == 200, "{} did not issue a token: {} {}".format(self.name, status, body))
        return body["debug_token"]

    def order(self, order_id, request_id, token=None):
        headers = {"X-Request-ID": request_id, "X-Frontend-ID": "web"}
        if token:
            headers["X-Debug-Token"] = token
        request = urllib.request.Request(
            "http://127.0.0.1:{}/orders/{}".format(self.port, order_id), headers=headers)
        with urllib.request.urlopen(request, timeout=10) as answer:
            check(answer.status == 200, "GET /orders answered {}".format(answer.status))

    def records(self):
        with open(self.log) as lines:
            return [json.loads(line) for line in lines]


def verbose(service, event, request_id):
    return any(r["event"] == event and r.get("request_id") == request_id
               for r in service.records())


def sign(token_id, expires_unix):
    """A token signed here, by Python's hmac, as the format says: the
    runtime must accept what an independent signer with the secret makes."""
    payload = "dbg_{}.all.*.{}".format(token_id, expires_unix)
    return payload + "." + hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()


def expect_verbosity(orders, stock, verbose_ids, quiet_ids):
    for request_id in verbose_ids:
        check(verbose(orders, "order_lookup", request_id),
              "{}: no DEBUG order_lookup for {}".format(orders.name, request_id))
        check(verbose(stock, "stock_lookup", request_id),
              "stock: no DEBUG stock_lookup for {} (the token did not travel)".format(request_id))
    for request_id in quiet_ids:
        check(not verbose(orders, "order_lookup", request_id),
              "{}: DEBUG record for {}, which had no valid token".format(orders.name, request_id))
        check(not verbose(stock, "stock_lookup", request_id),
              "stock: DEBUG record for {}, which had no valid token".format(request_id))
        check(verbose(orders, "order_served", request_id),
              "{}: no INFO order_served for {}".format(orders.name, request_id))


def expect_span_breakdown(service):
    """The request's final record lists the handler's child spans, by name
    and parent, with counts: the client call and the two orders.reserve on
    the handler's thread, orders.price on another thread (parent unknown)."""
    timing = [r for r in service.records()
              if r["event"] == "debug_request_timing" and r.get("request_id") == "r-debug"]
    check(len(timing) == 1, "{}: {} debug_request_timing records for r-debug".format(
        service.name, len(timing)))
    spans = {(s["name"], s["parent"]): s for s in json.loads(timing[0]["spans"])}
    handler = "GET /orders/{id}"
    expected = {("GET", handler): 1, ("orders.reserve", handler): 2, ("orders.price", None): 1}
    check({key: spans[key]["count"] for key in spans} == expected,
          "{}: span breakdown {}, expected {}".format(service.name, timing[0]["spans"], expected))
    check(0 < spans[("GET", handler)]["duration_ms"] <= timing[0]["duration_ms"],
          "{}: the client span's time is not within the request's: {}".format(
              service.name, timing[0]))


def local_case(args, services):
    a, b, stock = services
    token = a.issue()
    b.order(1, "r-debug", token)
    b.order(2, "r-plain")
    # A token of 2 seconds, signed here: verbose now, ignored once expired.
    short = sign("ab" * 16, int(time.time()) + 2)
    b.order(3, "r-short", short)
    time.sleep(max(0.0, int(time.time()) + 3 - time.time()))
    b.order(4, "r-expired", short)
    b.order(5, "r-forged", token[:-1] + ("0" if token[-1] != "0" else "1"))
    for service in services:
        service.stop()
    expect_verbosity(b, stock, ["r-debug", "r-short"], ["r-plain", "r-expired", "r-forged"])
    # always_off sampling: only the verbose requests' traces were exported,
    # each span marked telegen.debug.
    for name in ("b", "stock"):
        spans = load_spans(os.path.join(args.work, name + ".traces.jsonl"))
        check(spans, name + ": the debug requests' spans were not exported")
        for span in spans:
            keys = {a["key"] for a in span.get("attributes", [])}
            check("telegen.debug" in keys, "{}: span {} lacks telegen.debug".format(name, span["name"]))
    b_traces = {s["traceId"] for s in load_spans(os.path.join(args.work, "b.traces.jsonl"))}
    check(len(b_traces) == 2, "b: expected the traces of r-debug and r-short only")
    expect_span_breakdown(b)
    issued = [r for r in a.records() if r["event"] == "debug_token_issued"]
    check(len(issued) == 1 and issued[0]["who"] == "alice" and issued[0]["level"] == "WARNING",
          "a: the issue was not audited: {}".format(issued))


def redis_case(args, services):
    a, b, stock = services
    tokens = [a.issue(), a.issue(), a.issue(), b.issue(DEVELOPER), b.issue()]
    status, body = b.post_debug({"enable": True}, DEVELOPER)
    check(status == 429, "b: the sixth token across A and B got {} {}".format(status, body))
    status, body = a.post_debug({"enable": True})
    check(status == 429, "a: the sixth token across A and B got {} {}".format(status, body))
    b.order(1, "r-before-revoke", tokens[0])
    status, body = a.post_debug({"enable": False, "debug_token": tokens[0]})
    check(status == 200, "a: revocation answered {} {}".format(status, body))
    b.order(2, "r-revoked", tokens[0])
    b.order(3, "r-other", tokens[3])
    for service in services:
        service.stop()
    expect_verbosity(b, stock, ["r-before-revoke", "r-other"], ["r-revoked"])
    refused = [r for r in b.records() if r["event"] == "debug_request_refused"]
    check(len(refused) == 1 and refused[0]["status"] == 429 and refused[0]["who"] == "ci",
          "b: the 429 was not audited: {}".format(refused))
    revoked = [r for r in a.records() if r["event"] == "debug_token_revoked"]
    check(len(revoked) == 1 and revoked[0]["who"] == "alice", "a: revocation not audited")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=["local", "redis"])
    parser.add_argument("--app", required=True)
    parser.add_argument("--telegen", required=True)
    parser.add_argument("--redis-server", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)

    redis = None
    services = []
    try:
        redis_url = None
        if args.case == "redis":
            port = free_port()
            redis = subprocess.Popen([args.redis_server, "--port", str(port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no", "--logfile", ""],
                                     stdout=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    check(time.monotonic() < deadline, "redis-server did not listen")
                    time.sleep(0.05)
            redis_url = "redis://127.0.0.1:{}/0".format(port)
        stock = Service(args, "stock", redis_url=redis_url)
        services = [Service(args, "a", stock.port, redis_url),
                    Service(args, "b", stock.port, redis_url), stock]
        (local_case if args.case == "local" else redis_case)(args, services)
        schema = os.path.join(args.work, "service.yaml")
        with open(schema, "w") as out:
            out.write(SCHEMA)
        run([args.telegen, "validate-events", "--schema", schema] +
            [s.log for s in services])
    except Failure as failure:
        print("FAIL:", failure)
        return 1
    finally:
        for service in services:
            service.stop()
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=20)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
