#!/usr/bin/env python3
"""Runs `telegen live-check`, posts OTLP payloads to it, stops it with
SIGTERM and passes on its output and exit code, for the lit tests.

    otlp_post.py --telegen T --proto-python DIR --encoding protobuf|json \
        [--post /v1/traces=FILE.json]... [--raw /v1/logs=FILE]... \
        -- <live-check options>

--post files are OTLP JSON export requests. With --encoding protobuf they
are converted by the protobuf library's own JSON parser into the request
message (hex trace and span ids turned into bytes first, as the OTLP JSON
mapping differs from proto3's there) and sent serialized: an encoder that
shares nothing with telegen. --raw files are sent as they are, as protobuf. --mutate files are sent
first, as protobuf cut at every length and with seeded random bytes
replaced, and as JSON cut at every length; the answers are tallied:
"mutations of /v1/traces: 200=12 400=388".
--gzip sends every body gzip-compressed, with Content-Encoding: gzip.
Each answer's status is printed: "POST /v1/traces json: 200".
"""
import argparse
import base64
import collections
import gzip
import json
import random
import signal
import subprocess
import sys
import urllib.error
import urllib.request

REQUESTS = {
    "/v1/traces": ("opentelemetry.proto.collector.trace.v1.trace_service_pb2",
                   "ExportTraceServiceRequest"),
    "/v1/logs": ("opentelemetry.proto.collector.logs.v1.logs_service_pb2",
                 "ExportLogsServiceRequest"),
    "/v1/metrics": ("opentelemetry.proto.collector.metrics.v1.metrics_service_pb2",
                    "ExportMetricsServiceRequest"),
}


def ids_to_base64(node):
    if isinstance(node, dict):
        return {k: (base64.b64encode(bytes.fromhex(v)).decode()
                    if k in ("traceId", "spanId", "parentSpanId") else ids_to_base64(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [ids_to_base64(v) for v in node]
    return node


def to_protobuf(path, text):
    import importlib
    from google.protobuf import json_format
    module, name = REQUESTS[path]
    message = getattr(importlib.import_module(module), name)()
    json_format.Parse(json.dumps(ids_to_base64(json.loads(text))), message)
    return message.SerializeToString()


COMPRESS = False


def post(port, path, body, content_type):
    headers = {"Content-Type": content_type}
    if COMPRESS:
        body = gzip.compress(body)
        headers["Content-Encoding"] = "gzip"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--telegen", required=True)
    parser.add_argument("--proto-python", required=True)
    parser.add_argument("--encoding", choices=["protobuf", "json"], required=True)
    parser.add_argument("--post", action="append", default=[])
    parser.add_argument("--raw", action="append", default=[])
    parser.add_argument("--mutate", action="append", default=[])
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    global COMPRESS
    COMPRESS = args.gzip
    sys.path.insert(0, args.proto_python)
    extra = args.rest[1:] if args.rest[:1] == ["--"] else args.rest

    checker = subprocess.Popen([args.telegen, "live-check", "--port", "0", *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = checker.stderr.readline()
    if "listening on http://" not in first:
        sys.stdout.write(first + checker.stderr.read())
        return checker.wait()
    port = int(first.split("http://", 1)[1].split(" ", 1)[0].rsplit(":", 1)[1])

    for spec in args.mutate:
        path, file = spec.split("=", 1)
        with open(file, encoding="utf-8") as f:
            text = f.read()
        encoded = to_protobuf(path, text)
        tally = collections.Counter()
        for end in range(len(encoded)):
            tally[post(port, path, encoded[:end], "application/x-protobuf")] += 1
        rng = random.Random(24)
        for _ in range(200):
            mutated = bytearray(encoded)
            for _ in range(rng.randint(1, 8)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
            tally[post(port, path, bytes(mutated), "application/x-protobuf")] += 1
        for end in range(0, len(text), 7):
            tally[post(port, path, text[:end].encode(), "application/json")] += 1
        print(f"mutations of {path}: " +
              " ".join(f"{code}={count}" for code, count in sorted(tally.items())))
    for spec in args.post:
        path, file = spec.split("=", 1)
        with open(file, encoding="utf-8") as f:
            text = f.read()
        if args.encoding == "json":
            status = post(port, path, text.encode(), "application/json")
        else:
            status = post(port, path, to_protobuf(path, text), "application/x-protobuf")
        print(f"POST {path} {args.encoding}: {status}")
    for spec in args.raw:
        path, file = spec.split("=", 1)
        with open(file, "rb") as f:
            status = post(port, path, f.read(), "application/x-protobuf")
        print(f"POST {path} raw: {status}")
    sys.stdout.flush()

    checker.send_signal(signal.SIGTERM)
    out, err = checker.communicate(timeout=30)
    sys.stdout.write(err + out)
    return checker.returncode


if __name__ == "__main__":
    sys.exit(main())
