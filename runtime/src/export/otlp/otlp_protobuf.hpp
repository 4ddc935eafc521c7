// OTLP protobuf: the export requests of the three signals
// (opentelemetry/proto/collector/{trace,logs,metrics}/v1), written with the
// field numbers of the OpenTelemetry protocol's message definitions. Each
// encoder writes one whole request into a cleared ProtoWriter.
#pragma once

#include "core/clock.hpp"
#include "core/redaction.hpp"
#include "export/otlp/otlp_log_mapping.hpp"
#include "export/otlp/protobuf_writer.hpp"
#include "log/log_format.hpp"
#include "metrics/metric_snapshot.hpp"
#include "telegen/attribute.hpp"
#include "telegen/exporter.hpp"
#include "trace/span_view.hpp"

#include <cstdint>
#include <memory>
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

// The room (ProtoWriter::Run) an AnyValue of `value` takes at most.
inline std::size_t any_value_room(const AttributeValue& value) noexcept {
  return 2 * ProtoWriter::field_overhead +
         (value.type() == AttributeValue::Type::string ? 3 * value.as_string().size() : 20);
}

// An AnyValue as field `field` of the enclosing message (always inlined,
// as Run::string_field is).
[[gnu::always_inline]] inline void write_any_value(ProtoWriter::Run& run, std::uint32_t field,
                                                   const AttributeValue& value) {
  // common.proto: AnyValue
  constexpr std::uint32_t any_string = 1, any_bool = 2, any_int = 3, any_double = 4;
  const std::size_t end = run.size();
  switch (value.type()) {
  case AttributeValue::Type::null:
    break; // the AnyValue with no value set
  case AttributeValue::Type::boolean:
    run.bool_field(any_bool, value.as_bool());
    break;
  case AttributeValue::Type::int64:
    run.varint_field(any_int, static_cast<std::uint64_t>(value.as_int64()));
    break;
  case AttributeValue::Type::uint64:
    run.string_field(any_string, std::to_string(value.as_uint64()));
    break;
  case AttributeValue::Type::float64:
    run.double_field(any_double, value.as_double());
    break;
  case AttributeValue::Type::string:
    run.string_field(any_string, value.as_string());
    break;
  }
  run.message_field(field, end);
}
void write_any_value(ProtoWriter& w, std::uint32_t field, const AttributeValue& value);

// A KeyValue as field `field` of the enclosing message. A null value is an
// AnyValue with nothing set; an unsigned value above INT64_MAX its decimal
// string (OTLP integers are signed).
void write_key_value(ProtoWriter& w, std::uint32_t field, std::string_view key,
                     const AttributeValue& value);

// Ids as the 16 and 8 bytes their hex forms spell, into a ProtoWriter or a
// Run.
template <class Writer> void write_trace_id(Writer& w, std::uint32_t field, const TraceId& id) {
  const std::uint64_t bytes[2] = {__builtin_bswap64(id.hi), __builtin_bswap64(id.lo)};
  w.bytes_field(field, {reinterpret_cast<const char*>(bytes), sizeof bytes});
}
template <class Writer> void write_span_id(Writer& w, std::uint32_t field, const SpanId& id) {
  const std::uint64_t bytes = __builtin_bswap64(id.value);
  w.bytes_field(field, {reinterpret_cast<const char*>(&bytes), sizeof bytes});
}

// Spans, one at a time, then the ExportTraceServiceRequest around them:
// clear the writer, add_span() or add_record() each span, finish_traces().
// Spans come out in the reverse order they were added. Remembers, per call
// site, the bytes every span of the site shares (name, kind, code location,
// the encoded keys of its attributes). Not thread-safe.
class TraceEncoder {
public:
  void add_span(ProtoWriter& w, const SpanView& span);
  // The span of a queued record (trace/span_record.hpp), encoded as it is
  // read, with no SpanView between: the same bytes as SpanDecoder::decode
  // and add_span() make of it. Only for records that hold nothing but the
  // site's attributes and a status message (a span recorded with events,
  // links, an exception or attributes named at run time, or of a site
  // with more than 64 keys or a key twice): for any other, returns false
  // and writes nothing, and the caller decodes it and calls add_span().
  bool add_record(ProtoWriter& w, const std::byte* record, std::size_t size,
                  const TickConverter& clock);
  void finish_traces(ProtoWriter& w, const EncodedOrigin& origin);

private:
  struct Site {
    std::string shared;            // Span fields: name, kind, the code.* attributes
    std::vector<std::string> keys; // KeyValue.key fields of attribute_keys
    std::size_t longest_key = 0;   // the longest of keys
    std::uint64_t sensitive = 0;   // bit i: keys[i] names a secret
    bool from_records = false;     // whether add_record() takes its spans
  };
  const Site& site(const SpanSite& span_site) {
    return &span_site == last_site_ ? *last_ : remember(span_site);
  }
  const Site& remember(const SpanSite& span_site);
  void write_attribute(ProtoWriter& w, const AttributeView& attribute, const Site* site);

  std::unordered_map<const SpanSite*, Site> sites_;
  const SpanSite* last_site_ = nullptr;
  const Site* last_ = nullptr;
  SpanView record_; // add_record()'s span, its fixed fields only
  // add_record()'s attributes, written forward; room for any record of
  // `scratch_size_` bytes or fewer of the longest key's site.
  std::unique_ptr<char[]> scratch_;
  std::size_t scratch_size_ = 0;
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
