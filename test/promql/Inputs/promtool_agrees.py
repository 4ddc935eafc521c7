"""Checks that telegen's PromQL parser agrees with Prometheus' own.

Usage: promtool_agrees.py TELEGEN PROMTOOL EXPRESSIONS WORKDIR

EXPRESSIONS holds lines '<verdict> <expression>' (see its header). Each
expression goes into a schema as one alert's expr, for `telegen check`, and
into a rule file as one alert's expr, for `promtool check rules`. An
expression telegen reports under alert.expression is refused by telegen;
one promtool reports is refused by Prometheus. Prints each disagreement with
the verdict, then a summary line.
"""
import json
import os
import subprocess
import sys

telegen, promtool, corpus, work = sys.argv[1:]
os.makedirs(work, exist_ok=True)
cases = []
for line in open(corpus, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    verdict, expression = line.split(" ", 1)
    cases.append((verdict, expression))

schema = ["metrics:",
          "  jobs_total: {type: counter, help: Jobs., labels: [status_class]}",
          "  queue_length: {type: gauge, help: Jobs waiting.}",
          "  latency_seconds: {type: histogram, unit: seconds, help: Latency.}",
          "labels:",
          "  status_class: {values: [2xx, 4xx, 5xx]}",
          "alerts:"]
first_line = {}
for index, (_, expression) in enumerate(cases):
    first_line[len(schema) + 4] = index  # the line of its expr
    schema += ["  Alert%d:" % index,
               "    severity: info",
               "    summary: x",
               "    expr: %s" % json.dumps(expression)]
schema_path = os.path.join(work, "corpus.yaml")
with open(schema_path, "w", encoding="utf-8") as out:
    out.write("\n".join(schema) + "\n")
run = subprocess.run([telegen, "check", "--format=json", schema_path], capture_output=True, text=True)
telegen_refuses = set()
for finding in json.loads(run.stdout)["diagnostics"]:
    if finding["check"] == "alert.expression":
        telegen_refuses.add(first_line[finding["line"]])

disagreements = 0
for index, (verdict, expression) in enumerate(cases):
    rules = os.path.join(work, "rule%d.yml" % index)
    with open(rules, "w", encoding="utf-8") as out:
        out.write("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: %s\n"
                  % json.dumps(expression))
    prometheus_refuses = subprocess.run([promtool, "check", "rules", rules],
                                        capture_output=True).returncode != 0
    expected = {"accept": (False, False), "reject": (True, True), "subset": (False, True)}[verdict]
    if (prometheus_refuses, index in telegen_refuses) != expected:
        disagreements += 1
        print("%s %r: promtool %s, telegen %s" % (
            verdict, expression, "refuses" if prometheus_refuses else "accepts",
            "refuses" if index in telegen_refuses else "accepts"))
print("%d expressions, %d disagreements" % (len(cases), disagreements))
