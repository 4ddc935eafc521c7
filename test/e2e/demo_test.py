#!/usr/bin/env python3
"""The README's first command, as a user sees it: scripts/demo.sh on the
build the suite already made (TELEGEN_DEMO_PRESET=dev). Its build is quiet
(one line, no build tool output), and it prints each part the README shows:
a trace across the two services, the metrics, the resilience events, the
alerts a real Prometheus fired from the generated rules, and the operations
outputs.

Usage: demo_test.py --source DIR
"""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import Failure, check  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    args = parser.parse_args()
    env = dict(os.environ, TELEGEN_DEMO_PRESET="dev", TELEGEN_DEMO_REQUESTS="120")
    try:
        result = subprocess.run([os.path.join(args.source, "scripts", "demo.sh")], env=env,
                                capture_output=True, text=True, timeout=600)
        output = result.stdout + result.stderr
        check(result.returncode == 0, "the demo succeeds:\n" + output[-5000:])
        lines = output.splitlines()
        check(lines[0].startswith("== Building telegen and the orders example"),
              "the build is announced first: " + lines[0])
        check(not any(re.match(r"\[\d+/\d+\]|-- |ninja: ", line) for line in lines),
              "no build tool output:\n" + output[:3000])
        sections = [line for line in lines if line.startswith("== ")]
        for title in ("A trace", "Metrics", "Resilience events", "Alerts that fired",
                      "Generated from the same schema"):
            check(any(s.startswith("== " + title) for s in sections),
                  "a section '{}':\n{}".format(title, "\n".join(sections)))
        check(re.search(r"POST /orders +orders +server", output) and "payments.charge" in output
              and re.search(r"POST /charges +payments +server", output),
              "the trace crosses orders and payments:\n" + output)
        check(re.search(r'http_requests_total\{.*status_class="5xx".*\} \d+', output),
              "the metrics show the failed requests:\n" + output)
        check(re.search(r"\d+ x circuit_breaker_opened", output), "the breaker opened:\n" + output)
        check(re.search(r"critical +CircuitBreakerOpen +payments", output),
              "Prometheus fired the breaker alert:\n" + output)
        check(re.search(r"alert rules +\S+telemetry\.rules\.yml", output),
              "the generated rules are named:\n" + output)
    except Failure as failure:
        print("FAIL: {}".format(failure), file=sys.stderr)
        return 1
    print("the demo's output is as the README shows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
