#!/usr/bin/env python3
"""A strict OTLP/HTTP receiver for end-to-end tests.

A real OpenTelemetry Collector cannot run here, so this stands in for one.
It speaks OTLP/HTTP as the Collector does: POST /v1/traces, /v1/logs and
/v1/metrics with Content-Type application/x-protobuf or application/json,
gzip Content-Encoding, an Export*ServiceResponse in the request's encoding
on success (possibly a partial success), a Status and 400 on bad data,
429/503 with Retry-After when told to, and https (with client certificates)
when given a certificate.

Every payload is decoded with Python's protobuf runtime against the OTLP
message definitions (test/otlp_proto, compiled by protoc; --proto-path or
$TELEGEN_OTLP_PROTO_PYTHON),
never with telegen's code, and checked strictly:
- protobuf: the whole body parses, and no field is unknown to the
  definitions;
- JSON: the OTLP JSON mapping (lowerCamelCase names only, enums as
  integers, 64-bit integers as decimal strings, trace and span ids as hex),
  then protobuf's JSON parser with unknown fields refused;
- content: one non-empty service.name, unique attribute keys, valid ids,
  spans that end after they start, known severities, cumulative sums and
  histograms whose buckets add up.

Each request is appended to --log as one JSON line: {"ok": true, "path": ...,
"protocol": "protobuf"|"json", "gzip": ..., "user_agent": ..., "time": ...,
"request": <the decoded request in the OTLP JSON mapping>} or {"ok": false,
"errors": [...]} (with "retryable": true when answered 429/503 on purpose).

Modes: ok; slow (sleeps --delay seconds before answering); flaky (answers
--status, 503 by default, with Retry-After: --retry-after to the first
--failures requests); partial (answers a partial success rejecting one item
to the first --failures requests); outage (after --outage-after accepted
requests, goes down for --outage-seconds: refuses connections and closes
open ones unanswered, then listens on the same port again).
The listening port is written to --port-file once the server listens.
"""

import argparse
import base64
import gzip
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HEX = re.compile(r"^[0-9a-f]*$")
DECIMAL = re.compile(r"^-?[0-9]+$")
ID_FIELDS = {"traceId": 16, "spanId": 8, "parentSpanId": 8}


def load_messages(proto_path):
    sys.path.insert(0, proto_path)
    from google.protobuf import json_format
    from opentelemetry.proto.collector.logs.v1 import logs_service_pb2
    from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
    return json_format, {
        "/v1/traces": (trace_service_pb2.ExportTraceServiceRequest, trace_service_pb2.ExportTraceServiceResponse,
                       "rejected_spans"),
        "/v1/logs": (logs_service_pb2.ExportLogsServiceRequest, logs_service_pb2.ExportLogsServiceResponse,
                     "rejected_log_records"),
        "/v1/metrics": (metrics_service_pb2.ExportMetricsServiceRequest,
                        metrics_service_pb2.ExportMetricsServiceResponse, "rejected_data_points"),
    }


def unknown_fields(message, path="request"):
    """Paths of the messages in `message` that carry fields the definitions do not know."""
    found = [path] if len(message.UnknownFields()) else []
    for field, value in message.ListFields():
        if field.type != field.TYPE_MESSAGE:
            continue
        items = value if field.label == field.LABEL_REPEATED else [value]
        for i, item in enumerate(items):
            found += unknown_fields(item, f"{path}.{field.name}[{i}]")
    return found


