#!/usr/bin/env python3
"""Drops are never silent, end to end: a program records spans while the
OTLP receiver it exports to takes connections and never answers, so its
span queue overflows and its exports fail. At shutdown the program must
say so: in a `telemetry_dropped` record in its log file, or, with no log
file, in a stderr line; and the counts must be the ones it lost. The
program returns from main() without shutting down: exit() does it.

Usage: drop_report_test.py --app PATH --work DIR
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from e2e_support import Failure, check  # noqa: E402

SPANS = 200000


def run_app(app, work, log_file, listener, site_rate_limit="0"):
    port = listener.getsockname()[1]
    env = dict(os.environ,
               OTEL_TRACES_EXPORTER="otlp",
               OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://127.0.0.1:{}/v1/traces".format(port),
               OTEL_EXPORTER_OTLP_TIMEOUT="1000",
               OTEL_BSP_MAX_QUEUE_SIZE="256",
               OTEL_BSP_MAX_EXPORT_BATCH_SIZE="256",
               TELEGEN_TRACES_SITE_RATE_LIMIT=site_rate_limit,
               TELEGEN_LOG_FILE=log_file)
    result = subprocess.run([app, str(SPANS)], capture_output=True, text=True, env=env,
                            cwd=work, timeout=60)
    check(result.returncode == 0, "the app failed ({}): {}".format(result.returncode,
                                                                  result.stderr))
    return result.stderr


def drop_lines(stderr):
    return [line for line in stderr.splitlines() if line.startswith("telegen: dropped ")]


def count(summary, reason):
    found = re.search(r"(\d+): " + reason, summary)
    return int(found.group(1)) if found else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    # Takes connections (the kernel completes them into the backlog) and
    # never reads or answers: each export waits for its timeout.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    try:
        # No log file: the summaries go to stderr, the last at shutdown;
        # any before it while dropping, at most one per 10 s.
        stderr = run_app(args.app, args.work, "", listener)
        lines = drop_lines(stderr)
        check(lines and "in this process's life" in lines[-1] and
              all(" so far" in line for line in lines[:-1]) and len(lines) <= 3,
              "drop lines on stderr while dropping and at shutdown, got:\n" + stderr)
        queue_full = count(lines[-1], "queue full")
        failed = count(lines[-1], "export failed")
        check(queue_full > 0 and " spans (" in lines[-1],
              "spans dropped to a full queue: " + lines[-1])
        # The spans that left the queue were lost to the receiver; those
        # of the last export, after the log writer stopped, on a line of
        # their own.
        late = [line for line in stderr.splitlines() if line.startswith("telegen: at shutdown, ")]
        failed_total = max([failed] + [count(line, "export failed") for line in late])
        check(queue_full + failed_total == SPANS,
              "every span is dropped or failed, and counted: {} + {} of {}\n{}".format(
                  queue_full, failed_total, SPANS, stderr))

        # A log file: the record there, nothing on stderr but the late line.
        log_file = os.path.join(args.work, "system.jsonl")
        if os.path.exists(log_file):
            os.remove(log_file)
        stderr = run_app(args.app, args.work, log_file, listener)
        check(not drop_lines(stderr), "no drop line on stderr with a log file:\n" + stderr)
        with open(log_file) as f:
            records = [json.loads(line) for line in f]
        drops = [r for r in records if r.get("event") == "telemetry_dropped"]
        check(drops and drops[-1]["at_shutdown"] is True,
              "a telemetry_dropped record at shutdown: {}".format(drops))
        last = drops[-1]
        check(last["level"] == "WARNING" and last["logger"] == "telegen", str(last))
        check(last["spans_queue_full"] > 0 and last["spans_queue_full"] <= SPANS, str(last))
        check(all(not d["at_shutdown"] for d in drops[:-1]),
              "records before the last are the periodic ones: {}".format(drops))
        # The site's rate limit (the default, 1,000 a second) samples most
        # spans out on purpose: said beside the losses, and not a loss.
        # (Its few recorded spans fit in the queue: only their export fails,
        # which the line after the last export says.)
        stderr = run_app(args.app, args.work, "", listener, site_rate_limit="1000")
        sampled_out = re.search(r"on purpose, (\d+) spans sampled out at sites", stderr)
        check(sampled_out and int(sampled_out.group(1)) >= SPANS // 2,
              "spans sampled out at the site, on purpose:\n" + stderr)

        print("without a log file: {}\nwith one: {} records, the last: {}".format(
            lines[-1], len(drops), last["summary"]))
    except Failure as failure:
        print("FAIL: {}".format(failure), file=sys.stderr)
        return 1
    finally:
        listener.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
