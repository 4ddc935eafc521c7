#!/usr/bin/env python3
"""A strict OTLP/HTTP JSON trace receiver for end-to-end tests.

A real OpenTelemetry Collector cannot run here, so this stands in for one:
it speaks OTLP/HTTP (POST /v1/traces, Content-Type application/json, gzip
Content-Encoding, ExportTraceServiceResponse on success, a Status message
and 400 on bad data) and checks every payload strictly against the OTLP
JSON mapping of opentelemetry/proto/trace/v1/trace.proto: lowerCamelCase
field names only (unknown or snake_case keys are errors here, where a
production receiver would ignore them), hex trace and span ids, enums as
integers, 64-bit integers as decimal strings, a resource with service.name.

Each request is appended to --log as one JSON line: {"ok": true,
"request": <payload>} or {"ok": false, "errors": [...]}.

Modes: ok; slow (sleeps --delay seconds before answering); flaky (answers
503 with Retry-After: 0 to the first --failures requests).
The listening port is written to --port-file once the server listens.
"""

import argparse
import gzip
import json
import os
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
HEX16 = re.compile(r"^[0-9a-fA-F]{16}$")
DECIMAL = re.compile(r"^-?[0-9]+$")
UINT32_MAX = 2**32 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
UINT64_MAX = 2**64 - 1


class Checker:
    """Collects every violation of the OTLP JSON mapping in a payload."""

    def __init__(self):
        self.errors = []

    def fail(self, path, message):
        self.errors.append(f"{path}: {message}")

    def object(self, value, path, allowed):
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {type(value).__name__}")
            return {}
        for key in value:
            if key not in allowed:
                self.fail(path, f"unknown field {key!r} (OTLP JSON uses lowerCamelCase names: {sorted(allowed)})")
        return value

    def array(self, value, path):
        if not isinstance(value, list):
            self.fail(path, f"expected an array, got {type(value).__name__}")
            return []
        return value

    def string(self, value, path):
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {type(value).__name__}")
            return False
        return True

    def uint32(self, value, path):
        if type(value) is not int or not 0 <= value <= UINT32_MAX:
            self.fail(path, f"expected a uint32 number, got {value!r}")

    def enum(self, value, path, count):
        if type(value) is not int:
            self.fail(path, f"enums are integers in OTLP JSON, got {value!r}")
        elif not 0 <= value < count:
            self.fail(path, f"enum value {value} out of range")

    def fixed64(self, value, path):
        # proto3 JSON: 64-bit integers are decimal strings.
        if not isinstance(value, str) or not DECIMAL.match(value) or not 0 <= int(value) <= UINT64_MAX:
            self.fail(path, f"expected a fixed64 as a decimal string, got {value!r}")
            return None
        return int(value)

    def hex_id(self, value, path, pattern, what):
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(path, f"expected {what} as hex, got {value!r}")
        elif int(value, 16) == 0:
            self.fail(path, f"{what} is all zeros")

    def any_value(self, value, path):
        fields = {
            "stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue",
        }
        value = self.object(value, path, fields)
        if len(value) > 1:
            self.fail(path, f"an AnyValue holds one value, got {sorted(value)}")
        for key, v in value.items():
            p = f"{path}.{key}"
            if key == "stringValue":
                self.string(v, p)
            elif key == "boolValue" and not isinstance(v, bool):
                self.fail(p, f"expected a bool, got {v!r}")
            elif key == "intValue":
                if not isinstance(v, str) or not DECIMAL.match(v) or not INT64_MIN <= int(v) <= INT64_MAX:
                    self.fail(p, f"expected an int64 as a decimal string, got {v!r}")
            elif key == "doubleValue":
                if not (type(v) in (int, float) or v in ("NaN", "Infinity", "-Infinity")):
                    self.fail(p, f"expected a double, got {v!r}")
            elif key == "arrayValue":
                for i, item in enumerate(self.array(self.object(v, p, {"values"}).get("values", []), p)):
                    self.any_value(item, f"{p}.values[{i}]")
            elif key == "kvlistValue":
                self.attributes(self.object(v, p, {"values"}).get("values", []), f"{p}.values")

    def attributes(self, value, path):
        seen = set()
        for i, kv in enumerate(self.array(value, path)):
            p = f"{path}[{i}]"
            kv = self.object(kv, p, {"key", "value"})
            if "key" not in kv or not self.string(kv["key"], f"{p}.key"):
                self.fail(p, "a KeyValue needs a string key")
                continue
            if kv["key"] in seen:
                self.fail(p, f"duplicate attribute key {kv['key']!r}")
            seen.add(kv["key"])
            if "value" in kv:
                self.any_value(kv["value"], f"{p}.value")

    def span(self, span, path):
        span = self.object(span, path, {
            "traceId", "spanId", "traceState", "parentSpanId", "flags", "name", "kind", "startTimeUnixNano",
            "endTimeUnixNano", "attributes", "droppedAttributesCount", "events", "droppedEventsCount", "links",
            "droppedLinksCount", "status",
        })
        for required in ("traceId", "spanId", "name", "startTimeUnixNano", "endTimeUnixNano"):
            if required not in span:
                self.fail(path, f"missing {required}")
        self.hex_id(span.get("traceId"), f"{path}.traceId", HEX32, "a 16-byte trace id")
        self.hex_id(span.get("spanId"), f"{path}.spanId", HEX16, "an 8-byte span id")
        if span.get("parentSpanId", "") != "":
            self.hex_id(span["parentSpanId"], f"{path}.parentSpanId", HEX16, "an 8-byte span id")
        if "traceState" in span:
            self.string(span["traceState"], f"{path}.traceState")
        if "flags" in span:
            self.uint32(span["flags"], f"{path}.flags")
        if self.string(span.get("name"), f"{path}.name") and not span["name"]:
            self.fail(f"{path}.name", "empty span name")
        if "kind" in span:
            self.enum(span["kind"], f"{path}.kind", 6)
        start = self.fixed64(span.get("startTimeUnixNano"), f"{path}.startTimeUnixNano")
        end = self.fixed64(span.get("endTimeUnixNano"), f"{path}.endTimeUnixNano")
        if start is not None and end is not None and end < start:
            self.fail(path, "ends before it starts")
        self.attributes(span.get("attributes", []), f"{path}.attributes")
        for counter in ("droppedAttributesCount", "droppedEventsCount", "droppedLinksCount"):
            if counter in span:
                self.uint32(span[counter], f"{path}.{counter}")
        for i, event in enumerate(self.array(span.get("events", []), f"{path}.events")):
            p = f"{path}.events[{i}]"
            event = self.object(event, p, {"timeUnixNano", "name", "attributes", "droppedAttributesCount"})
            self.fixed64(event.get("timeUnixNano"), f"{p}.timeUnixNano")
            self.string(event.get("name"), f"{p}.name")
            self.attributes(event.get("attributes", []), f"{p}.attributes")
        for i, link in enumerate(self.array(span.get("links", []), f"{path}.links")):
            p = f"{path}.links[{i}]"
            link = self.object(link, p, {"traceId", "spanId", "traceState", "attributes",
                                         "droppedAttributesCount", "flags"})
            self.hex_id(link.get("traceId"), f"{p}.traceId", HEX32, "a 16-byte trace id")
            self.hex_id(link.get("spanId"), f"{p}.spanId", HEX16, "an 8-byte span id")
            if "flags" in link:
                self.uint32(link["flags"], f"{p}.flags")
        if "status" in span:
            status = self.object(span["status"], f"{path}.status", {"message", "code"})
            if "message" in status:
                self.string(status["message"], f"{path}.status.message")
            if "code" in status:
                self.enum(status["code"], f"{path}.status.code", 3)

    def request(self, payload):
        payload = self.object(payload, "request", {"resourceSpans"})
        for i, rs in enumerate(self.array(payload.get("resourceSpans", []), "resourceSpans")):
            p = f"resourceSpans[{i}]"
            rs = self.object(rs, p, {"resource", "scopeSpans", "schemaUrl"})
            resource = self.object(rs.get("resource", {}), f"{p}.resource",
                                   {"attributes", "droppedAttributesCount", "entityRefs"})
            self.attributes(resource.get("attributes", []), f"{p}.resource.attributes")
            names = [kv.get("value", {}).get("stringValue") for kv in resource.get("attributes", [])
                     if isinstance(kv, dict) and kv.get("key") == "service.name"]
            if len(names) != 1 or not names[0]:
                self.fail(f"{p}.resource", "needs one non-empty service.name string attribute")
            for j, ss in enumerate(self.array(rs.get("scopeSpans", []), f"{p}.scopeSpans")):
                q = f"{p}.scopeSpans[{j}]"
                ss = self.object(ss, q, {"scope", "spans", "schemaUrl"})
                scope = self.object(ss.get("scope", {}), f"{q}.scope",
                                    {"name", "version", "attributes", "droppedAttributesCount"})
                self.string(scope.get("name", ""), f"{q}.scope.name")
                for k, span in enumerate(self.array(ss.get("spans", []), f"{q}.spans")):
                    self.span(span, f"{q}.spans[{k}]")
        return self.errors


