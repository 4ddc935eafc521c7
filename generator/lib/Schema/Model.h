//===- Model.h - A telemetry schema as plain data ---------------*- C++ -*-===//
//
// What a schema declares once its files and imports are loaded and resolved:
// labels, metrics, events, spans, rules, propagation boundaries, dependencies
// and SLOs. Plain structs, each top-level list sorted by name (rules keep
// their order: the first matching rule applies), so everything generated from
// a model is deterministic byte for byte.
//
// Code generators read the model; checks (Check/) verify it and report
// through the Location each declaration carries. A model that loaded and
// checked without errors is complete: every reference resolves, every metric
// label an event update feeds is bound, every enum field lists its values.
//
// Not thread-safe to mutate; safe to read from many threads.
//
// Usage:
//   Expected<LoadedSchema> S = Loader(FS, Files, Diags).load("telemetry.yaml");
//   for (const Metric &M : S->Model.Metrics)
//     for (const Ref &L : M.Labels)
//       emitEnum(*S->Model.findLabel(L.Name));
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SCHEMA_MODEL_H
#define TELEGEN_SCHEMA_MODEL_H

#include "Support/Diagnostic.h"
#include "Support/MappedText.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace telegen {
namespace schema {

/// A name the schema writes to refer to a declaration, and where it is
/// written.
struct Ref {
  std::string Name;
  Location Loc;
};

enum class MetricType { Counter, Gauge, Histogram };
enum class FieldType { String, Int, Double, Bool, Duration, Enum };
enum class EventLevel { Debug, Info, Warning, Error, Critical };
/// What the runtime does with an event's record when the writing thread's
/// log buffer is full: drop and count it, or wait for room (the runtime's
/// telegen::Delivery, same order).
enum class DeliveryPolicy { BestEffort, Guaranteed };
enum class SpanKind { Server, Client, Internal, Producer, Consumer };
enum class LabelKind { Enumerated, Dynamic };
enum class UpdateOp { Inc, Set, Observe };
enum class SloKind { ErrorRatio, Latency };
/// How a gauge combines over the processes of a multi-process service, as
/// the runtime's telegen::GaugeMode (same order, same names).
enum class GaugeMode { All, LiveAll, Sum, LiveSum, Max, Min };
enum class AlertSeverity { Critical, Warning, Info };
/// The resilience contract's alerts a dependency can tune.
enum class ResilienceAlert {
  CircuitBreakerOpen,
  CircuitBreakerHalfOpen,
  RetryRate,
  TimeoutRate,
  BulkheadRejections,
  SemaphoreExhausted,
};

/// The spellings the schema uses, indexed by the enum's value:
/// "counter", "int", "WARNING", "server", "inc", ...
llvm::ArrayRef<llvm::StringRef> metricTypeNames();
llvm::ArrayRef<llvm::StringRef> fieldTypeNames();
llvm::ArrayRef<llvm::StringRef> eventLevelNames();
llvm::ArrayRef<llvm::StringRef> deliveryNames();
llvm::ArrayRef<llvm::StringRef> spanKindNames();
llvm::ArrayRef<llvm::StringRef> updateOpNames();
llvm::ArrayRef<llvm::StringRef> gaugeModeNames();
llvm::ArrayRef<llvm::StringRef> alertSeverityNames();
llvm::ArrayRef<llvm::StringRef> resilienceAlertNames();

llvm::StringRef name(MetricType T);
llvm::StringRef name(FieldType T);
llvm::StringRef name(EventLevel L);
llvm::StringRef name(DeliveryPolicy D);
llvm::StringRef name(SpanKind K);
llvm::StringRef name(UpdateOp Op);
llvm::StringRef name(GaugeMode Mode);
/// Whether a gauge of this mode shows one series per process, labelled pid.
bool labelsPid(GaugeMode Mode);
llvm::StringRef name(AlertSeverity S);
llvm::StringRef name(ResilienceAlert A);

/// A metric label, declared once and shared by every metric that uses it:
/// generated code has one enum class per enumerated label.
struct Label {
  std::string Name;
  std::string Help;
  LabelKind Kind = LabelKind::Enumerated;
  /// Enumerated: the values, in declaration order. They are Prometheus label
  /// values ("2xx", "GET"), not necessarily C++ identifiers.
  std::vector<std::string> Values;
  /// Where each of Values is written (for values from dependencies, where
  /// the dependency is declared), in the same order.
  std::vector<Location> ValueLocs;
  /// Dynamic: how many distinct values are kept; later ones are counted in
  /// one "__overflow__" series.
  uint64_t MaxValues = 0;
  /// The values are the schema's dependencies, in the order of
  /// Model::Dependencies ('values_from: dependencies', as resilience's
  /// 'dependency' label).
  bool ValuesFromDependencies = false;
  /// The built-in schema that declares this ("resilience"); empty for the
  /// user's own files. Generated code puts it in that namespace.
  std::string Builtin;
  Location Loc;

