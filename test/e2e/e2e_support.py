"""What the end-to-end test scripts share: failing with a message, running
a command, and reading spans from OTLP JSON lines files."""

import glob
import json
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
