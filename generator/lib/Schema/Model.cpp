//===- Model.cpp - A telemetry schema as plain data -----------------------===//
#include "Schema/Model.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace llvm;

namespace telegen {
namespace schema {

ArrayRef<StringRef> metricTypeNames() {
  static const StringRef Names[] = {"counter", "gauge", "histogram"};
  return Names;
}

ArrayRef<StringRef> fieldTypeNames() {
  static const StringRef Names[] = {"string", "int",      "double",
                                    "bool",   "duration", "enum"};
  return Names;
}

ArrayRef<StringRef> eventLevelNames() {
  // The level names of the logging standard the log records follow.
  static const StringRef Names[] = {"DEBUG", "INFO", "WARNING", "ERROR",
                                    "CRITICAL"};
  return Names;
}

ArrayRef<StringRef> deliveryNames() {
  static const StringRef Names[] = {"best_effort", "guaranteed"};
  return Names;
}

ArrayRef<StringRef> spanKindNames() {
  static const StringRef Names[] = {"server", "client", "internal", "producer",
                                    "consumer"};
  return Names;
}

ArrayRef<StringRef> updateOpNames() {
  static const StringRef Names[] = {"inc", "set", "observe"};
  return Names;
}

ArrayRef<StringRef> gaugeModeNames() {
  static const StringRef Names[] = {"all",     "liveall", "sum",
                                    "livesum", "max",     "min"};
  return Names;
}

ArrayRef<StringRef> alertSeverityNames() {
  static const StringRef Names[] = {"critical", "warning", "info"};
  return Names;
}

ArrayRef<StringRef> resilienceAlertNames() {
  static const StringRef Names[] = {
      "circuit_breaker_open", "circuit_breaker_half_open",
      "retry_rate",           "timeout_rate",
      "bulkhead_rejections",  "semaphore_exhausted"};
  return Names;
}

StringRef name(MetricType T) { return metricTypeNames()[unsigned(T)]; }
StringRef name(FieldType T) { return fieldTypeNames()[unsigned(T)]; }
StringRef name(EventLevel L) { return eventLevelNames()[unsigned(L)]; }
StringRef name(DeliveryPolicy D) { return deliveryNames()[unsigned(D)]; }
StringRef name(SpanKind K) { return spanKindNames()[unsigned(K)]; }
StringRef name(UpdateOp Op) { return updateOpNames()[unsigned(Op)]; }
StringRef name(GaugeMode Mode) { return gaugeModeNames()[unsigned(Mode)]; }

bool labelsPid(GaugeMode Mode) {
  return Mode == GaugeMode::All || Mode == GaugeMode::LiveAll;
}

StringRef name(AlertSeverity S) { return alertSeverityNames()[unsigned(S)]; }
StringRef name(ResilienceAlert A) {
  return resilienceAlertNames()[unsigned(A)];
}

const AlertTuning *Dependency::findTuning(ResilienceAlert A) const {
  auto It = find_if(Alerts, [&](const AlertTuning &T) { return T.Alert == A; });
  return It == Alerts.end() ? nullptr : &*It;
}

uint64_t Label::seriesFactor() const {
  return Kind == LabelKind::Enumerated ? Values.size() : MaxValues + 1;
}

namespace {

/// Binary search in a list sorted by Name.
template <typename T>
const T *findByName(const std::vector<T> &Sorted, StringRef Name) {
  auto It = partition_point(Sorted, [&](const T &X) { return X.Name < Name; });
  return It != Sorted.end() && It->Name == Name ? &*It : nullptr;
}

template <typename T>
const T *findLinear(const std::vector<T> &List, StringRef Name) {
  auto It = find_if(List, [&](const T &X) { return X.Name == Name; });
  return It != List.end() ? &*It : nullptr;
}

} // namespace

const Field *Event::findField(StringRef Name) const {
  return findLinear(Fields, Name);
}

const Field *Span::findAttribute(StringRef Name) const {
  return findLinear(Attributes, Name);
}

const Label *Model::findLabel(StringRef Name) const {
  return findByName(Labels, Name);
}
const Metric *Model::findMetric(StringRef Name) const {
  return findByName(Metrics, Name);
}
const Event *Model::findEvent(StringRef Name) const {
  return findByName(Events, Name);
}
const Span *Model::findSpan(StringRef Name) const {
  return findByName(Spans, Name);
}

} // namespace schema
} // namespace telegen
