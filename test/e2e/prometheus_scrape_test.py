"""End-to-end: a program's /metrics, linted by promtool, parsed by the
Prometheus Python client's OpenMetrics parser, and scraped by a real
Prometheus server that then answers PromQL queries.

Usage: prometheus_scrape_test.py APP PROMETHEUS PROMTOOL
Everything listens on 127.0.0.1 on free ports, in a temporary directory, and
is stopped at the end; every wait is a bounded poll.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from prometheus_client.openmetrics.parser import text_string_to_metric_families

PROMETHEUS_ACCEPT = ("application/openmetrics-text;version=1.0.0,"
                     "application/openmetrics-text;version=0.0.1;q=0.75,"
                     "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url, accept=None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers.get("Content-Type"), response.read().decode("utf-8")


def poll(what, attempt, timeout=60, interval=0.2):
    """Calls attempt() until it returns a truthy value or timeout passes."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = attempt()
            if result:
                return result
        except OSError as error:  # not listening yet
            last_error = error
        time.sleep(interval)
    fail("timed out waiting for %s (last error: %s)" % (what, last_error))


def stop(process, name):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        fail("%s did not stop within 10 s of SIGTERM" % name)


def check_exposition(metrics_url, promtool):
    content_type, text = http_get(metrics_url)
    if content_type != "text/plain; version=0.0.4; charset=utf-8":
        fail("text format served as " + content_type)
    lint = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                          text=True, timeout=30)
    if lint.returncode != 0 or lint.stdout.strip() or lint.stderr.strip():
        fail("promtool check metrics found problems:\n" + lint.stdout + lint.stderr)

    content_type, text = http_get(metrics_url, PROMETHEUS_ACCEPT)
    if not content_type.startswith("application/openmetrics-text; version=1.0.0"):
        fail("Prometheus' Accept header got " + content_type)
    families = {family.name: family for family in text_string_to_metric_families(text)}
    for name in ("http_requests", "http_request_duration_seconds", "telegen_label_overflow"):
        if name not in families:
            fail("OpenMetrics exposition lacks family %s; has %s" % (name, sorted(families)))
    if families["http_request_duration_seconds"].unit != "seconds":
        fail("histogram unit lost in OpenMetrics")


def query(api, promql):
    url = api + "/api/v1/query?" + urllib.parse.urlencode({"query": promql})
    _, body = http_get(url)
    answer = json.loads(body)
    if answer["status"] != "success":
        fail("query %s failed: %s" % (promql, body))
    return answer["data"]["result"]


def check_prometheus(prometheus, app_port, workdir):
    port = free_port()
    config = os.path.join(workdir, "prometheus.yml")
    with open(config, "w") as out:
        out.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                  "scrape_configs:\n  - job_name: app\n    static_configs:\n"
                  "      - targets: ['127.0.0.1:%d']\n" % app_port)
    log = open(os.path.join(workdir, "prometheus.log"), "w")
    server = subprocess.Popen(
        [prometheus, "--config.file=" + config,
         "--storage.tsdb.path=" + os.path.join(workdir, "data"),
         "--web.listen-address=127.0.0.1:%d" % port, "--log.level=warn"],
        stdout=log, stderr=subprocess.STDOUT)
    api = "http://127.0.0.1:%d" % port
    try:
        def target_up():
            _, body = http_get(api + "/api/v1/targets")
            targets = json.loads(body)["data"]["activeTargets"]
            if targets and targets[0]["lastError"]:
                fail("Prometheus could not scrape: " + targets[0]["lastError"])
            return targets and targets[0]["health"] == "up"
        poll("the target to be up in Prometheus", target_up)

        def requests_rate():
            result = query(api, 'rate(http_requests_total{method="GET",route="/orders",'
                                'status_class="2xx"}[5s])')
            return result if result and float(result[0]["value"][1]) > 0 else None
        result = poll("a positive request rate", requests_rate)
        if result[0]["metric"]["job"] != "app":
            fail("rate() series has unexpected labels: %s" % result[0]["metric"])

        def median_latency():
            return query(api, "histogram_quantile(0.5, sum by (le) ("
                              "rate(http_request_duration_seconds_bucket[5s])))")
        result = poll("a latency quantile", median_latency)
        median = float(result[0]["value"][1])
        if abs(median - 0.0375) > 1e-9:
            fail("histogram_quantile(0.5) is %r, expected 0.0375" % median)

        def overflowed():
            result = query(api, 'telegen_label_overflow_total{metric="tenant_requests_total",'
                                'label="tenant"} > 0')
            return result
        poll("the label overflow self-metric", overflowed)
        if not query(api, 'tenant_requests_total{tenant="__overflow__"} > 0'):
            fail("no __overflow__ series for tenants past max_values")
    finally:
        if stop(server, "prometheus") != 0:
            log.close()
            print(open(os.path.join(workdir, "prometheus.log")).read(), file=sys.stderr)
            fail("prometheus exited with an error")
        log.close()


def check_bad_address(app):
    """A malformed TELEGEN_METRICS_ADDR is reported, and the program still runs."""
    env = dict(os.environ, TELEGEN_METRICS_ADDR="localhost")
    process = subprocess.Popen([app], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    if process.stdout.readline().strip() != "ready":
        fail("app did not start with a malformed address")
    stop(process, "app")
    message = process.stderr.read()
    expected = "telegen: metrics address 'localhost' has no port"
    if expected not in message or "TELEGEN_METRICS_ADDR" not in message:
        fail("expected %r on stderr, got %r" % (expected, message))


def main():
    app, prometheus, promtool = sys.argv[1:4]
    with tempfile.TemporaryDirectory(prefix="telegen-e2e-") as workdir:
        app_port = free_port()
        env = dict(os.environ, TELEGEN_METRICS_ADDR="127.0.0.1:%d" % app_port)
        process = subprocess.Popen([app], env=env, stdout=subprocess.DEVNULL)
        try:
            metrics_url = "http://127.0.0.1:%d/metrics" % app_port
            poll("the app's /metrics", lambda: http_get(metrics_url))
            check_exposition(metrics_url, promtool)
            check_prometheus(prometheus, app_port, workdir)
        finally:
            code = stop(process, "app")
        if code != 0:
            fail("app exited with %d after SIGTERM" % code)
    check_bad_address(app)
    print("ok: promtool clean, OpenMetrics parsed, Prometheus scraped and answered PromQL")


if __name__ == "__main__":
    main()
