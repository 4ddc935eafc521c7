//===- LogLine.cpp - An OTLP log record as the JSONL line it came from ----===//
#include "LiveCheck/LogLine.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <ctime>

using namespace llvm;

namespace telegen {
namespace livecheck {
namespace {

/// The attributes telegen sends for the standard keys of a record.
struct StandardKey {
  StringLiteral Attribute;
  StringLiteral Key;
};
constexpr StandardKey StandardKeys[] = {{"code.function.name", "func_name"},
                                        {"code.line.number", "lineno"},
                                        {"code.file.path", "source"},
                                        {"request_id", "request_id"}};

/// The keys of the JSONL line: a field named like one is written as
/// field_<name> (docs/logging.md).
constexpr StringLiteral LineKeys[] = {
    "timestamp", "level",  "logger",     "event",    "func_name",
    "lineno",    "source", "request_id", "trace_id", "span_id"};

bool isLineKey(StringRef Key) {
  for (StringRef K : LineKeys)
    if (Key == K)
      return true;
  return false;
}

const StandardKey *standardKey(StringRef Attribute) {
  for (const StandardKey &S : StandardKeys)
    if (Attribute == S.Attribute)
      return &S;
  return nullptr;
}

/// The field an attribute carries: the sender writes a field named like a
/// standard attribute as field_<name>.
StringRef fieldName(StringRef Attribute) {
  StringRef Name = Attribute;
  if (Name.consume_front("field_") && standardKey(Name))
    return Name;
  return Attribute;
}

std::string isoTime(uint64_t UnixNanos) {
  std::time_t Seconds = static_cast<std::time_t>(UnixNanos / 1000000000u);
  std::tm Utc{};
  gmtime_r(&Seconds, &Utc);
  std::string Out;
  raw_string_ostream OS(Out);
  OS << format("%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", Utc.tm_year + 1900,
               Utc.tm_mon + 1, Utc.tm_mday, Utc.tm_hour, Utc.tm_min, Utc.tm_sec,
               static_cast<unsigned>(UnixNanos % 1000000000u / 1000u));
  return Out;
}

void member(raw_ostream &OS, StringRef Key, StringRef JsonText) {
  OS << ',' << json::Value(Key.str()) << ':' << JsonText;
}

} // namespace

std::string jsonValue(const Value &V) {
  switch (V.Kind) {
  case ValueKind::Empty:
    return "null";
  case ValueKind::String: {
    std::string Out;
    raw_string_ostream(Out) << json::Value(V.Text);
    return Out;
  }
  case ValueKind::Double:
    // JSON has no NaN or infinities; the JSONL writer writes them as null.
    if (V.Text == "NaN" || StringRef(V.Text).ends_with("Infinity"))
      return "null";
    return V.Text;
  case ValueKind::Int:
  case ValueKind::Bool:
    return V.Text;
  case ValueKind::Bytes:
  case ValueKind::Array:
    return "[]";
  case ValueKind::Map:
    return "{}";
  }
  llvm_unreachable("unknown value kind");
}

std::string jsonLine(const LogRecord &R) {
  std::string Out;
  raw_string_ostream OS(Out);
  OS << "{\"timestamp\":" << json::Value(isoTime(R.TimeUnixNanos));
  member(OS, "level", jsonValue({ValueKind::String, R.SeverityText}));
  member(OS, "logger", jsonValue({ValueKind::String, R.Scope}));
  member(OS, "event", jsonValue(R.Body));
  for (const StandardKey &S : StandardKeys) {
    bool Sent = false;
    for (const Attribute &A : R.Attributes)
      if (A.Key == S.Attribute) {
        member(OS, S.Key, jsonValue(A.Val));
        Sent = true;
      }
    // The exporter leaves out a line number of 0, which the file writes:
    // the runtime's own records (telegen's lifecycle, http's client
    // requests) come from no line of the service.
    if (!Sent && S.Key == "lineno")
      member(OS, "lineno", "0");
  }
  if (!R.TraceId.empty())
    member(OS, "trace_id", jsonValue({ValueKind::String, R.TraceId}));
  if (!R.SpanId.empty())
    member(OS, "span_id", jsonValue({ValueKind::String, R.SpanId}));
  for (const Attribute &A : R.Attributes) {
    if (standardKey(A.Key))
      continue;
    StringRef Field = fieldName(A.Key);
    member(OS, isLineKey(Field) ? ("field_" + Field).str() : Field,
           jsonValue(A.Val));
  }
  OS << '}';
  return Out;
}

} // namespace livecheck
} // namespace telegen
