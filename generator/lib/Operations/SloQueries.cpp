//===- SloQueries.cpp - The series an SLO's rules record and read ---------===//
#include "Operations/SloQueries.h"

#include "Operations/AlertCatalog.h"
#include "Operations/Promql.h"
#include "Support/Duration.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace operations {

double errorBudget(const Slo &S) {
  return roundRatio((100 - S.Objective) / 100);
}

uint64_t sloWindow(const Slo &S) { return parseDuration(S.Window).value_or(0); }

std::string errorRatioRecord(uint64_t Window) {
  return "slo:sli_error:ratio_rate" + formatDuration(Window);
}

std::string sloWindowRecord(const Slo &S) {
  // A window the method records anyway keeps the method's name.
  if (is_contained(sloWindows(), sloWindow(S)))
    return errorRatioRecord(sloWindow(S));
  return "slo:sli_error:ratio_rate" + S.Window;
}

std::string budgetRemainingRecord() { return "slo:error_budget:remaining"; }

std::string sloSelector(const Slo &S) {
  return "{slo=" + promqlString(S.Name) + "}";
}

std::vector<std::string> errorMatchers(const Slo &S) {
  std::vector<std::string> Matchers;
  for (const LabelSelector &Sel : S.Errors) {
    std::vector<std::string> Values;
    for (const Ref &V : Sel.Values)
      Values.push_back(V.Name);
    Matchers.push_back(valuesMatcher(Sel.Label.Name, Values));
  }
  return Matchers;
}

std::string errorRatioExpr(const Slo &S, uint64_t Window, const Options &O) {
  std::string Range = "[" + scaledDuration(Window, O) + "]";
  auto Rate = [&](StringRef Series, StringRef Matchers) {
    std::string Selector = Series.str();
    if (!Matchers.empty())
      Selector += "{" + Matchers.str() + "}";
    return "sum(rate(" + Selector + Range + "))";
  };
  if (S.Kind == SloKind::Latency) {
    // Bad events: those above the threshold's bucket.
    return formatv("1 - {0} / {1}",
                   Rate(S.Metric.Name + "_bucket", bucketMatcher(S.Threshold)),
                   Rate(S.Metric.Name + "_count", ""))
        .str();
  }
  return formatv("({0} or vector(0)) / {1}",
                 Rate(S.Metric.Name, join(errorMatchers(S), ", ")),
                 Rate(S.Metric.Name, ""))
      .str();
}

} // namespace operations
} // namespace telegen