  /// How many values the label can take in series: its enumerated values,
  /// or a dynamic label's MaxValues plus the overflow series.
  uint64_t seriesFactor() const;
};

struct Metric {
  std::string Name;
  std::string Help;
  MetricType Type = MetricType::Counter;
  /// The base unit ("seconds", "bytes"); empty when the metric has none.
  std::string Unit;
  /// In declaration order, which is the order of generated arguments.
  std::vector<Ref> Labels;
  /// Histograms: upper bounds, ascending, unique and finite; +Inf is
  /// implicit. Prometheus' default buckets when the schema gives none.
  std::vector<double> Buckets;
  /// This metric's cardinality budget when it overrides the schema's.
  std::optional<uint64_t> Cardinality;
  /// Gauges: how processes combine in multi-process mode.
  GaugeMode MultiprocessMode = GaugeMode::All;
  /// Counters and histograms: updates inside a sampled span leave an
  /// exemplar in OpenMetrics (`exemplars:`, on by default for histograms).
  bool Exemplars = false;
  std::string Builtin;
  Location Loc;
};

/// A typed value an event carries (a field) or a span records (an
/// attribute).
struct Field {
  std::string Name;
  std::string Help;
  FieldType Type = FieldType::String;
  /// Enum fields: the allowed values; for a field typed by a label, the
  /// label's values.
  std::vector<std::string> Values;
  /// Enum fields typed by a label ('label: dependency'): generated code uses
  /// that label's enum class for the field.
  std::optional<Ref> EnumLabel;
  /// Required fields are arguments callers must pass; the others are
  /// optional and absent (null) unless given or defaulted.
  bool Required = false;
  /// Never written in clear: logs and spans get a placeholder.
  bool Redacted = false;
  /// Optional fields: the value used when the caller gives none.
  std::optional<std::string> Default;
  /// A value fixed by the schema and written on every record; not an
  /// argument (resilience_event: retry_attempt).
  std::optional<std::string> Const;
  Location Loc;
};

/// How an event update sets one metric label.
struct LabelBinding {
  std::string Label;
  /// The event field whose value the label takes; unset when Value is set.
  std::optional<Ref> Field;
  /// A constant label value.
  std::optional<std::string> Value;
  Location Loc;
};

/// A metric an event updates when it is emitted.
struct MetricUpdate {
  Ref Metric;
  /// Counters: Inc (the default); gauges: Set; histograms: Observe.
  UpdateOp Op = UpdateOp::Inc;
  /// Where the operation is written; invalid when the update names none.
  Location OpLoc;
  /// The field whose value is added, set or observed; unset when the update
  /// uses Constant.
  std::optional<Ref> Field;
  /// The constant added (1 by default) or set.
  double Constant = 1;
  /// Once resolved, one per metric label in the metric's order; labels the
  /// schema does not bind take the event field of the same name.
  std::vector<LabelBinding> Labels;
  Location Loc;
};

/// A structured event: one generated call writes the log record, updates the
/// metrics and adds an event to the current span.
struct Event {
  std::string Name;
  std::string Help;
  EventLevel Level = EventLevel::Info;
  DeliveryPolicy Delivery = DeliveryPolicy::BestEffort;
  /// In declaration order, which generated signatures follow.
  std::vector<Field> Fields;
  std::vector<MetricUpdate> Updates;
  std::string Builtin;
  Location Loc;
  /// Where an import lists this event in 'unused_events'; valid when the
  /// service declares it never logs it.
  Location UnusedAt;

  const Field *findField(llvm::StringRef Name) const;
  /// Written only when telegen loses records (the lifecycle built-in's
  /// warnings: telemetry_dropped): coverage never asks for it.
  bool onlyWhenLosing() const {
    return Builtin == "lifecycle" && Level == EventLevel::Warning;
  }
};

struct Span {
  std::string Name;
  std::string Help;
  SpanKind Kind = SpanKind::Internal;
  std::vector<Field> Attributes;
  /// Events that may be recorded on this span.
  std::vector<Ref> Events;
  std::string Builtin;
  Location Loc;