def check_json_mapping(value, descriptor, path, errors):
    """The OTLP JSON mapping's rules proto3 JSON parsing alone does not enforce."""
    if not isinstance(value, dict):
        errors.append(f"{path}: expected an object, got {type(value).__name__}")
        return
    by_json_name = {f.json_name: f for f in descriptor.fields}
    for key, item in value.items():
        field = by_json_name.get(key)
        if field is None:
            errors.append(f"{path}: unknown field {key!r} (OTLP JSON uses lowerCamelCase names)")
            continue
        items = item if field.label == field.LABEL_REPEATED and isinstance(item, list) else [item]
        for i, v in enumerate(items):
            p = f"{path}.{key}" + (f"[{i}]" if field.label == field.LABEL_REPEATED else "")
            if field.type == field.TYPE_MESSAGE:
                check_json_mapping(v, field.message_type, p, errors)
            elif field.type == field.TYPE_ENUM and type(v) is not int:
                errors.append(f"{p}: enums are integers in OTLP JSON, got {v!r}")
            elif field.cpp_type in (field.CPPTYPE_INT64, field.CPPTYPE_UINT64) and not (
                    isinstance(v, str) and DECIMAL.match(v)):
                errors.append(f"{p}: 64-bit integers are decimal strings, got {v!r}")
            elif field.type == field.TYPE_BYTES and key in ID_FIELDS and not (
                    isinstance(v, str) and HEX.match(v) and len(v) in (0, 2 * ID_FIELDS[key])):
                errors.append(f"{p}: ids are lowercase hex in OTLP JSON, got {v!r}")


def ids_to(value, convert):
    """`value` (a JSON-mapped message) with every trace and span id converted."""
    if isinstance(value, list):
        return [ids_to(v, convert) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: convert(k, v) if k in ID_FIELDS and isinstance(v, str) else ids_to(v, convert) for k, v in value.items()}


def hex_to_base64(_, value):
    return base64.b64encode(bytes.fromhex(value)).decode()


def base64_to_hex(_, value):
    return base64.b64decode(value).hex()


