#!/usr/bin/env python3
"""Robustness on real code: GoogleTest (from Debian's libgtest-dev, which
ships its sources and its own test suite) is instrumented by a schema rule
that matches every function in namespace testing, compiled, and its own
tests are run. They must all still pass, and the spans must appear, nested.

Usage: googletest_instrumented_test.py --telegen PATH --runtime-lib PATH
         --include DIR... --work DIR --compiler CXX
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOOGLETEST = "/usr/src/googletest/googletest"
SOURCES = ["src/gtest-all.cc", "src/gtest_main.cc", "test/gtest_all_test.cc"]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise Failure("command failed ({}): {}\n{}{}".format(
            result.returncode, " ".join(command), result.stdout[-4000:], result.stderr[-4000:]))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--telegen", required=True)
    parser.add_argument("--runtime-lib", required=True)
    parser.add_argument("--include", action="append", default=[])
    parser.add_argument("--work", required=True)
    parser.add_argument("--compiler", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    flags = ["-std=c++17", "-I" + GOOGLETEST, "-I" + GOOGLETEST + "/include", "-pthread"]
    flags += ["-I" + d for d in args.include]
    try:
        instrumented = []
        functions = 0
        for source in SOURCES:
            out = os.path.join(args.work, "instrumented", os.path.basename(source))
            command = [args.telegen, "instrument", os.path.join(GOOGLETEST, source),
                       "--schema", os.path.join(HERE, "gtest.yaml"), "--out", out, "--", *flags]
            run(command)
            model = json.loads(run(command[:-len(flags) - 1] + ["--emit=model-json", "--", *flags]).stdout)
            functions += len(model["functions"])
            instrumented.append(out)
        check(functions >= 1000, "the rule should instrument over a thousand functions, got {}".format(functions))

        program = os.path.join(args.work, "gtest_all_test")
        run([args.compiler, *flags, "-O0", "-w", *instrumented, args.runtime_lib, "-o", program])

        traces = os.path.join(args.work, "traces.jsonl")
        if os.path.exists(traces):
            os.remove(traces)
        env = dict(os.environ, OTEL_TRACES_EXPORTER="jsonl", TELEGEN_TRACES_FILE=traces,
                   TELEGEN_LOG_FILE=os.path.join(args.work, "log.jsonl"))
        # GoogleTest's "fast" death tests fork without exec, and the child
        # inherits telegen's state as the parent's background threads (which
        # the child does not have) left it at that instant: exiting, the child
        # waits for them in vain and may crash on a half-written batch. The
        # "threadsafe" style, which GoogleTest advises for a program with
        # threads, re-executes the program for each death test instead.
        result = run([program, "--gtest_death_test_style=threadsafe"], env=env, cwd=args.work)
        passed = re.search(r"\[  PASSED  \] (\d+) tests", result.stdout)
        check(passed and int(passed.group(1)) >= 700 and "[  FAILED  ]" not in result.stdout,
              "GoogleTest's own tests must all pass:\n" + result.stdout[-3000:])

        names = collections.Counter()
        span_ids = set()
        parents = []
        cut = 0
        with open(traces) as f:
            for line in f:
                try:
                    request = json.loads(line)
                except json.JSONDecodeError:
                    # A death test's child dies by a signal, and the kernel
                    # stops a write to a file at a page boundary when its
                    # process is killed: the child's last line may end cut
                    # short, and the next write of any process follows it on
                    # the same line. Only that is forgiven: the rest of the
                    # line must be one whole request.
                    start = '{"resourceSpans":'
                    check(line.count(start) >= 2, "a line of traces.jsonl is not JSON: " + line[:300])
                    request = json.loads(line[line.rindex(start):])
                    cut += 1
                for resource in request["resourceSpans"]:
                    for scope in resource["scopeSpans"]:
                        for span in scope["spans"]:
                            names[span["name"]] += 1
                            span_ids.add(span["spanId"])
                            if span.get("parentSpanId"):
                                parents.append(span["parentSpanId"])
        check(cut <= 3, "{} lines of traces.jsonl were cut short".format(cut))
        check(len(names) >= 100 and all(n.startswith("testing::") for n in names),
              "spans of over a hundred gtest functions, got {}".format(len(names)))
        check(sum(1 for p in parents if p in span_ids) >= 100, "spans nest inside one another")
        print("{} functions instrumented, {} tests passed, {} spans of {} functions".format(
            functions, passed.group(1), sum(names.values()), len(names)))
    except Failure as failure:
        print("FAIL: {}".format(failure), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
