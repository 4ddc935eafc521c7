"""What the end-to-end test scripts share: failing with a message, running
a command, and reading spans from OTLP JSON lines files."""

import glob
import json
import os
import subprocess


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(command, **kwargs):
    """Runs command; a non-zero exit fails with its output."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise Failure("command failed ({}): {}\n{}{}".format(
            result.returncode, " ".join(command), result.stdout, result.stderr))
    return result


def attributes(span):
    """A span's (or event's) attributes as {key: value}, values as OTLP JSON has them."""
    return {a["key"]: next(iter(a["value"].values()), None) for a in span.get("attributes", [])}


def load_spans(pattern):
    """Every span in the OTLP JSON lines files matching the glob pattern."""
    spans = []
    for path in sorted(glob.glob(pattern)):
        with open(path) as lines:
            for line in lines:
                for resource_spans in json.loads(line)["resourceSpans"]:
                    for scope_spans in resource_spans["scopeSpans"]:
                        spans.extend(scope_spans["spans"])
    return spans


def burst_env(work):
    """The environment of a program whose every span of a burst is checked:
    none of the caller's OTEL_/TELEGEN_ settings, spans and log to files in
    work, room for every span in the queue, and no site rate limit (the
    test checks context, not what a full queue or a hot site drops)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "TELEGEN_"))}
    env.update({"OTEL_TRACES_EXPORTER": "jsonl", "OTEL_BSP_MAX_QUEUE_SIZE": "65536",
                "TELEGEN_TRACES_SITE_RATE_LIMIT": "0",
                "TELEGEN_TRACES_FILE": os.path.join(work, "traces.jsonl"),
                "TELEGEN_LOG_FILE": os.path.join(work, "log.jsonl")})
    return env
