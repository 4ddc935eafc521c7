//===- Telemetry.h - What an OTLP export request carries ------*- C++ -*-===//
//
// The decoders (OtlpProtobuf.h, OtlpJson.h) turn an export request of
// either encoding into these structs, and the checker (LiveChecker.h) reads
// only them: one checker for both encodings. Only what the checks need is
// kept: names, attributes with their OTLP types, a log record's standard
// parts, a metric's kind and its points' attributes.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_TELEMETRY_H
#define TELEGEN_LIVECHECK_TELEMETRY_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace telegen {
namespace livecheck {

/// The three OTLP/HTTP paths.
enum class Signal { Traces, Logs, Metrics };

/// "/v1/traces", "/v1/logs" or "/v1/metrics".
llvm::StringRef path(Signal S);

/// The OTLP AnyValue kinds; Empty is an AnyValue with nothing set (how
/// telegen sends null).
enum class ValueKind { Empty, String, Bool, Int, Double, Bytes, Array, Map };

/// A double as Value::Text holds it: "%.17g" with a '.' or an exponent, or
/// "NaN", "Infinity", "-Infinity" as the OTLP JSON mapping writes them.
std::string doubleText(double D);

struct Value {
  ValueKind Kind = ValueKind::Empty;
  /// Strings as sent; Int and Double in decimal (Double with a '.' or an
  /// exponent, or "NaN", "Infinity", "-Infinity"); Bool "true"/"false";
  /// empty for the rest.
  std::string Text;
};

struct Attribute {
  std::string Key;
  Value Val;
};

struct SpanRecord {
  std::string Name;
  std::vector<Attribute> Attributes;
};

struct LogRecord {
  uint64_t TimeUnixNanos = 0;
  std::string SeverityText;
  /// The scope's name: telegen sends the logger there.
  std::string Scope;
  Value Body;
  std::vector<Attribute> Attributes;
  /// Lowercase hex; empty when the record is outside a span.
  std::string TraceId;
  std::string SpanId;
};

/// The OTLP data kinds of a metric.
enum class MetricKind {
  Gauge,
  MonotonicSum,
  NonMonotonicSum,
  Histogram,
  ExponentialHistogram,
  Summary,
  Empty
};

/// "gauge", "monotonic sum", ...
llvm::StringRef name(MetricKind K);

struct MetricRecord {
  std::string Name;
  MetricKind Kind = MetricKind::Empty;
  /// Each data point's attributes (its labels).
  std::vector<std::vector<Attribute>> Points;
};

/// One export request's content.
struct Batch {
  std::vector<SpanRecord> Spans;
  std::vector<LogRecord> Logs;
  std::vector<MetricRecord> Metrics;
};

} // namespace livecheck
} // namespace telegen

#endif
