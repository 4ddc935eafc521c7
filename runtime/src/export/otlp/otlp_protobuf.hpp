// OTLP protobuf: the export requests of the three signals
// (opentelemetry/proto/collector/{trace,logs,metrics}/v1), written with the
// field numbers of the OpenTelemetry protocol's message definitions. Each
// encoder writes one whole request into a cleared ProtoWriter.
#pragma once

#include "core/redaction.hpp"
#include "export/otlp/otlp_log_mapping.hpp"
#include "export/otlp/protobuf_writer.hpp"
#include "log/log_format.hpp"
#include "metrics/metric_snapshot.hpp"
#include "telegen/attribute.hpp"
#include "telegen/exporter.hpp"
#include "trace/span_view.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace telegen::detail {

// What every request of one exporter repeats, encoded once: the
// Resource's fields and the InstrumentationScope's fields.
struct EncodedOrigin {
  std::string resource;
  std::string scope;
};
EncodedOrigin encode_origin(const Resource& resource);

// An AnyValue as field `field` of the enclosing message.
void write_any_value(ProtoWriter& w, std::uint32_t field, const AttributeValue& value);

// A KeyValue as field `field` of the enclosing message. A null value is an
// AnyValue with nothing set; an unsigned value above INT64_MAX its decimal
// string (OTLP integers are signed).
void write_key_value(ProtoWriter& w, std::uint32_t field, std::string_view key,
                     const AttributeValue& value);

// Ids as the 16 and 8 bytes their hex forms spell.
void write_trace_id(ProtoWriter& w, std::uint32_t field, const TraceId& id);
void write_span_id(ProtoWriter& w, std::uint32_t field, const SpanId& id);

// Spans, one at a time, then the ExportTraceServiceRequest around them:
// clear the writer, add_span() each span, finish_traces(). Spans come out
// in the reverse order they were added. Remembers, per call site, the
// bytes every span of the site shares (name, kind, code location, the
// encoded keys of its attributes). Not thread-safe.
class TraceEncoder {
public:
  void add_span(ProtoWriter& w, const SpanView& span);
  void finish_traces(ProtoWriter& w, const EncodedOrigin& origin);

private:
  struct Site {
    std::string shared;            // Span fields: name, kind, the code.* attributes
    std::vector<std::string> keys; // KeyValue.key fields of attribute_keys
  };
  const Site& site(const SpanSite& span_site);
  void write_attribute(ProtoWriter& w, std::uint32_t field, const AttributeView& attribute,
                       const Site* site);

  std::unordered_map<const SpanSite*, Site> sites_;
  const SpanSite* last_site_ = nullptr;
  const Site* last_ = nullptr;
};

// ExportTraceServiceRequest of `spans`, in order, into a cleared writer.
void encode_traces(ProtoWriter& w, const EncodedOrigin& origin, const std::vector<SpanData>& spans);

// One LogRecord's fields, not wrapped as a field (otlp_log_mapping.hpp
// says what they hold). `attributes` is scratch space.
void encode_log_record(ProtoWriter& w, const LogView& record, SensitiveKeys& sensitive,
                       std::vector<Attribute>& attributes);

// ExportLogsServiceRequest.
void encode_logs(ProtoWriter& w, const EncodedOrigin& origin, const std::vector<LogRun>& runs);

// ExportMetricsServiceRequest with every family's series as of
// `now_unix_nanos`, cumulative from each family's creation.
void encode_metrics(ProtoWriter& w, const EncodedOrigin& origin,
                    const std::vector<FamilySnapshot>& families, std::uint64_t now_unix_nanos);

} // namespace telegen::detail
