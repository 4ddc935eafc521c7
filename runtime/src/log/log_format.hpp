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
struct LogView {
  std::uint64_t unix_nanos = 0;
  Level level = Level::info;
  std::string_view logger;
  std::string_view event;
  std::string_view function;
  std::string_view file;
  std::uint32_t line = 0;
  std::string_view request_id;
  TraceId trace_id;
  SpanId span_id;
  std::vector<std::pair<std::string_view, AttributeValue>> fields;
};

void decode_log(const std::byte* record, std::size_t size, const TickConverter& clock,
                LogView& out);

// "2024-05-01T12:34:56.123456Z"
void append_timestamp(std::string& out, std::uint64_t unix_nanos);

// One JSON object and '\n': timestamp, level, logger, event, func_name,
// lineno, then source, request_id, trace_id, span_id when known, then the
// fields (sensitive values redacted; a field named like one of those keys
// is written as "field_<name>").
void append_json_line(std::string& out, const LogView& record, SensitiveKeys& sensitive);

// One readable line and '\n':
// 2024-05-01T12:34:56.123456Z WARNING  resilience retry_attempt dependency=payments attempt=2
// (payments.cpp:42 charge) trace_id=... request_id=...
void append_dev_line(std::string& out, const LogView& record, SensitiveKeys& sensitive);

} // namespace telegen::detail
