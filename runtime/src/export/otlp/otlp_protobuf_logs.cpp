// ExportLogsServiceRequest: records encoded one by one on the log writer
// thread, joined into requests on the export thread.
#include "export/otlp/otlp_log_mapping.hpp"
#include "export/otlp/otlp_protobuf.hpp"

namespace telegen::detail {
namespace {

// logs.proto
constexpr std::uint32_t request_resource_logs = 1;
constexpr std::uint32_t resource_logs_resource = 1, resource_logs_scope_logs = 2;
constexpr std::uint32_t scope_logs_scope = 1, scope_logs_log_records = 2;
constexpr std::uint32_t record_time = 1, record_severity_number = 2, record_severity_text = 3,
                        record_body = 5, record_attributes = 6, record_flags = 8,
                        record_trace_id = 9, record_span_id = 10, record_observed_time = 11;
// common.proto: InstrumentationScope
constexpr std::uint32_t scope_name = 1;

} // namespace

void encode_log_record(ProtoWriter& w, const LogView& record, SensitiveKeys& sensitive,
                       std::vector<Attribute>& attributes) {
  // Observed when the caller wrote it: the record's own time.
  w.fixed64_field(record_observed_time, record.unix_nanos);
  if (record.trace_id.valid()) {
    write_span_id(w, record_span_id, record.span_id);
    write_trace_id(w, record_trace_id, record.trace_id);
    w.fixed32_field(record_flags, record.trace_flags);
  }
  log_attributes(record, sensitive, attributes);
  for (auto kv = attributes.rbegin(); kv != attributes.rend(); ++kv)
    write_key_value(w, record_attributes, kv->key, kv->value);
  write_any_value(w, record_body, record.event);
  w.string_field(record_severity_text, to_string(record.level));
  w.varint_field(record_severity_number, severity_number(record.level));
  w.fixed64_field(record_time, record.unix_nanos);
}

void encode_logs(ProtoWriter& w, const EncodedOrigin& origin, const std::vector<LogRun>& runs) {
  const std::size_t end = w.size();
  for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
    const std::size_t run_end = w.size();
    for (auto record = run->records.rbegin(); record != run->records.rend(); ++record)
      w.bytes_field(scope_logs_log_records, *record);
    // The logger is the scope; telegen's version would be wrong for it.
    const std::size_t scope_end = w.size();
    w.string_field(scope_name, run->logger);
    w.message_field(scope_logs_scope, scope_end);
    w.message_field(resource_logs_scope_logs, run_end);
  }
  w.bytes_field(resource_logs_resource, origin.resource);
  w.message_field(request_resource_logs, end);
}

} // namespace telegen::detail
