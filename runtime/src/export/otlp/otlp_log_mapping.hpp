// How a log record becomes an OTLP LogRecord, whatever the encoding: the
// severity, and the attributes in order. The protobuf and JSON encoders
// both take the record's content from here, so a new field of LogView is
// added once.
#pragma once

#include "core/redaction.hpp"
#include "log/log_format.hpp"
#include "telegen/attribute.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace telegen::detail {

// Consecutive records of one logger, already encoded: one ScopeLogs, the
// logger its scope.
struct LogRun {
  std::string_view logger;
  std::vector<std::string_view> records;
};

// SeverityNumber: DEBUG 5, INFO 9, WARNING 13, ERROR 17, CRITICAL 21 (the
// first of each range of logs.proto).
std::uint32_t severity_number(Level level) noexcept;

// The record's attributes: code.function.name, code.file.path and
// code.line.number when known, request_id when set, then the record's
// fields with sensitive values redacted. A field whose key is one of the
// record's own becomes field_<key>, as in the JSON log line; of fields
// with the same key the last wins.
void log_attributes(const LogView& record, SensitiveKeys& sensitive, std::vector<Attribute>& out);

} // namespace telegen::detail
