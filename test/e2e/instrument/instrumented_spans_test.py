#!/usr/bin/env python3
"""Instrumented code, compiled and run: `telegen instrument` rewrites the
sources of a small service, each compiler builds them against the runtime,
and the spans the program exports are checked: names, kinds, parent/child
nesting, attributes, status from exceptions and results, and code locations
that name the original files. A warning in an instrumented file must point at
the original file and line (#line mapping).

Usage: instrumented_spans_test.py --telegen PATH --runtime-lib PATH
         --include DIR... --work DIR --compiler CXX...
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = ["orders.cpp", "main.cpp"]


sys.path.insert(0, os.path.dirname(HERE))
from e2e_support import Failure, attributes, check, load_spans, run  # noqa: E402


def check_spans(spans):
    by_name = {}
    for span in spans:
        by_name.setdefault(span["name"], []).append(span)
    expected = {"inventory.open": 1, "orders.place": 1, "inventory.reserve": 1,
                "inventory.find": 2, "inventory.audit": 1, "orders.total": 2,
                "orders.cancel": 1}
    for name, count in expected.items():
        check(len(by_name.get(name, [])) == count,
              "expected {} '{}' span(s), got {}".format(count, name, len(by_name.get(name, []))))
    check(len(spans) == sum(expected.values()), "unexpected spans: {}".format(
        sorted(set(by_name) - set(expected))))

    place = by_name["orders.place"][0]
    reserve = by_name["inventory.reserve"][0]
    check(place["kind"] == 2, "orders.place is a server span")
    check(reserve["kind"] == 1, "inventory.reserve is internal")
    check(reserve["traceId"] == place["traceId"] and reserve["parentSpanId"] == place["spanId"],
          "inventory.reserve is a child of orders.place")
    check("parentSpanId" not in place or not place["parentSpanId"], "orders.place is a root")
    place_attributes = attributes(place)
    check(place_attributes.get("order_id") == "A-1", "order_id recorded: {}".format(place_attributes))
    check(place_attributes.get("region") == "us_east", "region recorded by enumerator name")
    check(place_attributes.get("quantity") in (3, "3"), "quantity recorded as an integer")
    check(place_attributes.get("code.function.name") == "shop::place", "code.function.name")
    check(place_attributes.get("code.file.path", "").endswith("/instrument/orders.cpp"),
          "code.file.path names the original file: {}".format(place_attributes.get("code.file.path")))
    reserve_attributes = attributes(reserve)
    check(reserve_attributes.get("order.id") == "A-1" and reserve_attributes.get("order.items") in (3, "3"),
          "member paths recorded: {}".format(reserve_attributes))

    finds = sorted(by_name["inventory.find"], key=lambda s: int(s["startTimeUnixNano"]))
    check(finds[0].get("status", {}).get("code") == 2, "find('') returned nullopt: status error")
    check(finds[0]["status"].get("message") == "returned no value", "status message of an empty result")
    check(finds[1].get("status", {}).get("code", 0) != 2, "find('A-1') found: no error")

    cancel = by_name["orders.cancel"][0]
    check(cancel.get("status", {}).get("code") == 2, "an exception leaving cancel sets status error")
    events = [e for e in cancel.get("events", []) if e["name"] == "exception"]
    check(len(events) == 1, "one exception event on orders.cancel")
    event_attributes = attributes(events[0])
    check("runtime_error" in event_attributes.get("exception.type", ""),
          "exception.type: {}".format(event_attributes))
    check(event_attributes.get("exception.message") == "cannot cancel A-2", "exception.message")

    totals = sorted(str(attributes(s).get("value")) for s in by_name["orders.total"])
    check(totals == ["1.5", "21"], "template instantiations record their values: {}".format(totals))
    check(attributes(by_name["inventory.open"][0]).get("capacity") in (10, "10"), "constructor span")


def check_line_mapping(compiler, instrumented, includes, work):
    """A warning in an instrumented file names the original file and line."""
    result = subprocess.run([compiler, "-std=c++17", "-Wall", "-fsyntax-only", *includes, instrumented],
                            capture_output=True, text=True)
    line = next(i for i, text in enumerate(open(os.path.join(HERE, "orders.cpp")), 1)
                if "unused_for_line_mapping" in text)
    pattern = re.escape(os.path.join(HERE, "orders.cpp")) + r":{}:\d+: warning: unused variable".format(line)
    check(re.search(pattern, result.stderr),
          "{}: the warning should point at orders.cpp:{}, got:\n{}".format(compiler, line, result.stderr))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--telegen", required=True)
    parser.add_argument("--runtime-lib", required=True)
    parser.add_argument("--include", action="append", default=[])
    parser.add_argument("--work", required=True)
    parser.add_argument("--compiler", action="append", required=True)
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    includes = ["-I" + d for d in args.include]
    try:
        out_dir = os.path.join(args.work, "instrumented")
        instrumented = []
        for source in SOURCES:
            out = os.path.join(out_dir, source)
            run([args.telegen, "instrument", os.path.join(HERE, source), "--out", out,
                 "--", "-std=c++17", *includes])
            instrumented.append(out)
        for compiler in args.compiler:
            name = os.path.basename(compiler)
            program = os.path.join(args.work, "orders-" + name)
            run([compiler, "-std=c++17", "-O1", "-g", *includes, *instrumented,
                 args.runtime_lib, "-pthread", "-o", program])
            traces = os.path.join(args.work, "traces-{}.jsonl".format(name))
            if os.path.exists(traces):
                os.remove(traces)
            env = dict(os.environ, OTEL_TRACES_EXPORTER="jsonl", TELEGEN_TRACES_FILE=traces,
                       TELEGEN_LOG_FILE=os.path.join(args.work, "log-{}.jsonl".format(name)),
                       OTEL_SERVICE_NAME="orders-test")
            output = run([program], env=env, cwd=args.work)
            check("caught: cannot cancel A-2" in output.stdout, "the exception still reaches the caller")
            check_spans(load_spans(traces))
            check_line_mapping(compiler, instrumented[0], includes, args.work)
            print("{}: spans as expected".format(name))
    except Failure as failure:
        print("FAIL: {}".format(failure), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
