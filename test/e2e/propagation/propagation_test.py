#!/usr/bin/env python3
"""Context propagation end to end, one test program per suite, each built
twice per compiler: instrumented by `telegen instrument`, and as it is.

boundaries: boundaries_app.cpp has one case per context boundary (threads,
  jthread, async, executors declared by annotation and by the schema, child
  processes by posix_spawn, system and fork+exec, messages through a queue).
  Instrumented, the span a case starts across the boundary is a child of the
  case's parent span, and the log lines on both sides carry the same
  request_id and trace_id; as it is, the context is lost. Messages carry the
  context by hand (inject_field/extract_field), so they cross in both builds;
  the bare message, without it, in neither.

http: http_app.cpp in three processes on loopback (client -> frontend ->
  downstream, with telegen::http's helpers; the frontend calls downstream
  from a std::async task). Instrumented, one trace links all three with
  correct parents and one request_id; as it is, the async hop loses it.

Usage: propagation_test.py {boundaries,http} --telegen PATH --runtime-lib PATH
         [--http-lib PATH --pkg-config PATH] --include DIR... --work DIR
         --compiler CXX...
"""

import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

BOUNDARY_CASES = ["thread", "jthread", "async", "executor-annotation", "executor-schema",
                  "spawn", "system", "exec", "queue", "queue-bare"]
# The cases whose context crosses by hand, with or without the instrumenter.
BY_HAND = {"queue": True, "queue-bare": False}
# What the model of boundaries_app.cpp lists, by kind.
EXPECTED_BOUNDARIES = {"thread": 5, "async": 1, "executor": 2, "process": 3}


sys.path.insert(0, os.path.dirname(HERE))
from e2e_support import Failure, attributes, check, load_spans, run  # noqa: E402


def load_logs(pattern):
    records = []
    for path in sorted(glob.glob(pattern)):
        with open(path) as f:
            records.extend(json.loads(line) for line in f)
    return records


def one(items, what):
    check(len(items) == 1, "expected one {}, got {}: {}".format(what, len(items), items))
    return items[0]


