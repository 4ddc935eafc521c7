#!/usr/bin/env python3
"""telegen adopted by a project written as older ones are
(test/e2e/cmake/legacy), with one generator and compiler per case. Each of
the adoption bugs of issue 21 gets its own check:

- plain signature: the project links its target with the plain signature of
  target_link_libraries, and telegen_instrument() still configures;
- old minimum: it declares cmake_minimum_required(VERSION 3.10) (CMP0116
  unset), and a build with no change runs nothing;
- byte-order mark: words.cpp starts with a UTF-8 byte-order mark, and its
  instrumented copy compiles and is traced;
- unmatched rule: the rule for the SYSTEM-declared greeting library warns
  that its functions are in system headers; with INSTRUMENT_SYSTEM_HEADERS
  they are traced, and the library's warnings stay hidden under -Werror.

Usage: legacy_project_test.py {Ninja|Makefiles} {gcc|clang} --build DIR --work DIR
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from e2e_support import Failure, check, load_spans, run  # noqa: E402

GENERATORS = {"Ninja": "Ninja", "Makefiles": "Unix Makefiles"}
COMPILERS = {"gcc": "/usr/bin/g++", "clang": "/usr/lib/llvm-19/bin/clang++"}
# What a build prints when it does something: a custom command's comment or
# a compile or link.
WORK_DONE = re.compile(r"Checking|Generating|Instrumenting|Building|Linking")


def output_of(command):
    result = run(command)
    return result.stdout + result.stderr


class Project:
    def __init__(self, args):
        self.source = os.path.join(args.work, "src")
        self.build = os.path.join(args.work, "build")
        shutil.rmtree(self.source, ignore_errors=True)
        shutil.rmtree(self.build, ignore_errors=True)
        shutil.copytree(os.path.join(HERE, "legacy"), self.source)
        prefix = os.path.join(args.work, "prefix")
        shutil.rmtree(prefix, ignore_errors=True)
        run(["cmake", "--install", args.build, "--prefix", prefix])
        launcher = shutil.which("ccache")
        self.configure_args = ["-G", GENERATORS[args.generator],
                               "-DCMAKE_CXX_COMPILER=" + COMPILERS[args.compiler],
                               "-DCMAKE_PREFIX_PATH=" + prefix]
        if launcher:
            self.configure_args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=" + launcher)

    def configure(self, *extra):
        return output_of(["cmake", "-S", self.source, "-B", self.build,
                          *self.configure_args, *extra])

    def build_output(self):
        return output_of(["cmake", "--build", self.build, "-j", "2"])

    def traced(self):
        traces = os.path.join(self.build, "traces.jsonl")
        if os.path.exists(traces):
            os.remove(traces)
        env = dict(os.environ, OTEL_TRACES_EXPORTER="jsonl", TELEGEN_TRACES_FILE=traces,
                   TELEGEN_LOG_FILE=os.path.join(self.build, "log.jsonl"))
        output = run([os.path.join(self.build, "legacy")], env=env).stdout
        check("hello, world! has 2 words" in output, "the program runs: " + output)
        return sorted({span["name"] for span in load_spans(traces)})


def check_no_op(project, what):
    output = project.build_output()
    check(not WORK_DONE.search(output),
          "old minimum: a build with no change runs nothing ({}):\n{}".format(what, output))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("generator", choices=sorted(GENERATORS))
    parser.add_argument("compiler", choices=sorted(COMPILERS))
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    try:
        project = Project(args)
        try:
            project.configure()
        except Failure as failure:
            raise Failure("plain signature: the project configures: {}".format(failure))

        output = project.build_output()
        check(re.search(r"telemetry\.yaml:4:5: warning: rule instruments no function in the 2 "
                        r"instrumented sources: the functions it matches are in system headers, "
                        r"which telegen leaves alone \('greeting::greet' in \S+greeting\.hpp\) "
                        r"\[rule\.unmatched\]", output),
              "unmatched rule: the build warns, and says why:\n" + output)
        check_no_op(project, "after the first build")
        spans = project.traced()
        check(spans == ["legacy::count_words"],
              "byte-order mark: words.cpp is instrumented and traced; greeting is not: {}".format(
                  spans))

        project.configure("-DLEGACY_INSTRUMENT_GREETING=ON")
        output = project.build_output()
        check("warning:" not in output,
              "unmatched rule: with INSTRUMENT_SYSTEM_HEADERS the rule matches, and the "
              "library's own warnings stay hidden:\n" + output)
        check(project.traced() == ["greeting::greet", "legacy::count_words"],
              "unmatched rule: INSTRUMENT_SYSTEM_HEADERS instruments greeting::greet")
        check_no_op(project, "with INSTRUMENT_SYSTEM_HEADERS")
    except (Failure, subprocess.SubprocessError) as failure:
        print("FAIL: {}".format(failure), file=sys.stderr)
        return 1
    print("{} {}: plain signature, old minimum, byte-order mark, unmatched rule: as expected"
          .format(args.generator, args.compiler))
    return 0


if __name__ == "__main__":
    sys.exit(main())
