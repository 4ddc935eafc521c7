//===- LiveChecker.cpp - Received telemetry against the schema ------------===//
#include "LiveCheck/LiveChecker.h"
#include "LiveCheck/Catalog.h"
#include "LiveCheck/LogLine.h"

#include "Instrument/NamePattern.h"
#include "Support/SensitiveNames.h"
#include "Support/Suggest.h"
#include "Validate/Catalog.h"
#include "Validate/FieldKinds.h"
#include "Validate/LogReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace telegen {
namespace livecheck {
namespace {

/// Attributes telegen's runtime sets on spans itself: the code location of
/// instrumented functions, and the HTTP semantic conventions of its HTTP
/// client and server integrations (docs/tracing.md).
constexpr StringLiteral RuntimeAttributes[] = {"code.function.name",
                                               "code.file.path",
                                               "code.line.number",
                                               "http.request.method",
                                               "http.route",
                                               "url.path",
                                               "url.full",
                                               "client.address",
                                               "server.address",
                                               "server.port",
                                               "http.response.status_code",
                                               "error.type"};

/// Metric name prefixes of telegen's own metrics, which no schema declares.
constexpr StringLiteral RuntimeMetricPrefixes[] = {"telegen_", "process_"};

/// What redacted values are sent as.
constexpr StringLiteral RedactedPlaceholder = "[REDACTED]";

/// The JSON kind a value would be written as; bytes, which no schema type
/// takes, as an array.
validate::JsonKind jsonKind(ValueKind K) {
  switch (K) {
  case ValueKind::Empty:
    return validate::JsonKind::Null;
  case ValueKind::String:
    return validate::JsonKind::String;
  case ValueKind::Bool:
    return validate::JsonKind::Bool;
  case ValueKind::Int:
    return validate::JsonKind::Integer;
  case ValueKind::Double:
    return validate::JsonKind::Number;
  case ValueKind::Bytes:
  case ValueKind::Array:
    return validate::JsonKind::Array;
  case ValueKind::Map:
    return validate::JsonKind::Object;
  }
  llvm_unreachable("unknown value kind");
}

StringRef describe(ValueKind K) {
  switch (K) {
  case ValueKind::Empty:
    return "an empty value";
  case ValueKind::String:
    return "a string";
  case ValueKind::Bool:
    return "a bool";
  case ValueKind::Int:
    return "an integer";
  case ValueKind::Double:
    return "a number";
  case ValueKind::Bytes:
    return "bytes";
  case ValueKind::Array:
    return "an array";
  case ValueKind::Map:
    return "a map";
  }
  llvm_unreachable("unknown value kind");
}

bool isRuntimeAttribute(StringRef Key) {
  return is_contained(RuntimeAttributes, Key);
}

bool fitsType(schema::MetricType T, MetricKind K) {
  switch (T) {
  case schema::MetricType::Counter:
    return K == MetricKind::MonotonicSum;
  case schema::MetricType::Gauge:
    return K == MetricKind::Gauge || K == MetricKind::NonMonotonicSum;
  case schema::MetricType::Histogram:
    return K == MetricKind::Histogram;
  }
  llvm_unreachable("unknown metric type");
}

StringRef expectedKind(schema::MetricType T) {
  switch (T) {
  case schema::MetricType::Counter:
    return "a monotonic sum";
  case schema::MetricType::Gauge:
    return "a gauge";
  case schema::MetricType::Histogram:
    return "a histogram";
  }
  llvm_unreachable("unknown metric type");
}

std::string names(ArrayRef<std::string> Values) {
  return join(Values.begin(), Values.end(), ", ");
}

template <typename Range> std::vector<std::string> namesOf(const Range &Items) {
  std::vector<std::string> Names;
  for (const auto &Item : Items)
    Names.push_back(Item.Name);
  return Names;
}

template <typename Range> std::string declaredNames(const Range &Items) {
  std::vector<std::string> Names = namesOf(Items);
  return Names.empty() ? "none" : names(Names);
}

/// "; did you mean 'x'?" for the closest of Candidates, or nothing.
std::string didYouMean(StringRef Word, ArrayRef<std::string> Candidates) {
  std::vector<StringRef> Refs(Candidates.begin(), Candidates.end());
  StringRef Suggestion = closestSpelling(Word, Refs);
  return Suggestion.empty() ? ""
                            : ("; did you mean '" + Suggestion + "'?").str();
}

} // namespace

LiveChecker::LiveChecker(const schema::Model &M, SourceFiles &Files)
    : M(M), Files(Files), Store(MaxDistinctFindings),
      Events(M, LineFiles, LineDiags,
             {/*Strict=*/true, /*ListLimit=*/UINT64_MAX}),
      SeenSpans(M.Spans.size(), false), SeenMetrics(M.Metrics.size(), false) {}

void LiveChecker::report(const CheckInfo &Check, Signal S, unsigned Line,
                         const RecordText &Text,
                         std::pair<size_t, size_t> Range, const Twine &Message,
                         StringRef FixIt) {
  Diagnostic D;
  D.Check = &Check;
  D.Level = Check.DefaultSeverity;
  D.Loc.File = path(S).str();
  D.Loc.Line = Line;
  D.Loc.Column = Range.first + 1;
  D.Loc.EndColumn = Range.second > Range.first ? Range.second + 1 : 0;
  D.Message = Message.str();
  D.Replacement = FixIt.str();
  // Line 0 is no record in particular: nothing to quote.
  Store.add(std::move(D),
            Line ? std::optional<StringRef>(Text.Text) : std::nullopt, Files);
}

void LiveChecker::malformed(Signal S, StringRef Why) {
  ++Stats.Requests;
  ++Stats.Malformed;
  Diagnostic D;
  D.Check = &Payload;
  D.Level = Payload.DefaultSeverity;
  D.Loc.File = path(S).str();
  D.Message = ("request rejected: " + Why).str();
  Store.add(std::move(D), std::nullopt, Files);
}

void LiveChecker::check(const Batch &B) {
  ++Stats.Requests;
  for (const SpanRecord &Span : B.Spans)
    checkSpan(Span);
  for (const LogRecord &Record : B.Logs)
    checkLog(Record);
  for (const MetricRecord &Metric : B.Metrics)
    checkMetric(Metric);
  Stats.Findings = Store.occurrences();
}

/// A span of telegen's HTTP integrations (telegen::http): named after the
/// request's method, and the route on the server side, as the HTTP semantic
/// conventions name spans.
static bool isHttpSpan(const SpanRecord &Span) {
  const Attribute *Method = nullptr, *Route = nullptr;
  for (const Attribute &A : Span.Attributes) {
    if (A.Key == "http.request.method")
      Method = &A;
    else if (A.Key == "http.route")
      Route = &A;
  }
  if (!Method || Method->Val.Kind != ValueKind::String)
    return false;
  return Span.Name == Method->Val.Text ||
         (Route && Span.Name == Method->Val.Text + " " + Route->Val.Text);
}

bool LiveChecker::isRuleSpan(StringRef Name) const {
  for (const schema::Rule &R : M.Rules) {
    if (R.Span)
      continue;
    auto Matches = [&](const schema::Ref &P) {
      return matchesNamePattern(P.Name, Name);
    };
    if (any_of(R.Include, Matches) && none_of(R.Exclude, Matches))
      return true;
  }
  return false;
}

void LiveChecker::checkSensitive(Signal S, unsigned Line,
                                 const RecordText &Text,
                                 ArrayRef<Attribute> Attributes,
                                 StringRef Owner,
                                 ArrayRef<schema::Field> Declared) {
  for (size_t I = 0; I < Attributes.size(); ++I) {
    const Attribute &A = Attributes[I];
    // A declared one is checked against its declaration (redacted or not;
    // 'telegen check' reports secrets declared without redaction).
    auto IsIt = [&](const schema::Field &F) { return F.Name == A.Key; };
    if (any_of(Declared, IsIt) || A.Val.Kind == ValueKind::Empty ||
        (A.Val.Kind == ValueKind::String &&
         (A.Val.Text.empty() || A.Val.Text == RedactedPlaceholder)) ||
        !naming::looksSensitive(A.Key))
      continue;
    report(Sensitive, S, Line, Text,
           I < Text.Attributes.size() ? Text.Attributes[I]
                                      : std::pair<size_t, size_t>(),
           "'" + A.Key + "' of " + Owner +
               " looks like a secret and is sent in clear; telegen's runtime "
               "sends such values as \"[REDACTED]\" (was it set by other "
               "code, or its redaction turned off?)");
  }
}

void LiveChecker::checkSpan(const SpanRecord &Span) {
  unsigned Line = ++Stats.Spans;
  RecordText Text = spanText(Span);
  const schema::Span *Declared = M.findSpan(Span.Name);
  checkSensitive(
      Signal::Traces, Line, Text, Span.Attributes, "span '" + Span.Name + "'",
      Declared ? ArrayRef(Declared->Attributes) : ArrayRef<schema::Field>());
  if (!Declared) {
    if (isRuleSpan(Span.Name) || isHttpSpan(Span))
      return;
    report(UnknownSpan, Signal::Traces, Line, Text, Text.Name,
           "span '" + Span.Name +
               "' is neither declared in the schema's spans nor a function "
               "its rules instrument" +
               didYouMean(Span.Name, namesOf(M.Spans)));
    return;
  }
  SeenSpans[Declared - M.Spans.data()] = true;
  for (size_t I = 0; I < Span.Attributes.size(); ++I)
    checkSpanAttribute(*Declared, Span.Attributes[I], Line, Text, I);
  for (const schema::Field &F : Declared->Attributes) {
    if (!F.Required)
      continue;
    const Attribute *A = nullptr;
    for (const Attribute &Candidate : Span.Attributes)
      if (Candidate.Key == F.Name)
        A = &Candidate;
    if (!A || A->Val.Kind == ValueKind::Empty)
      report(MissingAttribute, Signal::Traces, Line, Text, Text.Name,
             "span '" + Span.Name +
                 "' has no value for its required "
                 "attribute '" +
                 F.Name + "'");
  }
}

void LiveChecker::checkSpanAttribute(const schema::Span &Declared,
                                     const Attribute &A, unsigned Line,
                                     const RecordText &Text, size_t Index) {
  std::pair<size_t, size_t> At = Text.Attributes[Index];
  const schema::Field *F = Declared.findAttribute(A.Key);
  std::string What =
      "attribute '" + A.Key + "' of span '" + Declared.Name + "'";
  if (!F) {
    if (isRuntimeAttribute(A.Key))
      return;
    report(SpanAttribute, Signal::Traces, Line, Text, At,
           "span '" + Declared.Name + "' has attribute '" + A.Key +
               "', which the schema does not declare (declared: " +
               declaredNames(Declared.Attributes) + ")" +
               didYouMean(A.Key, namesOf(Declared.Attributes)));
    return;
  }
  if (A.Val.Kind == ValueKind::Empty)
    return;
  if (F->Redacted) {
    if (A.Val.Kind != ValueKind::String || A.Val.Text != RedactedPlaceholder)
      report(AttributeValue, Signal::Traces, Line, Text, At,
             What + " is sent in clear, but the schema redacts it; it must "
                    "be \"[REDACTED]\"");
    return;
  }
  if (!validate::kindFits(F->Type, jsonKind(A.Val.Kind))) {
    report(AttributeType, Signal::Traces, Line, Text, At,
           What + " must be " + validate::expectedKind(F->Type) +
               " (schema type " + schema::name(F->Type) + "), not " +
               describe(A.Val.Kind));
    return;
  }
  if (F->Type == schema::FieldType::Enum &&
      !is_contained(F->Values, A.Val.Text)) {
    report(AttributeValue, Signal::Traces, Line, Text, At,
           "'" + A.Val.Text + "' is not a value of " + What + " (" +
               names(F->Values) + ")" + didYouMean(A.Val.Text, F->Values));
  }
}

void LiveChecker::checkLog(const LogRecord &Record) {
  validate::LogLine Line;
  std::string Text = jsonLine(Record);
  Line.Number = ++Stats.LogRecords;
  Line.Text = Text;
  Line.Length = Text.size();
  Events.check(path(Signal::Logs), Line);
  for (const Diagnostic &D : LineDiags.all())
    Store.add(D, LineFiles.line(D.Loc.File, D.Loc.Line), Files);
  LineDiags.retain([](const Diagnostic &) { return false; });
  LineFiles = SourceFiles();
  // The line has the fields in another order than the attributes: the
  // finding quotes it without pointing into it.
  RecordText Quoted;
  Quoted.Text = std::move(Text);
  std::string Event = Record.Body.Kind == ValueKind::String
                          ? "the '" + Record.Body.Text + "' record"
                          : std::string("a log record");
  const schema::Event *Declared = Record.Body.Kind == ValueKind::String
                                      ? M.findEvent(Record.Body.Text)
                                      : nullptr;
  checkSensitive(Signal::Logs, Line.Number, Quoted, Record.Attributes, Event,
                 Declared ? ArrayRef(Declared->Fields)
                          : ArrayRef<schema::Field>());
}

const schema::Metric *
LiveChecker::findMetric(const MetricRecord &Metric) const {
  // OTLP sends a counter without its _total.
  if (Metric.Kind == MetricKind::MonotonicSum)
    if (const schema::Metric *Counter = M.findMetric(Metric.Name + "_total"))
      return Counter;
  return M.findMetric(Metric.Name);
}

void LiveChecker::checkMetric(const MetricRecord &Metric) {
  // Findings about the metric as a whole are at its first point, quoting
  // it; a metric without points (a family with no series yet) has no line.
  const unsigned First = Stats.MetricPoints + 1;
  Stats.MetricPoints += Metric.Points.size();
  const unsigned Line = Metric.Points.empty() ? 0 : First;
  RecordText Text =
      pointText(Metric, Metric.Points.empty()
                            ? ArrayRef<Attribute>()
                            : ArrayRef<Attribute>(Metric.Points.front()));
  const schema::Metric *Declared = findMetric(Metric);
  if (!Declared) {
    for (StringRef Prefix : RuntimeMetricPrefixes)
      if (StringRef(Metric.Name).starts_with(Prefix))
        return;
    report(UnknownMetric, Signal::Metrics, Line, Text, Text.Name,
           "metric '" + Metric.Name + "' (" + name(Metric.Kind) +
               ") is not declared in the schema" +
               didYouMean(Metric.Name, namesOf(M.Metrics)));
    return;
  }
  SeenMetrics[Declared - M.Metrics.data()] = true;
  if (!fitsType(Declared->Type, Metric.Kind)) {
    report(MetricType, Signal::Metrics, Line, Text, Text.Name,
           "metric '" + Metric.Name + "' is sent as a " + name(Metric.Kind) +
               ", but the schema declares '" + Declared->Name + "' a " +
               schema::name(Declared->Type) + ", sent as " +
               expectedKind(Declared->Type));
    return;
  }
  for (size_t I = 0; I < Metric.Points.size(); ++I)
    checkPoint(*Declared, Metric, Metric.Points[I], First + I);
}

void LiveChecker::checkPoint(const schema::Metric &Declared,
                             const MetricRecord &Metric,
                             ArrayRef<Attribute> Labels, unsigned Line) {
  RecordText Text = pointText(Metric, Labels);
  bool AllowsPid = Declared.Type == schema::MetricType::Gauge &&
                   schema::labelsPid(Declared.MultiprocessMode);
  std::vector<std::string> DeclaredLabels;
  for (const schema::Ref &L : Declared.Labels)
    DeclaredLabels.push_back(L.Name);
  StringSet<> Present;
  for (size_t I = 0; I < Labels.size(); ++I) {
    const Attribute &A = Labels[I];
    Present.insert(A.Key);
    const schema::Label *L =
        is_contained(DeclaredLabels, A.Key) ? M.findLabel(A.Key) : nullptr;
    if (!L) {
      if (AllowsPid && A.Key == "pid")
        continue;
      report(MetricLabel, Signal::Metrics, Line, Text, Text.Attributes[I],
             "metric '" + Declared.Name + "' has label '" + A.Key +
                 "', which the schema does not declare for it (declared: " +
                 (DeclaredLabels.empty() ? "none" : names(DeclaredLabels)) +
                 ")");
      continue;
    }
    if (L->Kind != schema::LabelKind::Enumerated)
      continue;
    if (A.Val.Kind != ValueKind::String || !is_contained(L->Values, A.Val.Text))
      report(LabelValue, Signal::Metrics, Line, Text, Text.Attributes[I],
             "'" + A.Val.Text + "' is not a value of label '" + L->Name +
                 "' of metric '" + Declared.Name + "' (" + names(L->Values) +
                 ")");
  }
  for (const std::string &Name : DeclaredLabels)
    if (!Present.contains(Name))
      report(MetricLabel, Signal::Metrics, Line, Text, Text.Name,
             "metric '" + Declared.Name +
                 "' has a point without its "
                 "declared label '" +
                 Name + "'");
}

void LiveChecker::finish(DiagnosticList &Diags, bool CoverageGate,
                         ArrayRef<std::string> Optional) {
  Store.flush(Diags);
  auto Gate = [&](StringRef Kind, const std::string &Name,
                  const Location &Loc) {
    if (CoverageGate && !is_contained(Optional, Name))
      Diags.report(livecheck::Coverage, Loc,
                   Kind + " '" + Name + "' was declared but never received");
  };
  auto Cover = [&](CoverageCount &C, StringRef Kind, const auto &Items,
                   const std::vector<bool> &Seen, auto Asked) {
    C = {};
    for (size_t I = 0; I < Items.size(); ++I) {
      if (!Seen[I] && !Asked(Items[I]))
        continue;
      ++C.Declared;
      if (Seen[I]) {
        ++C.Seen;
        continue;
      }
      C.Missing.push_back(Items[I].Name);
      Gate(Kind, Items[I].Name, Items[I].Loc);
    }
  };
  auto Always = [](const auto &) { return true; };
  Cover(Stats.SpanCoverage, "span", M.Spans, SeenSpans, Always);
  Cover(Stats.MetricCoverage, "metric", M.Metrics, SeenMetrics, Always);
  // Not asked for: events the service says it never logs (unused_events,
  // and the lifecycle records of a schema that does not import them), and
  // the lifecycle's warnings, written only when telegen loses records.
  Cover(Stats.EventCoverage, "event", M.Events, Events.seenEvents(),
        [](const schema::Event &E) {
          return !E.UnusedAt.isValid() && !E.onlyWhenLosing();
        });
  Stats.Findings = Store.occurrences();
}

} // namespace livecheck
} // namespace telegen