def reject_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"duplicate keys {sorted(duplicates)}")
    return dict(pairs)


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def record(self, entry):
        with self.server.lock:
            self.server.log.write(json.dumps(entry) + "\n")
            self.server.log.flush()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with self.server.lock:
            self.server.count += 1
            number = self.server.count
        options = self.server.options
        if options.mode == "slow":
            time.sleep(options.delay)
        if options.mode == "flaky" and number <= options.failures:
            self.record({"ok": False, "retryable": True, "errors": ["answered 503 on purpose"]})
            self.reply(503, {"message": "try again"}, [("Retry-After", "0")])
            return
        errors = []
        if self.path != "/v1/traces":
            errors.append(f"path {self.path!r}, expected /v1/traces")
        if self.headers.get("Content-Type") != "application/json":
            errors.append(f"Content-Type {self.headers.get('Content-Type')!r}, expected application/json")
        payload = None
        try:
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            payload = json.loads(body, object_pairs_hook=reject_duplicate_keys)
        except (OSError, ValueError) as error:
            errors.append(f"body is not valid (gzip) JSON: {error}")
        if payload is not None:
            errors += Checker().request(payload)
        if errors:
            self.record({"ok": False, "errors": errors})
            self.reply(400, {"message": "; ".join(errors[:5])})
            return
        self.record({"ok": True, "gzip": self.headers.get("Content-Encoding") == "gzip", "request": payload})
        self.reply(200, {})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--mode", choices=["ok", "slow", "flaky"], default="ok")
    parser.add_argument("--delay", type=float, default=5.0)
    parser.add_argument("--failures", type=int, default=2)
    options = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    server.options = options
    server.lock = threading.Lock()
    server.count = 0
    server.log = open(options.log, "a", encoding="utf-8")
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    with open(options.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    # Renamed into place so a reader never sees a partial port number.
    os.replace(options.port_file + ".tmp", options.port_file)
    server.serve_forever()
    server.log.close()


if __name__ == "__main__":
    sys.exit(main())
