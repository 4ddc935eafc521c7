"""What the OTLP end-to-end scripts share: the strict receiver
(otlp_receiver.py) run as a process, the test program run against it, and
reading what the receiver took."""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

from e2e_support import Failure, check


class Receiver:
    """otlp_receiver.py on a free loopback port, with `options`."""

    def __init__(self, script, work, *options):
        self.port_file = os.path.join(work, "port")
        self.log = os.path.join(work, "received.jsonl")
        for path in (self.port_file, self.log):
            if os.path.exists(path):
                os.remove(path)
        self.process = subprocess.Popen(
            [sys.executable, script, "--port-file", self.port_file, "--log", self.log, *options])
        deadline = time.monotonic() + 10
        while not os.path.exists(self.port_file):
            check(self.process.poll() is None, "the receiver exited early")
            check(time.monotonic() < deadline, "the receiver did not start listening within 10 s")
            time.sleep(0.02)
        with open(self.port_file) as f:
            self.port = int(f.read())

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def entries(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [json.loads(line) for line in f]


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_app(app, work, port, *args, extra_env=None, timeout=60, scheme="http"):
    """Runs the test program against the receiver on `port`; a failure to exit 0 fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "TELEGEN_"))}
    env.update({
        "OTEL_SERVICE_NAME": "e2e-orders",
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"{scheme}://127.0.0.1:{port}",
        "OTEL_BSP_SCHEDULE_DELAY": "200",
        "TELEGEN_LOG_FILE": os.path.join(work, "system.jsonl"),
        "TELEGEN_TRACES_FILE": os.path.join(work, "traces.jsonl"),
        # The program records its one handler's spans as fast as it can and
        # these tests count every one: its site's rate limit stays off.
        "TELEGEN_TRACES_SITE_RATE_LIMIT": "0",
    })
    env.update(extra_env or {})
    started = time.monotonic()
    result = subprocess.run([app, *args], env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.monotonic() - started
    check(result.returncode == 0,
          f"{app} {' '.join(args)} exited with {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result, elapsed


def accepted(entries, path):
    """The requests to `path` the receiver took; fails if it refused any as invalid."""
    bad = [e["errors"] for e in entries if not e["ok"] and not e.get("retryable")]
    check(not bad, "the receiver rejected payloads:\n" + "\n".join(json.dumps(b, indent=1) for b in bad))
    return [e for e in entries if e["ok"] and e["path"] == path]


def spans_of(entries):
    """Every span received, each with its resource's service.name as "service"."""
    spans = []
    for entry in accepted(entries, "/v1/traces"):
        for rs in entry["request"]["resourceSpans"]:
            service = [a["value"]["stringValue"] for a in rs["resource"]["attributes"] if a["key"] == "service.name"]
            for ss in rs.get("scopeSpans", []):
                for span in ss.get("spans", []):
                    span["service"] = service[0]
                    spans.append(span)
    return spans


# The runtime's own records (logger "telegen"), written besides the app's.
LIFECYCLE_EVENTS = ["service_started", "configuration_loaded", "service_stopped"]


def app_log_lines(work):
    """The app's records in work/system.jsonl, without the runtime's lifecycle records."""
    with open(os.path.join(work, "system.jsonl")) as f:
        records = [json.loads(line) for line in f]
    return [r for r in records if r["logger"] != "telegen"]


def log_records_of(entries):
    """Every log record received, each with its scope's name as "logger"."""
    records = []
    for entry in accepted(entries, "/v1/logs"):
        for rl in entry["request"]["resourceLogs"]:
            for sl in rl.get("scopeLogs", []):
                for record in sl.get("logRecords", []):
                    record["logger"] = sl["scope"]["name"]
                    records.append(record)
    return records


def main(description, cases):
    """Runs the case named on the command line: CASE --app --receiver --work."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", choices=sorted(cases))
    parser.add_argument("--app", required=True)
    parser.add_argument("--receiver", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    try:
        cases[args.case](args, args.work)
    except (Failure, subprocess.TimeoutExpired) as failure:
        print(f"FAIL {args.case}: {failure}", file=sys.stderr)
        return 1
    print(f"PASS {args.case}")
    return 0
