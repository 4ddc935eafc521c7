"""Checks that every alert of a rule file has its runbook, and no more.

Usage: check_runbooks.py OUT_DIR RULES.yml

Each alert's runbook_url, relative to OUT_DIR, names an existing Markdown
file titled with the alert's name, with the sections a runbook has; every
runbook in the directory those URLs point into belongs to an alert. Prints
each alert with its runbook, then a summary.
"""
import os
import sys

import yaml

out, rules_path = sys.argv[1:]
with open(rules_path, encoding="utf-8") as f:
    rules = yaml.safe_load(f)
problems = []
alerts = {}
for group in rules["groups"]:
    for rule in group["rules"]:
        if "alert" in rule:
            alerts.setdefault(rule["alert"], set()).add(rule["annotations"]["runbook_url"])
directories = set()
for name, urls in sorted(alerts.items()):
    if len(urls) != 1:
        problems.append("%s has several runbook URLs: %s" % (name, urls))
    url = urls.pop()
    path = os.path.join(out, url)
    directories.add(os.path.dirname(path))
    if not os.path.isfile(path):
        problems.append("%s: no runbook at %s" % (name, url))
        continue
    text = open(path, encoding="utf-8").read()
    if not text.startswith("# %s\n" % name):
        problems.append("%s: the runbook is titled %r" % (name, text.splitlines()[0]))
    for section in ("## What it means", "## Investigate", "## Escalate"):
        if section not in text:
            problems.append("%s: no %r section" % (name, section))
    print("%s: %s" % (name, url))
for directory in directories:
    for file in sorted(os.listdir(directory)):
        if file[:-3] not in alerts:
            problems.append("runbook %s belongs to no alert" % file)
for problem in problems:
    print("problem: " + problem)
print("%d alerts, %d problems" % (len(alerts), len(problems)))