class ContentChecker:
    """What a collector would refuse or mis-store, on the decoded request."""

    def __init__(self):
        self.errors = []

    def attributes(self, attributes, path):
        keys = [kv.key for kv in attributes]
        for key in {k for k in keys if keys.count(k) > 1}:
            self.errors.append(f"{path}: duplicate attribute key {key!r}")
        for kv in attributes:
            if not kv.key:
                self.errors.append(f"{path}: empty attribute key")

    def resource(self, resource, path):
        self.attributes(resource.attributes, f"{path}.attributes")
        names = [kv.value.string_value for kv in resource.attributes if kv.key == "service.name"]
        if len(names) != 1 or not names[0]:
            self.errors.append(f"{path}: needs one non-empty service.name string attribute")

    def ids(self, message, path, required):
        for name, size in (("trace_id", 16), ("span_id", 8)):
            value = getattr(message, name)
            if (value or required) and (len(value) != size or not any(value)):
                self.errors.append(f"{path}.{name}: expected {size} bytes, not all zero, got {value.hex()!r}")

    def traces(self, request):
        for i, rs in enumerate(request.resource_spans):
            self.resource(rs.resource, f"resourceSpans[{i}].resource")
            for j, ss in enumerate(rs.scope_spans):
                for k, span in enumerate(ss.spans):
                    p = f"resourceSpans[{i}].scopeSpans[{j}].spans[{k}]"
                    self.ids(span, p, required=True)
                    if span.parent_span_id and len(span.parent_span_id) != 8:
                        self.errors.append(f"{p}.parentSpanId: expected 8 bytes")
                    if not span.name:
                        self.errors.append(f"{p}: empty span name")
                    if span.end_time_unix_nano < span.start_time_unix_nano or not span.start_time_unix_nano:
                        self.errors.append(f"{p}: bad start/end times")
                    self.attributes(span.attributes, f"{p}.attributes")
                    for e, event in enumerate(span.events):
                        self.attributes(event.attributes, f"{p}.events[{e}].attributes")

    def logs(self, request):
        for i, rl in enumerate(request.resource_logs):
            self.resource(rl.resource, f"resourceLogs[{i}].resource")
            for j, sl in enumerate(rl.scope_logs):
                for k, record in enumerate(sl.log_records):
                    p = f"resourceLogs[{i}].scopeLogs[{j}].logRecords[{k}]"
                    self.ids(record, p, required=False)
                    if not record.time_unix_nano or not record.observed_time_unix_nano:
                        self.errors.append(f"{p}: no time")
                    if not 1 <= record.severity_number <= 24 or not record.severity_text:
                        self.errors.append(f"{p}: no severity")
                    self.attributes(record.attributes, f"{p}.attributes")

    def metrics(self, request):
        for i, rm in enumerate(request.resource_metrics):
            self.resource(rm.resource, f"resourceMetrics[{i}].resource")
            for j, sm in enumerate(rm.scope_metrics):
                for k, metric in enumerate(sm.metrics):
                    p = f"resourceMetrics[{i}].scopeMetrics[{j}].metrics[{k}]"
                    kind = metric.WhichOneof("data")
                    if kind is None:
                        self.errors.append(f"{p}: no data")
                        continue
                    data = getattr(metric, kind)
                    if kind != "gauge" and data.aggregation_temporality != 2:
                        self.errors.append(f"{p}: not cumulative")
                    if kind == "sum" and not data.is_monotonic:
                        self.errors.append(f"{p}: a counter is a monotonic sum")
                    for n, point in enumerate(data.data_points):
                        q = f"{p}.{kind}.dataPoints[{n}]"
                        self.attributes(point.attributes, f"{q}.attributes")
                        if not point.time_unix_nano or point.start_time_unix_nano > point.time_unix_nano:
                            self.errors.append(f"{q}: bad start/time")
                        if kind == "histogram" and (
                                len(point.bucket_counts) != len(point.explicit_bounds) + 1
                                or sum(point.bucket_counts) != point.count):
                            self.errors.append(f"{q}: buckets do not add up")


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def record(self, entry):
        with self.server.state.lock:
            self.server.state.log.write(json.dumps(entry) + "\n")
            self.server.state.log.flush()

    def decode(self, body, content_type, messages):
        """The request decoded, or the errors that make it unacceptable."""
        json_format = self.server.state.json_format
        request_type = messages[0]
        errors = []
        if content_type == "application/x-protobuf":
            request = request_type()
            try:
                request.ParseFromString(body)
            except Exception as error:  # the runtime raises its own DecodeError types
                return None, [f"body is not a valid {request_type.DESCRIPTOR.full_name}: {error}"]
            errors += [f"{p}: fields unknown to the OTLP definitions" for p in unknown_fields(request)]
        elif content_type == "application/json":
            try:
                payload = json.loads(body)
            except ValueError as error:
                return None, [f"body is not JSON: {error}"]
            check_json_mapping(payload, request_type.DESCRIPTOR, "request", errors)
            request = request_type()
            try:
                json_format.ParseDict(ids_to(payload, hex_to_base64), request, ignore_unknown_fields=False)
            except (json_format.ParseError, ValueError) as error:
                errors.append(f"not a valid {request_type.DESCRIPTOR.full_name}: {error}")
        else:
            return None, [f"Content-Type {content_type!r}, expected application/x-protobuf or application/json"]
        checker = ContentChecker()
        getattr(checker, self.path[len("/v1/"):])(request)
        return request, errors + checker.errors

    def answer(self, response, content_type):
        json_format = self.server.state.json_format
        if content_type == "application/json":
            body = json.dumps(json_format.MessageToDict(response)).encode()
        else:
            body = response.SerializeToString()
        self.reply(200, body, content_type)

    def do_POST(self):
        state = self.server.state
        options = state.options
        if state.down.is_set():
            # Down: the connection closes unanswered, nothing is recorded.
            self.close_connection = True
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with state.lock:
            state.count += 1
            number = state.count
        content_type = self.headers.get("Content-Type")
        if options.mode == "slow":
            time.sleep(options.delay)
        if options.mode == "flaky" and number <= options.failures:
            self.record({"ok": False, "retryable": True, "path": self.path, "time": time.time(),
                         "errors": [f"answered {options.status} on purpose"]})
            self.reply(options.status, b'{"message": "try again"}', "application/json",
                       [("Retry-After", options.retry_after)])
            return
        messages = state.messages.get(self.path)
        if messages is None:
            self.record({"ok": False, "errors": [f"path {self.path!r}, expected /v1/traces, /v1/logs or /v1/metrics"]})
            self.reply(404, b'{"message": "unknown path"}', "application/json")
            return
        encoded = self.headers.get("Content-Encoding") == "gzip"
        try:
            if encoded:
                body = gzip.decompress(body)
        except OSError as error:
            self.record({"ok": False, "errors": [f"body is not gzip: {error}"]})
            self.reply(400, b'{"message": "bad gzip"}', "application/json")
            return
        request, errors = self.decode(body, content_type, messages)
        if errors:
            self.record({"ok": False, "path": self.path, "errors": errors})
            self.reply(400, json.dumps({"message": "; ".join(errors[:5])}).encode(), "application/json")
            return
        decoded = ids_to(state.json_format.MessageToDict(request, use_integers_for_enums=True), base64_to_hex)
        response = messages[1]()
        partial = options.mode == "partial" and number <= options.failures
        if partial:
            setattr(response.partial_success, messages[2], 1)
            response.partial_success.error_message = "one item rejected on purpose"
        self.record({"ok": True, "path": self.path, "time": time.time(), "partial": partial,
                     "protocol": "protobuf" if content_type == "application/x-protobuf" else "json",
                     "gzip": encoded, "user_agent": self.headers.get("User-Agent"), "request": decoded})
        self.answer(response, content_type)
        if options.mode == "outage":
            with state.lock:
                state.accepted += 1
                start_outage = state.accepted == options.outage_after
            if start_outage:
                state.down.set()
                self.close_connection = True
                threading.Thread(target=state.outage, daemon=True).start()


