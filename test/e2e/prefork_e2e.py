"""End to end: the pre-forked example (examples/prefork) with 4 workers on
one port, whose processes share their metrics, under a bounded load of a
known number of requests; one worker is killed (SIGKILL) between the two
halves of the load and started again by the supervisor while the second
half runs.

  - a real Prometheus scraping the port sees http_requests_total of /work,
    summed over the workers, equal to the requests sent, exactly, and it
    never decreases (no reset in its samples); the test's own scrapes during
    the load never see it go down either;
  - promtool finds the exposition clean;
  - the process metrics are there for the supervisor and each running
    worker (not the killed one) and plausible; their open fds rise by the
    connections the test opens.

Usage: prefork_e2e.py --bin PREFORK --prometheus PROMETHEUS --promtool PROMTOOL --work DIR
Everything listens on 127.0.0.1 on free ports and is stopped at the end;
every wait is a bounded poll.
"""
import argparse
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse

from prometheus_client.parser import text_string_to_metric_families

from e2e_support import Failure, check
from prometheus_scrape_test import free_port, http_get, poll

WORKERS = 4
REQUESTS = 1000  # per half of the load
CLIENTS = 4      # concurrent clients of the load
IDLE_CONNECTIONS = 8


def samples(text):
    """{(name, frozenset(labels)): value} of an exposition, read by the
    Prometheus Python client's parser."""
    found = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            found[(s.name, frozenset(s.labels.items()))] = s.value
    return found


