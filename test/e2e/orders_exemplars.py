"""Exemplars of the orders example (docs/metrics.md#exemplars), for
orders_e2e.py: the OpenMetrics exposition carries them and passes the
Prometheus client's strict parser, the text format has none, and a
Prometheus with exemplar storage returns them for the request duration
histogram, each naming a trace the example exported."""

import json
import time
import urllib.parse

from prometheus_client.openmetrics.parser import text_string_to_metric_families
from prometheus_scrape_test import PROMETHEUS_ACCEPT, fail, http_get, poll

HISTOGRAM = "http_server_request_duration_seconds"

# Prometheus stores exemplars only with this feature (2.42).
PROMETHEUS_FLAGS = ["--enable-feature=exemplar-storage"]


def check_exposition(metrics_url):
    """The exemplars of one OpenMetrics scrape, parsed strictly: {trace_id}."""
    _, text = http_get(metrics_url, PROMETHEUS_ACCEPT)
    trace_ids = set()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.exemplar is None:
                continue
            if family.type not in ("histogram", "counter"):
                fail("exemplar on %s, a %s" % (sample.name, family.type))
            labels = sample.exemplar.labels
            if sorted(labels) != ["span_id", "trace_id"] or len(labels["trace_id"]) != 32 \
                    or len(labels["span_id"]) != 16:
                fail("exemplar labels %r on %s" % (labels, sample.name))
            if family.name == HISTOGRAM:
                trace_ids.add(labels["trace_id"])
    if not trace_ids:
        fail("no exemplar on %s in the OpenMetrics exposition" % HISTOGRAM)
    _, plain = http_get(metrics_url)
    if "trace_id" in plain:
        fail("the Prometheus text format carries an exemplar")
    return trace_ids


def stored_exemplars(api, since):
    """{trace_id} of the histogram's exemplars Prometheus stored since `since`."""
    def query():
        url = api + "/api/v1/query_exemplars?" + urllib.parse.urlencode(
            {"query": HISTOGRAM + "_bucket", "start": "%.3f" % since, "end": "%.3f" % (time.time() + 1)})
        answer = json.loads(http_get(url)[1])
        if answer["status"] != "success":
            fail("query_exemplars failed: %s" % answer)
        return {exemplar["labels"]["trace_id"]
                for series in answer["data"] for exemplar in series["exemplars"]}
    return poll("exemplars of %s in Prometheus" % HISTOGRAM, query, timeout=30)


def check_traces(stored, exposed, spans):
    """Every exemplar names a trace the example exported."""
    exported = {span["traceId"] for span in spans}
    missing = (stored | exposed) - exported
    if missing:
        fail("%d of %d exemplar trace ids are in no exported trace, e.g. %s"
             % (len(missing), len(stored | exposed), sorted(missing)[:3]))