class State:
    def __init__(self, options):
        self.options = options
        self.json_format, self.messages = load_messages(options.proto_path)
        self.lock = threading.Lock()
        self.count = 0
        self.accepted = 0
        self.down = threading.Event()
        self.log = open(options.log, "a", encoding="utf-8")
        self.server = None
        self.port = 0

    def listen(self):
        server = ThreadingHTTPServer(("127.0.0.1", self.port), Receiver)
        server.daemon_threads = True
        server.state = self
        if self.options.tls_cert:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.options.tls_cert, self.options.tls_key)
            if self.options.client_ca:
                context.verify_mode = ssl.CERT_REQUIRED
                context.load_verify_locations(self.options.client_ca)
            server.socket = context.wrap_socket(server.socket, server_side=True)
        self.port = server.server_address[1]
        self.server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def outage(self):
        server = self.server
        server.shutdown()
        server.server_close()
        time.sleep(self.options.outage_seconds)
        self.listen()
        self.down.clear()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--proto-path", default=os.environ.get("TELEGEN_OTLP_PROTO_PYTHON"),
                        help="protoc's Python modules of the OTLP messages (default: $TELEGEN_OTLP_PROTO_PYTHON)")
    parser.add_argument("--mode", choices=["ok", "slow", "flaky", "partial", "outage"], default="ok")
    parser.add_argument("--delay", type=float, default=5.0)
    parser.add_argument("--failures", type=int, default=2)
    parser.add_argument("--status", type=int, default=503)
    parser.add_argument("--retry-after", default="0")
    parser.add_argument("--outage-after", type=int, default=2)
    parser.add_argument("--outage-seconds", type=float, default=3.0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--client-ca")
    options = parser.parse_args()
    if not options.proto_path:
        parser.error("--proto-path or TELEGEN_OTLP_PROTO_PYTHON: where protoc wrote the OTLP messages' Python modules")

    state = State(options)
    state.listen()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with open(options.port_file + ".tmp", "w") as f:
        f.write(str(state.port))
    # Renamed into place so a reader never sees a partial port number.
    os.replace(options.port_file + ".tmp", options.port_file)
    stopped.wait()
    with state.lock:
        state.log.close()


if __name__ == "__main__":
    sys.exit(main())
