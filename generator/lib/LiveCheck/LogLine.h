//===- LogLine.h - An OTLP log record as its JSONL line --------*- C++ -*-===//
//
// telegen sends each JSONL log record over OTLP as a LogRecord
// (docs/logging.md, "Logs over OTLP"). This writes a received LogRecord back
// as that line, so live-check checks it with validate-events' own checks
// (Validate/EventValidator.h) and quotes it under a finding:
//
//   time_unix_nano     -> timestamp (ISO 8601 UTC, microseconds)
//   severity_text      -> level
//   scope name         -> logger
//   body               -> event
//   code.function.name, code.line.number, code.file.path, request_id
//                      -> func_name, lineno, source, request_id
//   trace_id, span_id  -> trace_id, span_id
//   other attributes   -> fields, typed (a field named like a standard key
//                         as field_<name>, as the JSONL line writes it)
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_LOGLINE_H
#define TELEGEN_LIVECHECK_LOGLINE_H

#include "LiveCheck/Telemetry.h"

#include <string>

namespace telegen {
namespace livecheck {

std::string jsonLine(const LogRecord &Record);

/// A value as JSON: null, a string, a number or a bool; bytes, arrays and
/// maps (which no schema type takes) as an empty array or object.
std::string jsonValue(const Value &V);

} // namespace livecheck
} // namespace telegen

#endif
