//===- SloRules.cpp - Recording rules and burn-rate alerts of each SLO ----===//
//
// The multi-window, multi-burn-rate method of the Site Reliability
// Workbook: error ratios recorded over 5m to 3d (and the SLO's own window),
// and four alerts, each firing while the budget burns a given factor too
// fast over a long window and a short one (the short one makes it resolve
// soon after the burn stops).
//
//===----------------------------------------------------------------------===//
#include "Operations/AlertCatalog.h"
#include "Operations/Promql.h"
#include "Operations/Rules.h"
#include "Operations/SloQueries.h"
#include "Support/Duration.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace operations {
namespace {

std::vector<uint64_t> recordedWindows(const Slo &S) {
  std::vector<uint64_t> Windows(sloWindows().begin(), sloWindows().end());
  if (!is_contained(Windows, sloWindow(S)))
    Windows.push_back(sloWindow(S));
  return Windows;
}

Rule record(std::string Name, std::string Expr, const Slo &S) {
  Rule R;
  R.Name = std::move(Name);
  R.Expr = std::move(Expr);
  R.Labels = {{"slo", S.Name}};
  return R;
}

} // namespace

Rule burnRateRule(const Slo &S, const BurnRateAlertInfo &A, const Options &O) {
  double Budget = errorBudget(S);
  std::string Threshold = formatRatio(A.Factor * Budget);
  Rule R;
  R.Alert = true;
  R.Name = A.Name.str();
  // Also on the series; as a rule label it tells the SLOs' rules apart.
  R.Labels = {{"slo", S.Name}};
  R.Expr =
      formatv("{0}{2} > {3} and {1}{2} > {3}", errorRatioRecord(A.LongWindow),
              errorRatioRecord(A.ShortWindow), sloSelector(S), Threshold);
  std::string Exhausted =
      formatDuration(static_cast<uint64_t>(sloWindow(S) / A.Factor));
  describeAlert(
      R, A.Severity,
      formatv("SLO {0} burns its error budget at {1}x the rate it may.", S.Name,
              formatRatio(A.Factor)),
      formatv("Over both the last {0} and {1}, more than {2}% of {3}'s "
              "events were bad, where the SLO allows {4}% over {5}: at this "
              "rate its error budget is spent in {6}. {7}",
              scaledDuration(A.LongWindow, O), scaledDuration(A.ShortWindow, O),
              formatRatio(A.Factor * Budget * 100), S.Metric.Name,
              formatRatio(Budget * 100), S.Window, Exhausted,
              A.Severity == AlertSeverity::Critical ? "This pages."
                                                    : "This opens a ticket."),
      O);
  return R;
}

std::vector<RuleGroup> sloRules(const Model &M, const Options &O) {
  if (M.Slos.empty())
    return {};
  RuleGroup Recording{O.FileStem + ".slo-recording", {}};
  RuleGroup Alerts{O.FileStem + ".slo-alerts", {}};
  for (const Slo &S : M.Slos) {
    for (uint64_t Window : recordedWindows(S))
      Recording.Rules.push_back(record(Window == sloWindow(S)
                                           ? sloWindowRecord(S)
                                           : errorRatioRecord(Window),
                                       errorRatioExpr(S, Window, O), S));
    Recording.Rules.push_back(
        record(budgetRemainingRecord(),
               formatv("1 - {0}{1} / {2}", sloWindowRecord(S), sloSelector(S),
                       formatRatio(errorBudget(S))),
               S));
    for (const BurnRateAlertInfo &A : burnRateAlerts())
      Alerts.Rules.push_back(burnRateRule(S, A, O));
  }
  return {std::move(Recording), std::move(Alerts)};
}

} // namespace operations
} // namespace telegen
