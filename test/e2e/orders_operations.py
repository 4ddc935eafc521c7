"""The orders example's generated operations against a real Prometheus.

What e2e.orders_example checks of the rules, alerts and dashboards
`telegen generate` writes from examples/orders/telemetry.yaml: the rule
file (windows shortened 60 times, so minutes pass in seconds) loads into
Prometheus; the alerts fire and resolve as the load drives payments down
and back; every PromQL expression of every dashboard panel runs through
/api/v1/query, and returns data when every metric it names has series.
"""

import glob
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

from prometheus_scrape_test import fail, poll

# Grafana's variables in the panels' queries, as the dashboards are used
# here: the job Prometheus scrapes, a rate interval of a few scrapes, the
# last minute as the dashboard's range.
VARIABLES = {"$__rate_interval": "5s", "$__range_s": "60", "$__range": "1m", "$job": "orders"}


def write_rules(telegen, schema, out):
    """Generates the shortened rule file; returns its path."""
    run = subprocess.run([telegen, "generate", schema, "--target", "prometheus", "--shorten-windows", "60",
                          "--out-dir", out], capture_output=True, text=True)
    if run.returncode != 0:
        fail("telegen generate --target prometheus failed:\n" + run.stderr)
    return os.path.join(out, "telemetry.rules.yml")


def active_alerts(api):
    with urllib.request.urlopen(api + "/api/v1/alerts", timeout=5) as response:
        return json.load(response)["data"]["alerts"]


def firing(api, name, **labels):
    return [a for a in active_alerts(api) if a["labels"]["alertname"] == name and a["state"] == "firing"
            and all(a["labels"].get(k) == v for k, v in labels.items())]


def wait_for_outage_alerts(api):
    """Polls until the payments breaker alert and an availability burn alert
    fire together; returns the names of the alerts firing then."""
    def both():
        breaker = firing(api, "CircuitBreakerOpen", dependency="payments")
        burns = [a for a in active_alerts(api) if a["labels"]["alertname"].startswith("ErrorBudgetBurn")
                 and a["labels"].get("slo") == "orders_availability" and a["state"] == "firing"]
        return sorted({a["labels"]["alertname"] for a in breaker + burns}) if breaker and burns else None
    return poll("CircuitBreakerOpen and an ErrorBudgetBurn alert of orders_availability firing", both, timeout=30)


def wait_for_breaker_resolved(api):
    poll("CircuitBreakerOpen to resolve after the recovery",
         lambda: not any(a["labels"]["alertname"] == "CircuitBreakerOpen" for a in active_alerts(api)), timeout=30)


def run_query(api, promql):
    url = api + "/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        fail("Prometheus refuses a dashboard query: %s\n%s" % (promql, error.read().decode()))
    if answer["status"] != "success":
        fail("dashboard query %s failed: %s" % (promql, answer))
    return answer["data"]["result"]


def check_dashboards(api, directory):
    """Runs every panel's queries; returns (queries run, those with data)."""
    with urllib.request.urlopen(api + "/api/v1/label/__name__/values", timeout=5) as response:
        names = set(json.load(response)["data"])
    files = sorted(glob.glob(os.path.join(directory, "dashboards", "*.json")))
    if len(files) != 3:
        fail("expected the operations, resilience and SLO dashboards in %s: %s" % (directory, files))
    run = with_data = 0
    for path in files:
        for panel in json.load(open(path))["panels"]:
            for target in panel.get("targets", []):
                promql = target["expr"]
                for variable, value in VARIABLES.items():
                    promql = promql.replace(variable, value)
                result = run_query(api, promql)
                run += 1
                used = set(re.findall(r"([a-zA-Z_:][a-zA-Z0-9_:]*)\{", promql))
                if used and used <= names:
                    if not result:
                        fail("%s: panel %r returns no data although %s have series: %s"
                             % (os.path.basename(path), panel["title"], sorted(used), promql))
                    with_data += 1
    return run, with_data
