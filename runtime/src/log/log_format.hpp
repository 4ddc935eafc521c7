// Formatting of log records on the background thread: the JSON line, the
// readable development line, and the ISO 8601 timestamp.
#pragma once

#include "core/clock.hpp"
#include "core/redaction.hpp"
#include "log/log_record.hpp"
#include "telegen/attribute.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telegen::detail {

// A record decoded in place: views into the queue and the static site.
// Every exporter of log records (the JSON and readable lines here) reads
// this one struct.
struct LogView {
  std::uint64_t unix_nanos = 0;
  Level level = Level::info;
  std::string_view logger;
  std::string_view event;
  std::string_view function;
  std::string_view file; // as the compiler saw it: relative to the source root
  std::uint32_t line = 0;
  Source source = Source::unknown; // the origin; unknown: none
  // In a request's context: its ids and frontend (which may be unknown).
  bool in_request = false;
  Frontend frontend = Frontend::unknown;
  std::string_view request_id;
  std::string_view correlation_id;
  TraceId trace_id;
  SpanId span_id;
  std::uint8_t trace_flags = 0;
  // The bound fields, then the record's own; a bound field whose key the
  // record sets too is left out.
  std::vector<std::pair<std::string_view, AttributeValue>> fields;
};

void decode_log(const std::byte* record, std::size_t size, const TickConverter& clock,
                LogView& out);

// "2024-05-01T12:34:56.123456Z"
void append_timestamp(std::string& out, std::uint64_t unix_nanos);

// One JSON object and '\n': timestamp, level, logger, event, func_name,
// lineno, then pathname, source, request_id, correlation_id, frontend,
// trace_id, span_id when known, then the fields (sensitive values
// redacted; a field named like one of those keys is written as
// "field_<name>").
void append_json_line(std::string& out, const LogView& record, SensitiveKeys& sensitive);

// One readable line and '\n':
// 2024-05-01T12:34:56.123456Z WARNING  resilience retry_attempt dependency=payments attempt=2
// (payments.cpp:42 charge) trace_id=... request_id=...
void append_dev_line(std::string& out, const LogView& record, SensitiveKeys& sensitive);

} // namespace telegen::detail