  const Field *findAttribute(llvm::StringRef Name) const;
};

/// A rule's min_size when it sets none: accessors, setters and one-line
/// helpers (a return or an assignment with a call or two) stay out.
constexpr unsigned DefaultRuleMinSize = 4;

/// Functions to instrument without editing their source.
struct Rule {
  /// Qualified-name patterns: '*' matches within one name component,
  /// '**' any number of components ("orders::*::place*").
  std::vector<Ref> Include;
  std::vector<Ref> Exclude;
  /// The declared span to start; unset: the span is named after the
  /// function's qualified name.
  std::optional<Ref> Span;
  /// The span's kind: the declared span's when Span is set.
  SpanKind Kind = SpanKind::Internal;
  /// Where 'kind' is written; invalid when the rule does not write it.
  Location KindLoc;
  /// Functions whose body is smaller than this are left out (too small to
  /// matter, as XRay leaves out functions below a number of instructions);
  /// the body's size is its statements plus its calls, and a body with a
  /// loop is never too small. 0 instruments every function.
  unsigned MinSize = DefaultRuleMinSize;
  Location Loc;
};

/// A function whose callable argument must carry the trace context across
/// a thread, pool or queue.
struct PropagationBoundary {
  /// Qualified name ("orders::ThreadPool::submit").
  std::string Function;
  /// 0-based index of the callable argument.
  unsigned CallableArg = 0;
  Location Loc;
};

/// A dependency's own threshold or 'for' duration for one of the alerts
/// generated from the resilience contract.
struct AlertTuning {
  ResilienceAlert Alert = ResilienceAlert::CircuitBreakerOpen;
  /// In the alert's unit (per second, or a ratio); unset: the default.
  std::optional<double> Threshold;
  /// Milliseconds the condition holds before the alert fires.
  std::optional<uint64_t> For;
  Location Loc;
};

/// A downstream service; critical ones gate readiness (/health/ready).
struct Dependency {
  std::string Name;
  bool Critical = false;
  /// In the order written; each alert at most once.
  std::vector<AlertTuning> Alerts;
  Location Loc;

  const AlertTuning *findTuning(ResilienceAlert A) const;
};

/// Label values that select a metric's error series.
struct LabelSelector {
  Ref Label;
  std::vector<Ref> Values;
};

/// A service-level objective, from which alert rules are generated.
struct Slo {
  std::string Name;
  std::string Help;
  /// Percent of good events, 0 < Objective < 100.
  double Objective = 0;
  /// Prometheus duration ("30d").
  std::string Window;
  SloKind Kind = SloKind::ErrorRatio;
  /// A counter for ErrorRatio, a histogram for Latency.
  Ref Metric;
  /// ErrorRatio: the series counted as errors.
  std::vector<LabelSelector> Errors;
  /// Latency: the bucket bound good events stay within, in the metric's
  /// unit.
  double Threshold = 0;
  Location Loc;
};

/// An alert a service declares itself: a PromQL expression over its own
/// metrics, every name and value of which the checks verify.
struct Alert {
  std::string Name;
  /// The expression, with where each of its bytes is in the schema.
  MappedText Expr;
  /// Milliseconds the expression holds before the alert fires.
  uint64_t For = 0;
  AlertSeverity Severity = AlertSeverity::Warning;
  std::string Summary;
  /// Empty when the schema gives none.
  std::string Description;
  /// What to do, for the alert's runbook; may be empty.
  std::string Runbook;
  Location Loc;
};

struct CardinalityBudget {
  /// Label combinations one metric may have (Metric::Cardinality overrides).
  uint64_t PerMetric = 1000;
  /// Time series all metrics together may have, histogram buckets included.
  uint64_t Total = 10000;
  /// Where the schema sets the budget; invalid for the defaults.
  Location Loc;
};

struct Model {
  std::vector<Label> Labels;
  std::vector<Metric> Metrics;
  std::vector<Event> Events;
  std::vector<Span> Spans;
  std::vector<Rule> Rules;
  std::vector<PropagationBoundary> Propagation;
  std::vector<Dependency> Dependencies;
  std::vector<Slo> Slos;
  std::vector<Alert> Alerts;
  CardinalityBudget Cardinality;

  /// Lookups by name; nullptr when there is none.
  const Label *findLabel(llvm::StringRef Name) const;
  const Metric *findMetric(llvm::StringRef Name) const;
  const Event *findEvent(llvm::StringRef Name) const;
  const Span *findSpan(llvm::StringRef Name) const;
};

} // namespace schema
} // namespace telegen

#endif
