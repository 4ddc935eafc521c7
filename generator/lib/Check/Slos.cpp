//===- Slos.cpp - SLOs fit the metrics they are measured on ---------------===//
//
// An error-ratio SLO divides a counter's error series by all its series; a
// latency SLO compares a histogram's bucket at the threshold with its count.
// So the metric has the right type, the error selector uses the metric's
// labels and their values, and the threshold is a bucket bound.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"
#include "Support/Numbers.h"
#include "Support/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

void checkSelector(const CheckContext &C, const Slo &S, const Metric &M,
                   const LabelSelector &Sel) {
  bool OnMetric =
      any_of(M.Labels, [&](const Ref &L) { return L.Name == Sel.Label.Name; });
  if (!OnMetric) {
    C.Diags.report(checks::SloSelector, Sel.Label.Loc,
                   formatv("SLO '{0}' selects errors by label '{1}', which "
                           "metric '{2}' does not have",
                           S.Name, Sel.Label.Name, M.Name));
    return;
  }
  const Label *L = C.M.findLabel(Sel.Label.Name);
  if (!L || L->Kind == LabelKind::Dynamic)
    return;
  std::vector<StringRef> Values(L->Values.begin(), L->Values.end());
  for (const Ref &V : Sel.Values) {
    if (is_contained(Values, V.Name))
      continue;
    StringRef Suggestion = closestSpelling(V.Name, Values);
    std::string Message =
        formatv("'{0}' is not a value of label '{1}'", V.Name, L->Name);
    if (!Suggestion.empty())
      Message += formatv("; did you mean '{0}'?", Suggestion);
    auto D = C.Diags.report(checks::SloSelector, V.Loc, Message);
    if (!Suggestion.empty())
      D.fixIt(Suggestion);
  }
}

void checkSlo(const CheckContext &C, const Slo &S, const Metric &M) {
  MetricType Needed = S.Kind == SloKind::ErrorRatio ? MetricType::Counter
                                                    : MetricType::Histogram;
  if (M.Type != Needed) {
    C.Diags
        .report(checks::SloMetricType, S.Metric.Loc,
                formatv("SLO '{0}' is {1}, measured on a {2}; metric '{3}' is "
                        "a {4}",
                        S.Name,
                        S.Kind == SloKind::ErrorRatio ? "an error ratio"
                                                      : "a latency objective",
                        name(Needed), M.Name, name(M.Type)))
        .note(M.Loc, "metric declared here");
    return;
  }
  for (const LabelSelector &Sel : S.Errors)
    checkSelector(C, S, M, Sel);
  if (S.Kind == SloKind::Latency && !is_contained(M.Buckets, S.Threshold)) {
    // The bounds on either side of the threshold (buckets are ascending).
    auto Above = upper_bound(M.Buckets, S.Threshold);
    std::vector<std::string> Nearest;
    if (Above != M.Buckets.begin())
      Nearest.push_back(formatNumber(*std::prev(Above)));
    if (Above != M.Buckets.end())
      Nearest.push_back(formatNumber(*Above));
    std::string Bounds;
    for (double B : M.Buckets)
      Bounds += (Bounds.empty() ? "" : ", ") + formatNumber(B);
    C.Diags
        .report(checks::SloThreshold, S.Loc,
                formatv("SLO '{0}' has threshold {1}, which is not a bucket "
                        "bound of '{2}' ({3}); Prometheus can only count "
                        "requests up to a bound: use {4}, or add {1} to the "
                        "buckets",
                        S.Name, formatNumber(S.Threshold), M.Name, Bounds,
                        join(Nearest, " or ")))
        .note(M.Loc, "metric declared here");
  }
}

} // namespace

void checkSlos(const CheckContext &C) {
  std::vector<StringRef> Metrics = namesOf(C.M.Metrics);
  for (const Slo &S : C.M.Slos) {
    const Metric *M = C.M.findMetric(S.Metric.Name);
    if (!M) {
      C.reportUndefined(S.Metric,
                        formatv("SLO '{0}' is measured on metric '{1}', which "
                                "is not declared",
                                S.Name, S.Metric.Name),
                        Metrics, "metric:" + S.Metric.Name);
      continue;
    }
    checkSlo(C, S, *M);
  }
}

} // namespace telegen
