//===- ResilienceRules.cpp - The resilience contract's alerts -------------===//
//
// One rule per dependency and alert, so each dependency has its own
// severity (a critical dependency's open breaker pages), threshold and
// 'for'; the executor pools' saturation is one rule over every pool.
//
//===----------------------------------------------------------------------===//
#include "Operations/AlertCatalog.h"
#include "Operations/Promql.h"
#include "Operations/Rules.h"
#include "Support/Duration.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace operations {
namespace {

/// A dependency's alert, with its tuned or default threshold and 'for'.
struct Instance {
  const ResilienceAlertInfo &Info;
  const Dependency &D;
  double Threshold;
  std::string For;    // scaled, as written in the rule
  std::string Window; // the rate window, scaled
  std::string Selector;
};

/// The window the rate alerts average over.
constexpr uint64_t RateWindow = 5 * 60 * 1000;

std::string percent(double Ratio) { return formatRatio(Ratio * 100) + "%"; }

std::string perSecond(double Rate) { return formatRatio(Rate) + " a second"; }

/// The dependency's rate of a counter over the window, above the threshold.
std::string rateAbove(const Instance &I, StringRef Counter,
                      StringRef Matchers = "") {
  return formatv("sum by (dependency) (rate({0}{{{1}{2}}[{3}])) > {4}", Counter,
                 I.Selector, Matchers, I.Window, formatRatio(I.Threshold));
}

/// The expression, summary and description of one alert for one
/// dependency.
void fill(Rule &R, const Instance &I, const Options &O) {
  const std::string &D = I.D.Name;
  AlertSeverity Severity = AlertSeverity::Warning;
  std::string Summary, Description;
  switch (*I.Info.Tuning) {
  case ResilienceAlert::CircuitBreakerOpen:
    R.Expr = formatv("circuit_breaker_state{{{0}} == 2", I.Selector);
    Severity = I.D.Critical ? AlertSeverity::Critical : AlertSeverity::Warning;
    Summary = formatv("The circuit breaker to {0} is open.", D);
    Description = formatv("Calls to {0} have failed fast for {1}: the breaker "
                          "opened after repeated failures and has not closed "
                          "since.",
                          D, I.For);
    if (I.D.Critical)
      Description += formatv(" {0} is critical: /health/ready fails while "
                             "its breaker is open.",
                             D);
    break;
  case ResilienceAlert::CircuitBreakerHalfOpen:
    R.Expr = formatv("circuit_breaker_state{{{0}} == 1", I.Selector);
    Summary = formatv("The circuit breaker to {0} has been half-open for "
                      "{1}.",
                      D, I.For);
    Description = formatv("The breaker lets trial calls through to {0}, and "
                          "none has closed it for {1}: the trial calls fail, "
                          "or none are made.",
                          D, I.For);
    break;
  case ResilienceAlert::RetryRate:
    R.Expr = rateAbove(I, "retry_attempts_total", ", outcome=\"retry\"");
    Summary = formatv("Calls to {0} are retried more than {1}.", D,
                      perSecond(I.Threshold));
    Description = formatv("For {0}, calls to {1} were retried more than {2} "
                          "(over {3}): {1} fails often, and the retries add "
                          "to its load.",
                          I.For, D, perSecond(I.Threshold), I.Window);
    break;
  case ResilienceAlert::TimeoutRate:
    R.Expr = rateAbove(I, "timeout_exceeded_total");
    Summary = formatv("Calls to {0} time out more than {1}.", D,
                      perSecond(I.Threshold));
    Description = formatv("For {0}, more than {1} calls to {2} ran out of "
                          "time (over {3}): {2} is slow or unreachable.",
                          I.For, perSecond(I.Threshold), D, I.Window);
    break;
  case ResilienceAlert::BulkheadRejections:
    R.Expr = rateAbove(I, "bulkhead_rejections_total");
    Summary = I.Threshold == 0
                  ? formatv("The bulkhead to {0} turns calls away.", D).str()
                  : formatv("The bulkhead to {0} turns away more than {1} "
                            "calls.",
                            D, perSecond(I.Threshold))
                        .str();
    Description = formatv("For {0}, calls to {1} found every permit of its "
                          "bulkhead taken and were rejected: {1} is slow to "
                          "answer, or this service sends it more than the "
                          "bulkhead allows.",
                          I.For, D);
    break;
  case ResilienceAlert::SemaphoreExhausted:
    R.Expr = formatv("semaphore_available{{{0}} / semaphore_capacity{{{0}} "
                     "< {1}",
                     I.Selector, formatRatio(I.Threshold));
    Summary = formatv("Fewer than {0} of the permits to {1} are left.",
                      percent(I.Threshold), D);
    Description = formatv("For {0}, calls to {1} held more than {2} of its "
                          "semaphore's permits: the next calls wait or are "
                          "rejected.",
                          I.For, D, percent(1 - I.Threshold));
    break;
  }
  describeAlert(R, Severity, std::move(Summary), std::move(Description), O);
}

Rule executorRule(const ResilienceAlertInfo &Info, const Options &O) {
  Rule R;
  R.Alert = true;
  R.Name = Info.Name.str();
  R.For = scaled(Info.For, O);
  std::string For = formatDuration(R.For);
  R.Expr = "executor_active_workers / executor_max_workers > " +
           formatRatio(Info.Threshold);
  describeAlert(
      R, AlertSeverity::Warning,
      formatv("Executor pool {{{{ $labels.pool_type }} is over {0} busy.",
              percent(Info.Threshold)),
      formatv("For {0}, more than {1} of the workers of pool {{{{ "
              "$labels.pool_type }} ran tasks: new tasks wait in its queue "
              "(executor_pending_tasks).",
              For, percent(Info.Threshold)),
      O);
  return R;
}

} // namespace

std::vector<ResilienceRule> resilienceRuleList(const Model &M,
                                               const Options &O) {
  std::vector<ResilienceRule> Rules;
  for (const ResilienceAlertInfo &Info : resilienceAlerts()) {
    if (!M.findMetric(Info.Metric))
      continue;
    if (!Info.Tuning) {
      Rules.push_back({executorRule(Info, O), Info.Threshold, &Info, nullptr});
      continue;
    }
    // The semaphore's ratio needs its capacity too.
    if (*Info.Tuning == ResilienceAlert::SemaphoreExhausted &&
        !M.findMetric("semaphore_capacity"))
      continue;
    for (const Dependency &D : M.Dependencies) {
      const AlertTuning *T = D.findTuning(*Info.Tuning);
      Rule R;
      R.Alert = true;
      R.Name = Info.Name.str();
      // Also on the series; as a rule label it tells the rules apart.
      R.Labels = {{"dependency", D.Name}};
      R.For = scaled(T && T->For ? *T->For : Info.For, O);
      Instance I{Info,
                 D,
                 T && T->Threshold ? *T->Threshold : Info.Threshold,
                 formatDuration(R.For),
                 scaledDuration(RateWindow, O),
                 "dependency=" + promqlString(D.Name)};
      fill(R, I, O);
      Rules.push_back({std::move(R), I.Threshold, &Info, &D});
    }
  }
  return Rules;
}

std::vector<RuleGroup> resilienceRules(const Model &M, const Options &O) {
  RuleGroup G{O.FileStem + ".resilience", {}};
  for (ResilienceRule &R : resilienceRuleList(M, O))
    G.Rules.push_back(std::move(R.R));
  if (G.Rules.empty())
    return {};
  return {std::move(G)};
}

} // namespace operations
} // namespace telegen
