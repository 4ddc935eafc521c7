// OTLP JSON: ExportTraceServiceRequest as the OTLP JSON mapping spells it
// (lowerCamelCase keys, hex ids, enums as integers, 64-bit integers as
// decimal strings), used by the OTLP/HTTP exporter and the JSONL file, and
// the parts the logs' and metrics' requests share with it.
#pragma once

#include "core/json_writer.hpp"
#include "telegen/attribute.hpp"
#include "telegen/exporter.hpp"
#include "trace/span_view.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

// The same two as appended JSON, for a caller writing without a JsonWriter.
void append_otlp_json_any_value(std::string& out, const AttributeValue& value);
void append_otlp_json_key_value(std::string& out, std::string_view key,
                                const AttributeValue& value);
// An AnyValue object: a null is the object with no value set; an unsigned
// value above INT64_MAX is its decimal string, as OTLP integers are signed.
void write_otlp_json_any_value(JsonWriter& w, const AttributeValue& value);
// One KeyValue object, as an element of an attributes array.
void write_otlp_json_key_value(JsonWriter& w, std::string_view key, const AttributeValue& value);
// "resource": {"attributes": [...]} as the next key of an open object.
void write_otlp_json_resource(JsonWriter& w, const Resource& resource);
// "scope": {"name": ..., "version": ...} (version left out when empty).
void write_otlp_json_scope(JsonWriter& w, std::string_view name, std::string_view version);
// A double; proto3 JSON spells the non-finite ones as strings.
void write_otlp_json_double(JsonWriter& w, std::string_view key, double value);
// A fixed64 as the decimal string proto3 JSON makes of it.
void write_otlp_json_nanos(JsonWriter& w, std::string_view key, std::uint64_t nanos);
void write_otlp_json_hex(JsonWriter& w, std::string_view key, const TraceId& id);
void write_otlp_json_hex(JsonWriter& w, std::string_view key, const SpanId& id);

// One Span object.
void append_otlp_json_span(std::string& out, const SpanView& span);
// An ExportTraceServiceRequest holding `spans` (Span objects separated by
// commas) under `resource` and telegen's instrumentation scope.
void append_otlp_json_traces(std::string& out, const Resource& resource, std::string_view spans);
// One batch's ExportTraceServiceRequest, built span by span.
class OtlpJsonSpanBatch {
public:
  void add(const SpanView& span) {
    if (!spans_.empty())
      spans_ += ',';
    append_otlp_json_span(spans_, span);
  }
  // Appends the request to `out` and starts the next batch.
  void finish(std::string& out, const Resource& resource) {
    append_otlp_json_traces(out, resource, spans_);
    spans_.clear();
  }
  void clear() noexcept { spans_.clear(); }

private:
  std::string spans_; // Span objects, comma-separated
};

// The same for SpanData.
void append_otlp_json(std::string& out, const Resource& resource,
                      const std::vector<SpanData>& spans);

} // namespace telegen::detail
