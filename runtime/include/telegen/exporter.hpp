// What the background exporter hands to a span exporter, and how exporters
// are plugged in: implement SpanExporter, then either pass an instance in
// TracesConfig::exporter or register a factory under a name that
// OTEL_TRACES_EXPORTER can select.
#pragma once

#include "telegen/span.hpp"
#include "telegen/span_context.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace telegen {

struct Config;

// An owned attribute value. Unsigned values above INT64_MAX arrive as
// their decimal string.
using Value = std::variant<std::nullptr_t, bool, std::int64_t, double, std::string>;

struct KeyValue {
  std::string key;
  Value value;
};

struct SpanEvent {
  std::uint64_t time_unix_nanos = 0;
  std::string name;
  std::vector<KeyValue> attributes;
};

struct SpanLink {
  SpanContext context;
};

// One finished span, decoded off the hot path. Attribute keys are unique
// (the last value set wins) and values of sensitive keys are redacted.
struct SpanData {
  TraceId trace_id;
  SpanId span_id;
  SpanId parent_span_id; // invalid for a root
  bool parent_remote = false;
  std::uint8_t trace_flags = 0;
  std::string trace_state;
  std::string_view name; // from the static call site
  SpanKind kind = SpanKind::internal;
  std::uint64_t start_unix_nanos = 0;
  std::uint64_t end_unix_nanos = 0;
  std::vector<KeyValue> attributes;
  std::vector<SpanEvent> events;
  std::vector<SpanLink> links;
  StatusCode status = StatusCode::unset;
  std::string status_message;
  std::uint32_t dropped_attributes = 0;
  std::uint32_t dropped_events = 0;
  std::uint32_t dropped_links = 0;
};

// The process's resource: service.name first, then OTEL_RESOURCE_ATTRIBUTES
// and telemetry.sdk.*.
struct Resource {
  std::vector<std::pair<std::string, std::string>> attributes;
};

// Delivers batches of finished spans somewhere. Called by telegen's
// background thread only, one batch at a time, so an implementation needs
// no locking of its own except for cancel().
//
//   class Counting : public telegen::SpanExporter {
//   public:
//     bool export_batch(const telegen::Resource&, const std::vector<telegen::SpanData>& spans)
//     override {
//       count += spans.size();
//       return true;
//     }
//     std::size_t count = 0;
//   };
class SpanExporter {
public:
  virtual ~SpanExporter() = default;
  // Returns whether the batch was delivered; the spans of a failed batch
  // are counted in telegen_spans_export_failed_total. May block (network),
  // but should give up within its own timeout.
  virtual bool export_batch(const Resource& resource, const std::vector<SpanData>& spans) = 0;
  // Called from another thread when shutdown's deadline passes: make an
  // export in progress return soon. Must be thread-safe.
  virtual void cancel() noexcept {}
  // Called once, on the background thread, after the last batch.
  virtual void shutdown() {}
};

// Makes `factory` available to OTEL_TRACES_EXPORTER=<name>. Call it from a
// static initializer (telegen::otlp registers "otlp" that way). Thread-safe.
// Returns true, so it can initialize a namespace-scope constant.
using SpanExporterFactory = std::unique_ptr<SpanExporter> (*)(const Config& config);
bool register_span_exporter(std::string_view name, SpanExporterFactory factory);

} // namespace telegen
