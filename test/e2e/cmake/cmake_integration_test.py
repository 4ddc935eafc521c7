#!/usr/bin/env python3
"""telegen as users adopt it: a consumer project outside the source tree
(test/e2e/cmake/consumer) calls telegen_instrument() on its executable, with
telegen found by find_package() after `cmake --install`, or added with
add_subdirectory(). Each case builds and runs it (spans and metrics come
out), and the incremental cases check with the build tool's own output that
a build with no change does nothing and that touching a header re-instruments
exactly the files that include it.

Usage: cmake_integration_test.py CASE --source DIR --build DIR --work DIR
Cases:
  find_package       Ninja, g++, Debug; incrementality; TELEGEN_INSTRUMENT=OFF
  makefiles_clang    Unix Makefiles, clang++ 19, Release; incrementality
  add_subdirectory   Ninja, g++, telegen built inside the consumer
  bad_schema         a schema with an error fails the build with the finding;
                     so does a label value the schema does not declare, with
                     the values it does, under a short echo of the step
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLANGXX = "/usr/lib/llvm-19/bin/clang++"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(command, cwd=None, env=None, expect_failure=False):
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if expect_failure:
        check(result.returncode != 0, "expected a failure: " + " ".join(command))
    elif result.returncode != 0:
        raise Failure("command failed ({}): {}\n{}".format(
            result.returncode, " ".join(command), output[-5000:]))
    return output


class Consumer:
    def __init__(self, work, name, configure_args):
        self.source = os.path.join(work, name + "-src")
        self.build = os.path.join(work, name + "-build")
        shutil.rmtree(self.source, ignore_errors=True)
        shutil.rmtree(self.build, ignore_errors=True)
        shutil.copytree(os.path.join(HERE, "consumer"), self.source)
        self.configure_args = configure_args

    def configure(self, *extra):
        launcher = shutil.which("ccache")
        launch = ["-DCMAKE_CXX_COMPILER_LAUNCHER=" + launcher] if launcher else []
        run(["cmake", "-S", self.source, "-B", self.build, *launch, *self.configure_args, *extra])

    def build_output(self, expect_failure=False):
        return run(["cmake", "--build", self.build, "--target", "shop", "-j", "2"],
                   expect_failure=expect_failure)

    def touch(self, relative):
        os.utime(os.path.join(self.source, relative))

    def run_program(self):
        traces = os.path.join(self.build, "traces.jsonl")
        if os.path.exists(traces):
            os.remove(traces)
        env = dict(os.environ, OTEL_TRACES_EXPORTER="jsonl", TELEGEN_TRACES_FILE=traces,
                   TELEGEN_LOG_FILE=os.path.join(self.build, "log.jsonl"))
        output = run([os.path.join(self.build, "shop")], env=env)
        check("total 15" in output, "the program runs: " + output[-500:])
        check('cart_items_total{fruit="apple"} 2' in output, "generated metrics count: " + output[-2000:])
        spans = {}
        if os.path.exists(traces):
            with open(traces) as f:
                for line in f:
                    for resource in json.loads(line)["resourceSpans"]:
                        for scope in resource["scopeSpans"]:
                            for span in scope["spans"]:
                                spans[span["name"]] = span
        return spans


def instrumented(output):
    return sorted(set(re.findall(r"Instrumenting (\S+)", output)))


def check_spans(spans):
    check(set(spans) == {"shop.add_item", "shop.price"}, "spans: {}".format(sorted(spans)))
    check(spans["shop.price"]["parentSpanId"] == spans["shop.add_item"]["spanId"],
          "shop.price is a child of shop.add_item")


def check_incremental(consumer, no_op_pattern):
    output = consumer.build_output()
    check(re.search(no_op_pattern, output) and not instrumented(output),
          "a build with no change does nothing:\n" + output)
    consumer.touch("include/catalog.hpp")
    output = consumer.build_output()
    check(instrumented(output) == ["cart.cpp", "catalog.cpp"],
          "touching catalog.hpp re-instruments exactly cart.cpp and catalog.cpp, got {}:\n{}".format(
              instrumented(output), output))
    output = consumer.build_output()
    check(not instrumented(output), "and then nothing again:\n" + output)
    consumer.touch("telemetry.yaml")
    output = consumer.build_output()
    check("Checking telemetry schema" in output and "Generating telemetry code" in output
          and instrumented(output) == ["cart.cpp", "catalog.cpp", "main.cpp"],
          "touching the schema re-checks, re-generates and re-instruments:\n" + output)


def install(args):
    prefix = os.path.join(args.work, "prefix")
    shutil.rmtree(prefix, ignore_errors=True)
    run(["cmake", "--install", args.build, "--prefix", prefix])
    return prefix


def case_find_package(args):
    prefix = install(args)
    # Editors validate schemas offline against the installed JSON Schema.
    json_schema = os.path.join(prefix, "share", "telegen", "schemas", "telegen.schema.json")
    check(os.path.isfile(json_schema), "not installed: " + json_schema)
    consumer = Consumer(args.work, "find-package",
                        ["-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug", "-DCMAKE_PREFIX_PATH=" + prefix])
    consumer.configure()
    output = consumer.build_output()
    check(instrumented(output) == ["cart.cpp", "catalog.cpp", "main.cpp"], output)
    check_spans(consumer.run_program())
    check_incremental(consumer, r"ninja: no work to do")
    # Instrumentation off: the sources are compiled as they are, metrics stay.
    consumer.configure("-DTELEGEN_INSTRUMENT=OFF")
    output = consumer.build_output()
    check(not instrumented(output), "nothing instrumented when off:\n" + output)
    check(consumer.run_program() == {}, "no spans when instrumentation is off")


def case_makefiles_clang(args):
    prefix = install(args)
    consumer = Consumer(args.work, "makefiles", ["-G", "Unix Makefiles", "-DCMAKE_BUILD_TYPE=Release",
                                                 "-DCMAKE_CXX_COMPILER=" + CLANGXX,
                                                 "-DCMAKE_PREFIX_PATH=" + prefix])
    consumer.configure()
    consumer.build_output()
    check_spans(consumer.run_program())
    check_incremental(consumer, r"Built target shop")


def case_add_subdirectory(args):
    consumer = Consumer(args.work, "add-subdirectory",
                        ["-G", "Ninja", "-DTELEGEN_SOURCE_DIR=" + args.source])
    consumer.configure()
    consumer.build_output()
    check_spans(consumer.run_program())


def case_bad_schema(args):
    prefix = install(args)
    consumer = Consumer(args.work, "bad-schema", ["-G", "Ninja", "-DCMAKE_PREFIX_PATH=" + prefix])
    schema = os.path.join(consumer.source, "telemetry.yaml")
    with open(schema) as f:
        text = f.read()
    with open(schema, "w") as f:
        f.write(text.replace("cart_items_total:", "cart_items:"))
    consumer.configure()
    output = consumer.build_output(expect_failure=True)
    check(re.search(r"telemetry\.yaml:\d+:3: error: counter 'cart_items' must end in '_total'", output),
          "the build shows the schema finding:\n" + output)
    check(not instrumented(output), "nothing is instrumented from a bad schema")

    with open(schema, "w") as f:
        f.write(text)
    cart = os.path.join(consumer.source, "cart.cpp")
    with open(cart) as f:
        code = f.read()
    with open(cart, "w") as f:
        f.write('#include "telemetry.telegen.hpp"\n' + code.replace(
            "  return static_cast", "  telemetry::cart_items_total.add(1, telemetry::fruit::kiwi);\n"
            "  return static_cast"))
    output = consumer.build_output(expect_failure=True)
    lines = output.splitlines()
    error = next((i for i, line in enumerate(lines)
                  if re.search(r"cart\.cpp:\d+:\d+: error: no member named 'kiwi' in 'telemetry::fruit'", line)),
                 None)
    check(error is not None, "the build shows the compiler's error:\n" + output)
    check(any("note: 'fruit' takes the values telemetry.yaml declares: apple, pear" in line
              for line in lines[error:]), "and the values the schema declares:\n" + output)
    # Ninja echoes the failed step's command (CMake appends its depfile
    # transform under policy CMP0116): telegen's part of it is short.
    echoed = [line.split(" && ")[1] for line in lines[:error] if "telegen instrument" in line]
    check(echoed and all(len(command) < 150 for command in echoed),
          "telegen's command, echoed before the error, is short:\n" + "\n".join(lines[:error]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case")
    parser.add_argument("--source", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    try:
        {"find_package": case_find_package, "makefiles_clang": case_makefiles_clang,
         "add_subdirectory": case_add_subdirectory, "bad_schema": case_bad_schema}[args.case](args)
    except Failure as failure:
        print("FAIL: {}".format(failure), file=sys.stderr)
        return 1
    print("{}: as expected".format(args.case))
    return 0


if __name__ == "__main__":
    sys.exit(main())
