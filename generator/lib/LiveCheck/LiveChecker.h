//===- LiveChecker.h - Received telemetry against the schema ---*- C++ -*-===//
//
// Checks what a running service sends over OTLP against its schema:
//
// - spans: the name is a declared span, or a function one of the schema's
//   rules instruments (those spans are named after it); a declared span's
//   attributes are declared ones (or those telegen's runtime sets: code.*,
//   and the HTTP semantic conventions of its HTTP integrations), of their
//   type, enum values declared, redacted ones redacted, required ones set;
// - log records: as `telegen validate-events` checks a JSONL line (the
//   record is written back as its line, LogLine.h), strictly: undeclared
//   events and fields are findings too;
// - metrics: the name is declared (a counter's without its _total, as OTLP
//   sends it) or telegen's own, the OTLP kind fits the schema type, each
//   point carries exactly the declared labels, enumerated ones with
//   declared values.
//
// Each distinct finding is reported once with its count (FindingStore.h),
// at "/v1/<signal>:<n>", the n-th record of that signal received, quoting
// it. finish() adds coverage: the declared spans, events and metrics never
// seen.
//
// Not thread-safe: the receiver serializes requests.
//
// Usage:
//   LiveChecker Checker(Model, Files);
//   Checker.check(Batch);                   // per decoded request
//   Checker.finish(Diags, CoverageGate, Optional);
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_LIVECHECKER_H
#define TELEGEN_LIVECHECK_LIVECHECKER_H

#include "LiveCheck/FindingStore.h"
#include "LiveCheck/RecordText.h"
#include "LiveCheck/Telemetry.h"
#include "Schema/Model.h"
#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"
#include "Validate/EventValidator.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringSet.h"

#include <cstdint>
#include <string>
#include <vector>

namespace telegen {
namespace livecheck {

/// Distinct findings listed; later ones are counted only.
constexpr uint64_t MaxDistinctFindings = 1000;

struct CoverageCount {
  unsigned Declared = 0;
  unsigned Seen = 0;
  /// The names never seen, in declaration order.
  std::vector<std::string> Missing;
};

struct LiveStats {
  uint64_t Requests = 0;
  /// Requests that were not OTLP requests of their path.
  uint64_t Malformed = 0;
  uint64_t Spans = 0;
  uint64_t LogRecords = 0;
  uint64_t MetricPoints = 0;
  /// Occurrences of findings, repeats included.
  uint64_t Findings = 0;
  /// After finish().
  CoverageCount SpanCoverage, EventCoverage, MetricCoverage;
};

class LiveChecker {
public:
  LiveChecker(const schema::Model &M, SourceFiles &Files);

  /// A request whose body could not be decoded: a finding, counted.
  void malformed(Signal S, llvm::StringRef Why);
  void check(const Batch &B);
  /// Hands the findings to Diags and computes coverage; with CoverageGate,
  /// each declared span, event and metric never seen and not named in
  /// Optional is a finding too.
  void finish(DiagnosticList &Diags, bool CoverageGate,
              llvm::ArrayRef<std::string> Optional);

  const LiveStats &stats() const { return Stats; }

private:
  /// Attributes named like secrets and sent in clear, on any record.
  void checkSensitive(Signal S, unsigned Line, const RecordText &Text,
                      llvm::ArrayRef<Attribute> Attributes,
                      llvm::StringRef Owner,
                      llvm::ArrayRef<schema::Field> Declared);
  void checkSpan(const SpanRecord &Span);
  void checkSpanAttribute(const schema::Span &Declared, const Attribute &A,
                          unsigned Line, const RecordText &Text, size_t Index);
  bool isRuleSpan(llvm::StringRef Name) const;
  void checkLog(const LogRecord &Record);
  void checkMetric(const MetricRecord &Metric);
  void checkPoint(const schema::Metric &Declared, const MetricRecord &Metric,
                  llvm::ArrayRef<Attribute> Labels, unsigned Line);
  const schema::Metric *findMetric(const MetricRecord &Metric) const;
  void report(const CheckInfo &Check, Signal S, unsigned Line,
              const RecordText &Text, std::pair<size_t, size_t> Range,
              const llvm::Twine &Message, llvm::StringRef FixIt = "");

  const schema::Model &M;
  SourceFiles &Files;
  FindingStore Store;
  /// validate-events' checks of one log line at a time; their findings
  /// are moved to Store after each record.
  SourceFiles LineFiles;
  DiagnosticList LineDiags;
  validate::EventValidator Events;
  std::vector<bool> SeenSpans, SeenMetrics;
  LiveStats Stats;
};

} // namespace livecheck
} // namespace telegen

#endif
