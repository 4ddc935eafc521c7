"""Checks generated Grafana dashboards as Grafana would import them.

Usage: check_dashboards.py DASHBOARD.json...

For each file: it is JSON; schemaVersion is 39 or later; the data sources
are template variables (Prometheus, and Tempo and Jaeger for traces) with a
'job' variable from Prometheus; every panel queries through the Prometheus
variable; panels sit on the 24-column grid without overlapping; panel ids
are unique; every breaker state timeline maps 0, 1 and 2 to closed (green),
half-open (yellow) and open (red); every latency panel (unit s) links to
the traces in both trace data sources; exemplars are asked for once per
panel, on a histogram_quantile query. Prints one line per dashboard, one
per panel (its type, title and queries), and how many panels show
exemplars.
"""
import json
import sys

problems = []
with_exemplars = 0


def check(condition, message):
    if not condition:
        problems.append(message)


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        dashboard = json.load(f)
    name = dashboard["title"]
    check(dashboard["schemaVersion"] >= 39, "%s: schemaVersion %s" % (name, dashboard["schemaVersion"]))
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    for var, plugin in [("datasource", "prometheus"), ("tempo", "tempo"), ("jaeger", "jaeger")]:
        check(variables.get(var, {}).get("type") == "datasource" and variables[var]["query"] == plugin,
              "%s: no %s data source variable" % (name, plugin))
    check(variables.get("job", {}).get("type") == "query", "%s: no job variable" % name)
    print("dashboard %s (uid %s): %d panels" % (name, dashboard["uid"], len(dashboard["panels"])))
    ids, cells = set(), {}
    for panel in dashboard["panels"]:
        check(panel["id"] not in ids, "%s: panel id %s twice" % (name, panel["id"]))
        ids.add(panel["id"])
        grid = panel["gridPos"]
        check(grid["x"] + grid["w"] <= 24, "%s: %r is wider than the grid" % (name, panel["title"]))
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                check((x, y) not in cells, "%s: %r overlaps %r" % (name, panel["title"], cells.get((x, y))))
                cells[(x, y)] = panel["title"]
        if panel["type"] == "row":
            print("  row %s" % panel["title"])
            continue
        check(panel["datasource"]["uid"] == "${datasource}", "%s: %r datasource" % (name, panel["title"]))
        for target in panel["targets"]:
            check(target["datasource"]["uid"] == "${datasource}", "%s: %r target datasource" % (name, panel["title"]))
        exemplars = [t["expr"] for t in panel["targets"] if t.get("exemplar")]
        check(len(exemplars) <= 1 and all(e.startswith("histogram_quantile(") for e in exemplars),
              "%s: %r asks for exemplars on %s" % (name, panel["title"], exemplars))
        with_exemplars += len(exemplars)
        defaults = panel["fieldConfig"]["defaults"]
        if panel["type"] == "state-timeline":
            mapping = {k: (v["text"], v["color"]) for m in defaults["mappings"] for k, v in m["options"].items()}
            check(mapping == {"0": ("closed", "green"), "1": ("half-open", "yellow"), "2": ("open", "red")},
                  "%s: %r mappings %s" % (name, panel["title"], mapping))
        if defaults["unit"] == "s" and "p99" in panel["title"]:
            urls = " ".join(link["url"] for link in defaults["links"])
            check("${tempo}" in urls and "${jaeger}" in urls and "${__value.raw}" in urls,
                  "%s: %r has no trace links" % (name, panel["title"]))
        print("  %s %s: %s" % (panel["type"], panel["title"],
                               " | ".join(t["expr"] for t in panel["targets"])))
print("%d panels show exemplars" % with_exemplars)
for problem in problems:
    print("problem: " + problem)
print("%d problems" % len(problems))
