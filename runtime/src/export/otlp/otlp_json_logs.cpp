// ExportLogsServiceRequest in OTLP JSON.
#include "export/otlp/otlp_json_signals.hpp"
#include "export/otlp_json.hpp"

namespace telegen::detail {

void append_otlp_json_log_record(std::string& out, const LogView& record, SensitiveKeys& sensitive,
                                 std::vector<Attribute>& attributes) {
  JsonWriter w(out);
  w.begin_object();
  write_otlp_json_nanos(w, "timeUnixNano", record.unix_nanos);
  // Observed when the caller wrote it: the record's own time.
  write_otlp_json_nanos(w, "observedTimeUnixNano", record.unix_nanos);
  w.key("severityNumber").value(std::uint64_t{severity_number(record.level)});
  w.key("severityText").value(to_string(record.level));
  w.key("body");
  write_otlp_json_any_value(w, record.event);
  log_attributes(record, sensitive, attributes);
  w.key("attributes").begin_array();
  for (const Attribute& kv : attributes)
    write_otlp_json_key_value(w, kv.key, kv.value);
  w.end_array();
  if (record.trace_id.valid()) {
    w.key("flags").value(std::uint64_t{record.trace_flags});
    write_otlp_json_hex(w, "traceId", record.trace_id);
    write_otlp_json_hex(w, "spanId", record.span_id);
  }
  w.end_object();
}

void append_otlp_json_logs(std::string& out, const Resource& resource,
                           const std::vector<LogRun>& runs) {
  JsonWriter w(out);
  w.begin_object().key("resourceLogs").begin_array().begin_object();
  write_otlp_json_resource(w, resource);
  w.key("scopeLogs").begin_array();
  for (const LogRun& run : runs) {
    w.begin_object();
    write_otlp_json_scope(w, run.logger, {});
    w.key("logRecords").begin_array();
    for (std::string_view record : run.records)
      w.raw(record);
    w.end_array().end_object();
  }
  w.end_array();
  w.end_object().end_array().end_object();
}

} // namespace telegen::detail
