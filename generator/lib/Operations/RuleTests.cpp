//===- RuleTests.cpp - promtool unit tests of the generated alerts --------===//
//
// Series are sampled every (scaled) minute, or more sparsely for the long
// SLO windows. Resilience alerts are evaluated every minute: a gauge's
// condition starts holding at an evaluation, so the alert is pending then
// and a minute before its 'for' ends, and fires when it ends. SLO alerts are
// evaluated every hour, recording rules first: each case is checked at the
// first hour where it must hold.
//
//===----------------------------------------------------------------------===//
#include "Operations/RuleTests.h"

#include "Operations/AlertCatalog.h"
#include "Operations/Promql.h"
#include "Operations/SloQueries.h"
#include "Support/Duration.h"
#include "Support/Numbers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include "llvm/Support/FormatVariadic.h"
#include <algorithm>

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace operations {
namespace {

constexpr uint64_t Minute = 60 * 1000;

std::string number(double V) { return formatRatio(V); }

/// Values rising by Step per sample, Count samples in all.
std::string rising(double Step, uint64_t Count) {
  return formatv("0+{0}x{1}", number(Step), Count - 1);
}

/// Inactive samples up to Start, then Active up to End.
std::string stepUp(double Inactive, double Active, uint64_t Start, uint64_t End,
                   uint64_t Interval) {
  return formatv("{0}x{1} {2}x{3}", number(Inactive), Start / Interval - 1,
                 number(Active), (End - Start) / Interval);
}

uint64_t ceilTo(uint64_t Value, uint64_t Multiple) {
  return (Value + Multiple - 1) / Multiple * Multiple;
}

ExpectedAlert expected(const Rule &R, KeyValues SeriesLabels,
                       StringRef Template = "", StringRef Value = "") {
  ExpectedAlert A;
  A.Labels = R.Labels;
  for (auto &Label : SeriesLabels)
    if (none_of(A.Labels,
                [&](const auto &L) { return L.first == Label.first; }))
      A.Labels.push_back(std::move(Label));
  for (const auto &[Key, Text] : R.Annotations) {
    std::string Rendered = Text;
    if (!Template.empty())
      for (size_t At;
           (At = Rendered.find(Template.str())) != std::string::npos;)
        Rendered.replace(At, Template.size(), Value.str());
    A.Annotations.push_back({Key, Rendered});
  }
  return A;
}

class TestBuilder {
public:
  TestBuilder(const Model &M, const Options &O)
      : M(M), O(O), Step(scaled(Minute, O)) {
    Resilience.Name = "resilience";
    Resilience.EvaluationInterval = Step;
    Slos.Name = "slo";
    Slos.EvaluationInterval = 60 * Step;
  }

  std::vector<RuleTestFile> take() {
    std::vector<RuleTestFile> Files;
    for (RuleTestFile *F : {&Resilience, &Slos})
      if (!F->Tests.empty())
        Files.push_back(std::move(*F));
    return Files;
  }

  void resilience(const ResilienceRule &RR) {
    const Rule &R = RR.R;
    StringRef D = RR.D ? StringRef(RR.D->Name) : "";
    std::string Dep = "dependency=" + promqlString(D);
    // A gauge's condition starts holding at Start; a rate's once its window
    // has seen the counter rise.
    const uint64_t Eval = Step;
    uint64_t Start = 5 * Step;
    bool IsRate = false;
    uint64_t Window = scaled(5 * Minute, O);
    uint64_t Fires = Start + ceilTo(R.For, Eval);
    KeyValues Labels = {{"dependency", D.str()}};
    auto Gauge = [&](StringRef Metric, double Off, double On) {
      return TestSeries{formatv("{0}{{{1}}", Metric, Dep),
                        stepUp(Off, On, Start, Fires + Eval, Step)};
    };
    std::vector<TestSeries> Firing, Silent;
    std::string Below = "below its threshold";
    if (!RR.Info->Tuning) {
      // Executor pools: busy workers over the pool's maximum.
      Labels = {{"pool_type", "io"}};
      auto Pool = [&](StringRef Metric, double V) {
        return TestSeries{formatv("{0}{{pool_type=\"io\"}", Metric),
                          stepUp(0, V, Start, Fires + Eval, Step)};
      };
      Firing = {Pool("executor_active_workers", 50 * (1 + RR.Threshold)),
                Pool("executor_max_workers", 100)};
      Silent = {Pool("executor_active_workers", 50 * RR.Threshold),
                Pool("executor_max_workers", 100)};
    } else {
      switch (*RR.Info->Tuning) {
      case ResilienceAlert::CircuitBreakerOpen:
      case ResilienceAlert::CircuitBreakerHalfOpen: {
        bool Open = *RR.Info->Tuning == ResilienceAlert::CircuitBreakerOpen;
        Firing = {Gauge("circuit_breaker_state", 0, Open ? 2 : 1)};
        Silent = {Gauge("circuit_breaker_state", 0, Open ? 1 : 2)};
        Below = Open ? "while half-open" : "while open";
        break;
      }
      case ResilienceAlert::SemaphoreExhausted:
        Firing = {Gauge("semaphore_available", 100, 50 * RR.Threshold),
                  Gauge("semaphore_capacity", 100, 100)};
        Silent = {Gauge("semaphore_available", 100, 50 * (1 + RR.Threshold)),
                  Gauge("semaphore_capacity", 100, 100)};
        break;
      case ResilienceAlert::RetryRate:
      case ResilienceAlert::TimeoutRate:
      case ResilienceAlert::BulkheadRejections: {
        IsRate = true;
        Fires += Window + Eval;
        StringRef Metric = *RR.Info->Tuning == ResilienceAlert::RetryRate
                               ? "retry_attempts_total"
                           : *RR.Info->Tuning == ResilienceAlert::TimeoutRate
                               ? "timeout_exceeded_total"
                               : "bulkhead_rejections_total";
        std::string Series =
            formatv("{0}{{{1}{2}}", Metric, Dep,
                    *RR.Info->Tuning == ResilienceAlert::RetryRate
                        ? ", outcome=\"retry\""
                        : "");
        double Seconds = Step / 1000.0;
        uint64_t Count = (Fires + Eval) / Step + 1;
        Firing = {
            {Series, rising(std::max(2 * RR.Threshold, 1.0) * Seconds, Count)}};
        Silent = {{Series, rising(RR.Threshold / 2 * Seconds, Count)}};
        break;
      }
      }
    }
    std::string Who = D.empty() ? R.Name : R.Name + " for " + D.str();
    RuleTest Fire{formatv("{0} fires after {1}", Who, formatDuration(R.For)),
                  Step,
                  Firing,
                  {{Fires,
                    R.Name,
                    {expected(R, Labels, "{{ $labels.pool_type }}", "io")}}}};
    // Pending, not firing, from the first evaluation that sees the
    // condition to the last before its 'for' ends.
    if (!IsRate && R.For > 0) {
      Fire.Checks.insert(Fire.Checks.begin(), {Start, R.Name, {}});
      if (ceilTo(R.For, Eval) > Eval)
        Fire.Checks.insert(Fire.Checks.begin() + 1, {Fires - Eval, R.Name, {}});
    }
    Resilience.Tests.push_back(std::move(Fire));
    Resilience.Tests.push_back(
        {formatv("{0} stays silent {1}", Who, Below).str(),
         Step,
         Silent,
         {{Fires, R.Name, {}}}});
  }

  void burnRate(const Slo &S, const BurnRateAlertInfo &A) {
    Rule R = burnRateRule(S, A, O);
    uint64_t Long = scaled(A.LongWindow, O), Short = scaled(A.ShortWindow, O);
    uint64_t Interval = std::max<uint64_t>(Short / 10, 1);
    uint64_t End = ceilTo(Long + 2 * Short, Slos.EvaluationInterval);
    uint64_t Count = End / Interval + 1;
    double Budget = errorBudget(S);
    ExpectedAlert Alert = expected(R, {{"slo", S.Name}});
    std::string Who = formatv("{0} of {1}", R.Name, S.Name);

    auto Add = [&](std::string Name, double Bad, bool Recovers, bool Fires) {
      std::vector<TestSeries> Series =
          series(S, Bad, Recovers, (End - 2 * Short) / Interval, Count);
      if (Series.empty())
        return;
      std::vector<ExpectedAlert> Alerts;
      if (Fires)
        Alerts.push_back(Alert);
      Slos.Tests.push_back(
          {std::move(Name), Interval, Series, {{End, R.Name, Alerts}}});
    };
    double Fast = 1.25 * A.Factor * Budget;
    if (Fast <= 1)
      Add(formatv("{0} fires at {1}x the budget", Who, number(1.25 * A.Factor)),
          Fast, false, true);
    Add(formatv("{0} stays silent at {1}x the budget", Who,
                number(0.75 * A.Factor)),
        0.75 * A.Factor * Budget, false, false);
    // Burning twice too fast over the long window, then nothing over the
    // short one: the long window alone would fire.
    double Burst = std::min(1.0, 2 * A.Factor * Budget);
    if (Burst * (Long - 2 * Short) / Long > A.Factor * Budget)
      Add(formatv("{0} stays silent once the burn stopped", Who), Burst, true,
          false);
  }

private:
  /// Bad and good series of S's metric: Bad is the share of bad events;
  /// Recovers stops bad events after Stop samples. Empty when the SLO
  /// leaves no series to count as good.
  std::vector<TestSeries> series(const Slo &S, double Bad, bool Recovers,
                                 uint64_t Stop, uint64_t Count) {
    const double Total = 1000;
    auto Bads = [&](double PerSample) {
      if (!Recovers)
        return rising(PerSample, Count);
      return formatv("0+{0}x{1} {2}+0x{3}", number(PerSample), Stop,
                     number(PerSample * Stop), Count - Stop - 2)
          .str();
    };
    if (S.Kind == SloKind::Latency) {
      std::string Bucket = S.Metric.Name + "_bucket{le=" +
                           promqlString(formatGoFloat(S.Threshold)) + "}";
      auto Goods = [&]() {
        double Good = Total * (1 - Bad);
        if (!Recovers)
          return rising(Good, Count);
        return formatv("0+{0}x{1} {2}+{3}x{4}", number(Good), Stop,
                       number(Good * Stop + Total), number(Total),
                       Count - Stop - 2)
            .str();
      };
      return {{Bucket, Goods()},
              {S.Metric.Name + "_count", rising(Total, Count)}};
    }
    std::vector<std::string> BadLabels, GoodLabels;
    for (const LabelSelector &Sel : S.Errors) {
      BadLabels.push_back(Sel.Label.Name + "=" +
                          promqlString(Sel.Values.front().Name));
      GoodLabels.push_back(BadLabels.back());
    }
    std::optional<std::string> GoodValue = goodValue(S.Errors.front());
    if (!GoodValue)
      return {};
    GoodLabels.front() =
        S.Errors.front().Label.Name + "=" + promqlString(*GoodValue);
    return {
        {S.Metric.Name + "{" + join(BadLabels, ", ") + "}", Bads(Total * Bad)},
        {S.Metric.Name + "{" + join(GoodLabels, ", ") + "}",
         rising(Total * (1 - Bad), Count)}};
  }

  /// A value of the selector's label that does not count as an error.
  std::optional<std::string> goodValue(const LabelSelector &Sel) {
    const Label *L = M.findLabel(Sel.Label.Name);
    if (L && L->Kind == LabelKind::Dynamic)
      return std::string("ok");
    if (L)
      for (const std::string &V : L->Values)
        if (none_of(Sel.Values, [&](const Ref &E) { return E.Name == V; }))
          return V;
    return std::nullopt;
  }

  const Model &M;
  const Options &O;
  uint64_t Step;
  RuleTestFile Resilience, Slos;
};

} // namespace

std::vector<RuleTestFile> buildRuleTests(const Model &M, const Options &O) {
  TestBuilder B(M, O);
  for (const ResilienceRule &R : resilienceRuleList(M, O))
    B.resilience(R);
  for (const Slo &S : M.Slos)
    for (const BurnRateAlertInfo &A : burnRateAlerts())
      B.burnRate(S, A);
  std::vector<RuleTestFile> Files = B.take();
  // Recording rules first, so the alerts read this step's values.
  std::vector<RuleGroup> Groups = buildRuleGroups(M, O);
  std::stable_partition(Groups.begin(), Groups.end(), [](const RuleGroup &G) {
    return any_of(G.Rules, [](const Rule &R) { return !R.Alert; });
  });
  for (RuleTestFile &F : Files)
    for (const RuleGroup &G : Groups)
      F.GroupOrder.push_back(G.Name);
  return Files;
}

} // namespace operations
} // namespace telegen