def total(found, name, **labels):
    """The sum of the samples of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, l), v in found.items() if n == name and wanted <= l)


def by_pid(found, name):
    return {dict(l)["pid"]: v for (n, l), v in found.items() if n == name}


class Service:
    """The supervisor and its workers, as it reports them on stdout."""

    def __init__(self, binary, port, metrics_dir, log):
        env = dict(os.environ, OTEL_TRACES_EXPORTER="none", TELEGEN_LOG_FILE="")
        env.pop("TELEGEN_METRICS_MULTIPROCESS_DIR", None)
        self.process = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:%d" % port, "--workers", str(WORKERS),
             "--metrics-dir", metrics_dir],
            stdout=subprocess.PIPE, stderr=log, text=True, env=env)
        self.started = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.workers = [self.next_worker() for _ in range(WORKERS)]

    def _read(self):
        for line in self.process.stdout:
            if line.startswith("worker "):
                self.started.put(line.split()[1])

    def next_worker(self):
        try:
            return self.started.get(timeout=30)
        except queue.Empty:
            raise Failure("the supervisor started no worker within 30 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise Failure("prefork did not stop within 15 s of SIGTERM")


def send_load(base, count):
    """`count` GET /work requests from CLIENTS threads, each on a new
    connection; every one must be answered 200."""
    errors = []

    def client(n):
        for _ in range(n):
            try:
                http_get(base + "/work?size=200")  # raises for a status other than 2xx
            except (OSError, urllib.error.URLError) as error:
                errors.append(str(error))

    threads = [threading.Thread(target=client, args=(count // CLIENTS,)) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check(not errors, "requests failed: %s" % errors[:3])


class Watcher:
    """Scrapes /metrics every 10 ms while the load runs: the sum of /work
    requests must never go down, whichever worker answers."""

    def __init__(self, base):
        self.base = base
        self.seen = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        while not self.stopped.is_set():
            try:
                _, text = http_get(self.base + "/metrics")
                self.seen.append(total(samples(text), "http_requests_total", route="/work"))
            except (OSError, urllib.error.URLError):
                pass  # the worker that answered was the one killed
            time.sleep(0.01)

    def stop(self):
        self.stopped.set()
        self.thread.join()
        check(len(self.seen) >= 5, "only %d scrapes during the load" % len(self.seen))
        for before, after in zip(self.seen, self.seen[1:]):
            check(after >= before, "http_requests_total went down from %r to %r: %r"
                  % (before, after, self.seen))


class Prometheus:
    def __init__(self, binary, target_port, work):
        self.port = free_port()
        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as out:
            out.write("global:\n  scrape_interval: 500ms\n  scrape_timeout: 400ms\n"
                      "scrape_configs:\n  - job_name: prefork\n    static_configs:\n"
                      "      - targets: ['127.0.0.1:%d']\n" % target_port)
        self.log = open(os.path.join(work, "prometheus.log"), "w")
        self.process = subprocess.Popen(
            [binary, "--config.file=" + config, "--storage.tsdb.path=" + os.path.join(work, "tsdb"),
             "--web.listen-address=127.0.0.1:%d" % self.port, "--log.level=warn"],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.api = "http://127.0.0.1:%d/api/v1/" % self.port

    def query(self, promql):
        _, body = http_get(self.api + "query?" + urllib.parse.urlencode({"query": promql}))
        return json.loads(body)["data"]["result"]

    def query_range(self, promql, start, end):
        _, body = http_get(self.api + "query_range?" + urllib.parse.urlencode(
            {"query": promql, "start": start, "end": end, "step": "0.5"}))
        return json.loads(body)["data"]["result"]

    def value(self, promql):
        result = self.query(promql)
        return float(result[0]["value"][1]) if result else None

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        finally:
            self.log.close()


def check_prometheus(prometheus, expected, start):
    def scraped_all():
        return prometheus.value('sum(http_requests_total{route="/work"})') == expected
    poll("Prometheus to see %d requests" % expected, scraped_all)
    # A step past the last sample, which may be newer than a step at "now".
    end = time.time() + 1
    check(prometheus.value('sum(resets(http_requests_total{route="/work"}[5m]))') == 0,
          "Prometheus saw http_requests_total reset")
    series = prometheus.query_range('sum(http_requests_total{route="/work"})', start, end)
    values = [float(v) for _, v in series[0]["values"]]
    check(values == sorted(values), "Prometheus saw the sum go down: %r" % values)
    check(values[0] < values[-1], "Prometheus saw no request counted: %r" % values)
    check(prometheus.value("worker_restarts_total") == 1,
          "worker_restarts_total (the supervisor's) is not 1")
    check(prometheus.value('count(up{job="prefork"} == 1)') == 1, "the target is not up")


def check_process_metrics(base, service, killed, start):
    _, text = http_get(base + "/metrics")
    found = samples(text)
    pids = {str(service.process.pid), *service.workers}
    for name in ("process_cpu_seconds_total", "process_resident_memory_bytes",
                 "process_virtual_memory_bytes", "process_open_fds", "process_max_fds",
                 "process_start_time_seconds", "process_threads", "process_uptime_seconds"):
        values = by_pid(found, name)
        check(set(values) == pids, "%s is for pids %s, not the running %s (killed: %s)"
              % (name, sorted(values), sorted(pids), killed))
        check(all(v >= 0 for v in values.values()), "%s has a negative value" % name)
    resident = by_pid(found, "process_resident_memory_bytes")
    check(all(v > 1 << 20 for v in resident.values()), "resident memory under 1 MiB: %r" % resident)
    started = by_pid(found, "process_start_time_seconds")
    check(all(start - 60 < v <= time.time() for v in started.values()),
          "start times outside the test: %r" % started)
    threads = by_pid(found, "process_threads")
    check(all(threads[pid] >= 2 for pid in service.workers), "workers with one thread: %r" % threads)
    open_fds, max_fds = by_pid(found, "process_open_fds"), by_pid(found, "process_max_fds")
    check(all(0 < open_fds[p] < max_fds[p] for p in pids), "open fds %r, max %r" % (open_fds, max_fds))
    check(total(found, "telegen_build_info", service_name="prefork") == 1, "no telegen_build_info")

    # Connections the test opens and leaves idle are open files of the
    # workers that accept them.
    before = total(found, "process_open_fds")
    connections = [socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])))
                   for _ in range(IDLE_CONNECTIONS)]
    try:
        def risen():
            return total(samples(http_get(base + "/metrics")[1]), "process_open_fds") \
                >= before + IDLE_CONNECTIONS
        poll("process_open_fds to rise by %d" % IDLE_CONNECTIONS, risen)
    finally:
        for connection in connections:
            connection.close()


def check_promtool(base, promtool):
    _, text = http_get(base + "/metrics")
    lint = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                          text=True, timeout=30)
    check(lint.returncode == 0 and not lint.stdout.strip() and not lint.stderr.strip(),
          "promtool check metrics found problems:\n" + lint.stdout + lint.stderr)


def main():
    parser = argparse.ArgumentParser()
    for option in ("--bin", "--prometheus", "--promtool", "--work"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    start = time.time()
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    with open(os.path.join(args.work, "prefork.log"), "w") as log:
        service = Service(args.bin, port, os.path.join(args.work, "metrics"), log)
        prometheus = None
        try:
            poll("the workers' /metrics", lambda: http_get(base + "/metrics"))
            prometheus = Prometheus(args.prometheus, port, args.work)
            poll("Prometheus to scrape the service", lambda: prometheus.value('up{job="prefork"}') == 1)

            watcher = Watcher(base)
            send_load(base, REQUESTS)
            # Killed between the halves, so no request of the load is half
            # served by it; the supervisor has reaped it when it reports the
            # worker it starts instead, which the second half finds starting.
            killed = service.workers.pop(0)
            os.kill(int(killed), signal.SIGKILL)
            service.workers.append(service.next_worker())
            send_load(base, REQUESTS)
            watcher.stop()

            _, text = http_get(base + "/metrics")
            found = samples(text)
            check(total(found, "http_requests_total", route="/work") == 2 * REQUESTS,
                  "/metrics counts %r requests, %d were sent"
                  % (total(found, "http_requests_total", route="/work"), 2 * REQUESTS))
            check(total(found, "http_request_duration_seconds_count", route="/work") == 2 * REQUESTS,
                  "the duration histogram counts another number of requests")
            check(total(found, "http_requests_in_flight") == 0, "requests still in flight")
            check_prometheus(prometheus, 2 * REQUESTS, start)
            prometheus.stop()
            prometheus = None
            check_promtool(base, args.promtool)
            check_process_metrics(base, service, killed, start)
        finally:
            if prometheus:
                prometheus.stop()
            code = service.stop()
    check(code == 0, "prefork exited with %d after SIGTERM" % code)
    print("ok: %d requests over %d workers, one killed and started again: counted exactly, "
          "never down; promtool clean; process metrics per pid" % (2 * REQUESTS, WORKERS))


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        print("FAIL: %s" % failure, file=sys.stderr)
        sys.exit(1)
