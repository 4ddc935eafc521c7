//===- DiffCatalog.cpp - Every finding 'telegen diff' can report ----------===//
#include "Diff/DiffCatalog.h"
#include "Diff/Diff.h"

namespace telegen {
namespace diffchecks {

constexpr Severity E = Severity::Error;

const CheckInfo MetricRemoved = {
    "diff.metric-removed", E,
    "A metric is removed or renamed: queries, dashboards and alerts on it "
    "break."};
const CheckInfo MetricType = {"diff.metric-type", E, "A metric changes type."};
const CheckInfo MetricLabels = {
    "diff.metric-labels", E,
    "A metric's label set changes: queries that select or aggregate by "
    "label break."};
const CheckInfo MetricUnit = {"diff.metric-unit", E, "A metric changes unit."};
const CheckInfo MetricBuckets = {
    "diff.metric-buckets", E,
    "A histogram's buckets change: quantiles across the change and "
    "latency SLOs break."};
const CheckInfo LabelRemoved = {
    "diff.label-removed", E,
    "A label is removed or renamed: its generated enum class goes away."};
const CheckInfo LabelKind = {"diff.label-kind", E,
                             "A label changes between enumerated and dynamic."};
const CheckInfo ValueRemoved = {
    "diff.value-removed", E,
    "A value of an enumerated label or enum field is removed."};
const CheckInfo EventRemoved = {"diff.event-removed", E,
                                "An event is removed or renamed."};
const CheckInfo EventLevel = {
    "diff.event-level", Severity::Warning,
    "An event changes level: log filters and alerts on it may miss it."};
const CheckInfo FieldRemoved = {
    "diff.field-removed", E,
    "A field of an event or attribute of a span is removed."};
const CheckInfo FieldType = {"diff.field-type", E,
                             "A field or attribute changes type."};
const CheckInfo FieldRequired = {
    "diff.field-required", E,
    "A field or attribute becomes required: existing callers do not pass "
    "it."};
const CheckInfo SpanRemoved = {"diff.span-removed", E,
                               "A span is removed or renamed."};
const CheckInfo SpanKind = {"diff.span-kind", E, "A span changes kind."};
const CheckInfo AlertReference = {
    "diff.alert-reference", E,
    "An alert or SLO of the old schema uses a metric, label or label value "
    "the new schema removes or renames: the deployed rule stops matching."};
const CheckInfo Added = {"diff.added", Severity::Note,
                         "Something is added: that breaks nothing."};

} // namespace diffchecks

llvm::ArrayRef<const CheckInfo *> diffChecks() {
  using namespace diffchecks;
  static const CheckInfo *const All[] = {
      &MetricRemoved, &MetricType,   &MetricLabels, &MetricUnit,
      &MetricBuckets, &LabelRemoved, &LabelKind,    &ValueRemoved,
      &EventRemoved,  &EventLevel,   &FieldRemoved, &FieldType,
      &FieldRequired, &SpanRemoved,  &SpanKind,     &AlertReference,
      &Added};
  return All;
}

} // namespace telegen