def clean_env(work, **extra):
    """This environment without telemetry settings or an inherited trace."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OTEL_", "TELEGEN_")) and k not in
           ("TRACEPARENT", "TRACESTATE", "BAGGAGE", "X_REQUEST_ID", "X_FRONTEND_ID",
            "X_CORRELATION_ID")}
    env.update({"OTEL_TRACES_EXPORTER": "jsonl",
                "TELEGEN_TRACES_FILE": os.path.join(work, "traces.jsonl"),
                "TELEGEN_LOG_FILE": os.path.join(work, "log.jsonl")})
    env.update(extra)
    return env


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def instrument(args, source, out_dir, extra_flags, schema=None):
    out = os.path.join(out_dir, os.path.basename(source))
    model = out + ".model.json"
    command = [args.telegen, "instrument", source, "--out", out, "--model", model]
    if schema:
        command += ["--schema", schema]
    run(command + ["--", *extra_flags])
    with open(model) as f:
        return out, json.load(f)


def build(compiler, source, program, flags, libraries):
    run([compiler, *flags, "-O1", "-g", source, *libraries, "-pthread", "-o", program])


# ---- boundaries -----------------------------------------------------------

def check_boundary_case(case, work, propagates):
    spans = load_spans(os.path.join(work, "traces.jsonl*"))
    logs = load_logs(os.path.join(work, "log.jsonl*"))
    parent = one([s for s in spans if s["name"] == "parent"], "parent span")
    child = one([s for s in spans if s["name"] == "child"], "child span")
    check(attributes(parent).get("case") == case and attributes(child).get("case") == case,
          "the spans name their case")
    parent_log = one([r for r in logs if r["event"] == "parent"], "parent log line")
    child_log = one([r for r in logs if r["event"] == "child"], "child log line")
    request_id = "req-" + case
    check(parent_log.get("request_id") == request_id, "the parent logs its request id")
    check(parent_log.get("trace_id") == parent["traceId"], "the parent logs its trace id")
    check(child_log.get("span_id") == child["spanId"], "the child logs its own span")
    if propagates:
        check(child["traceId"] == parent["traceId"], "the child span is in the parent's trace")
        check(child.get("parentSpanId") == parent["spanId"],
              "the child span's parent is the parent span")
        check(child_log.get("request_id") == request_id,
              "the child's log line carries the request id: {}".format(child_log))
        check(child_log.get("trace_id") == parent["traceId"],
              "the child's log line carries the parent's trace id")
    else:
        check(child["traceId"] != parent["traceId"], "without telegen the child starts a new trace")
        check(not child.get("parentSpanId"), "without telegen the child span is a root")
        check(child_log.get("request_id") != request_id,
              "without telegen the child's log line has no request id: {}".format(child_log))
        check(child_log.get("trace_id") != parent["traceId"],
              "without telegen the child's log line is in another trace")


def test_boundaries(args):
    flags = ["-std=c++20", *["-I" + d for d in args.include]]
    schema = os.path.join(HERE, "boundaries.yaml")
    out_dir = fresh_dir(os.path.join(args.work, "instrumented"))
    instrumented, model = instrument(args, os.path.join(HERE, "boundaries_app.cpp"), out_dir,
                                     flags, schema)
    kinds = {}
    for boundary in model["boundaries"]:
        kinds[boundary["kind"]] = kinds.get(boundary["kind"], 0) + 1
    check(kinds == EXPECTED_BOUNDARIES, "boundaries wrapped: {}".format(kinds))
    # The schema's boundary is called, so check-boundaries has nothing to say.
    result = run([args.telegen, "check-boundaries", "--werror", "--schema", schema,
                  instrumented + ".model.json"])
    check(result.stderr == "", "check-boundaries: {}".format(result.stderr))

    for compiler in args.compiler:
        name = os.path.basename(compiler)
        for variant, source in (("instrumented", instrumented),
                                ("plain", os.path.join(HERE, "boundaries_app.cpp"))):
            program = os.path.join(args.work, "boundaries-{}-{}".format(variant, name))
            build(compiler, source, program, flags, [args.runtime_lib])
            for case in BOUNDARY_CASES:
                work = fresh_dir(os.path.join(args.work, "run", name, variant, case))
                run([program, case], env=clean_env(work), cwd=work, timeout=60)
                propagates = BY_HAND.get(case, variant == "instrumented")
                try:
                    check_boundary_case(case, work, propagates)
                except Failure as failure:
                    raise Failure("{} {} {}: {}".format(name, variant, case, failure))
            print("{} {}: every boundary as expected".format(name, variant))


# ---- http -----------------------------------------------------------------

class Server:
    """An http_app server process, stopped with SIGTERM."""

    def __init__(self, program, role, work, *args):
        self.work = fresh_dir(os.path.join(work, role))
        port_file = os.path.join(self.work, "port")
        self.process = subprocess.Popen(
            [program, role, *args, port_file], cwd=self.work,
            env=clean_env(self.work, OTEL_SERVICE_NAME=role),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 20
        while not os.path.exists(port_file):
            if self.process.poll() is not None:
                raise Failure("{} exited early: {}".format(role, self.process.stdout.read()))
            if time.monotonic() > deadline:
                self.process.kill()
                raise Failure("{} did not listen within 20 s".format(role))
            time.sleep(0.02)
        with open(port_file) as f:
            self.port = int(f.read())

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise Failure("a server did not stop on SIGTERM")
        if code != 0:
            raise Failure("a server exited with {}: {}".format(code, self.process.stdout.read()))


def span_named(spans, name):
    return one([s for s in spans if s["name"] == name], "span named " + name)


def check_http(work, instrumented):
    client_spans = load_spans(os.path.join(work, "client", "traces.jsonl"))
    frontend_spans = load_spans(os.path.join(work, "frontend", "traces.jsonl"))
    downstream_spans = load_spans(os.path.join(work, "downstream", "traces.jsonl"))
    checkout = span_named(client_spans, "checkout")
    post = span_named(client_spans, "POST")
    checkout_server = span_named(frontend_spans, "POST /checkout/{item}")
    stock_client = span_named(frontend_spans, "GET")
    stock_server = span_named(downstream_spans, "GET /stock/{item}")
    check(post["kind"] == 3 and stock_client["kind"] == 3, "client spans are of kind client")
    check(checkout_server["kind"] == 2 and stock_server["kind"] == 2,
          "server spans are of kind server")
    check(post["parentSpanId"] == checkout["spanId"], "the client request is in the checkout")
    check(attributes(stock_server).get("url.path") == "/stock/apple", "url.path recorded")
    check(attributes(checkout_server).get("http.response.status_code") in (200, "200"),
          "the frontend answered 200")
    # The helpers carry the context over the HTTP hops in both builds.
    check(checkout_server["traceId"] == checkout["traceId"] and
          checkout_server["parentSpanId"] == post["spanId"],
          "the frontend's server span is a child of the client's request")
    check(stock_server["traceId"] == stock_client["traceId"] and
          stock_server["parentSpanId"] == stock_client["spanId"],
          "the downstream server span is a child of the frontend's request")

    # The app's own records; telegen::http::Client's http_client_request
    # records (logger "http") carry the same context, the lifecycle records
    # (logger "telegen") none.
    logs = {role: one([r for r in load_logs(os.path.join(work, role, "log.jsonl*"))
                       if r["logger"] not in ("http", "telegen")],
                      role + " log line")
            for role in ("client", "frontend", "downstream")}
    # The frontend's call runs on another thread: in the request's context
    # only when instrumented.
    for role in ("client", "frontend") if instrumented else ("client",):
        calls = [r for r in load_logs(os.path.join(work, role, "log.jsonl*")) if r["event"] == "http_client_request"]
        check(len(calls) == 1 and calls[0]["request_id"] == "req-http" and calls[0]["status"] == 200,
              "the {} records its one client request in the request's context: {}".format(role, calls))
    check(logs["client"].get("request_id") == "req-http" and
          logs["client"].get("trace_id") == checkout["traceId"], "the client logs its request")
    check(logs["frontend"].get("request_id") == "req-http" and
          logs["frontend"].get("trace_id") == checkout["traceId"],
          "the frontend logs the client's request: {}".format(logs["frontend"]))
    check(logs["downstream"].get("trace_id") == stock_server["traceId"],
          "the downstream logs its own trace")
    if instrumented:
        check(stock_client["traceId"] == checkout["traceId"] and
              stock_client["parentSpanId"] == checkout_server["spanId"],
              "the std::async hop keeps the frontend's server span as parent")
        check(logs["downstream"].get("request_id") == "req-http",
              "the downstream logs the client's request id: {}".format(logs["downstream"]))
        check(stock_server["traceId"] == checkout["traceId"], "one trace across the three")
    else:
        check(stock_client["traceId"] != checkout["traceId"] and not stock_client.get("parentSpanId"),
              "without telegen the std::async hop starts a new trace")
        check(logs["downstream"].get("request_id") != "req-http",
              "without telegen the downstream never sees the request id")


def run_http(program, work, instrumented):
    downstream = Server(program, "downstream", work)
    frontend = None
    try:
        frontend = Server(program, "frontend", work, str(downstream.port))
        client_work = fresh_dir(os.path.join(work, "client"))
        result = run([program, "client", str(frontend.port)], cwd=client_work, timeout=60,
                     env=clean_env(client_work, OTEL_SERVICE_NAME="client"))
    finally:
        for server in (frontend, downstream):
            if server:
                server.stop()
    check("status: 200" in result.stdout, "the checkout succeeded: " + result.stdout)
    check("X-Request-ID: req-http" in result.stdout, "the answer names the request")
    check(re.search(r"X-Response-Time: \d+\.\d{3}ms", result.stdout), "the answer is timed")
    check_http(work, instrumented)


def test_http(args):
    flags_result = run([args.pkg_config, "--cflags", "--libs", "cpp-httplib"])
    httplib_flags = flags_result.stdout.split()
    flags = ["-std=c++17", *["-I" + d for d in args.include],
             *[f for f in httplib_flags if not f.startswith(("-l", "-L"))]]
    libraries = [args.http_lib, args.runtime_lib,
                 *[f for f in httplib_flags if f.startswith(("-l", "-L"))]]
    out_dir = fresh_dir(os.path.join(args.work, "instrumented"))
    source = os.path.join(HERE, "http_app.cpp")
    instrumented, model = instrument(args, source, out_dir, flags)
    check(sorted(b["callee"] for b in model["boundaries"]) == ["std::async", "std::thread"],
          "the std::async call and the listener thread are wrapped: {}".format(
              model["boundaries"]))
    for compiler in args.compiler:
        name = os.path.basename(compiler)
        for variant, path in (("instrumented", instrumented), ("plain", source)):
            program = os.path.join(args.work, "http-{}-{}".format(variant, name))
            build(compiler, path, program, flags, libraries)
            try:
                run_http(program, fresh_dir(os.path.join(args.work, "run", name, variant)),
                         variant == "instrumented")
            except Failure as failure:
                raise Failure("{} {}: {}".format(name, variant, failure))
            print("{} {}: the trace as expected".format(name, variant))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("suite", choices=["boundaries", "http"])
    parser.add_argument("--telegen", required=True)
    parser.add_argument("--runtime-lib", required=True)
    parser.add_argument("--http-lib")
    parser.add_argument("--pkg-config")
    parser.add_argument("--include", action="append", default=[])
    parser.add_argument("--work", required=True)
    parser.add_argument("--compiler", action="append", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    try:
        if args.suite == "boundaries":
            test_boundaries(args)
        else:
            check(args.http_lib and args.pkg_config, "http needs --http-lib and --pkg-config")
            test_http(args)
    except (Failure, subprocess.TimeoutExpired) as failure:
        print("FAIL: {}".format(failure), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
