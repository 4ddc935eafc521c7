//===- OperationsDashboard.cpp - Traffic, errors, latency, saturation -----===//
//
// Built from the service's own metrics (with the RED metrics the built-in
// http schema records for it): each counter's rate by each of its
// labels, each error-ratio SLO's errors by the metric's other labels, each
// histogram's p50/p95/p99 overall and by each label (with links to the
// traces), each gauge; then the resilience contract's dependencies and
// the service's health.
//
//===----------------------------------------------------------------------===//
#include "Operations/DashboardParts.h"
#include "Operations/Promql.h"
#include "Operations/SloQueries.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace operations {
namespace {

/// The service's metrics: its own, and the http schema's, which
/// TracedRoutes and Client record for it (the other built-ins have
/// dashboards of their own).
std::vector<const Metric *> ownMetrics(const Model &M, MetricType Type) {
  std::vector<const Metric *> Own;
  for (const Metric &X : M.Metrics)
    if ((X.Builtin.empty() || X.Builtin == "http") && X.Type == Type)
      Own.push_back(&X);
  return Own;
}

/// The labels to break a panel down by, or one empty "label" (no
/// breakdown) for a metric without labels.
std::vector<std::string> breakdowns(const Metric &X) {
  std::vector<std::string> By;
  for (const Ref &L : X.Labels)
    By.push_back(L.Name);
  if (By.empty())
    By.push_back("");
  return By;
}

std::string legendOf(StringRef Label, StringRef Fallback) {
  return Label.empty() ? Fallback.str() : "{{" + Label.str() + "}}";
}

void traffic(DashboardLayout &L, const Model &M) {
  std::vector<const Metric *> Counters = ownMetrics(M, MetricType::Counter);
  if (Counters.empty())
    return;
  L.row("Traffic");
  for (const Metric *X : Counters)
    for (const std::string &By : breakdowns(*X))
      L.add(timeSeries(
          By.empty() ? X->Name : X->Name + " by " + By,
          X->Help + " Per second.", "reqps",
          {{sumRate(jobSelector(X->Name), By), legendOf(By, X->Name)}}));
}

void errors(DashboardLayout &L, const Model &M) {
  bool First = true;
  for (const Slo &S : M.Slos) {
    if (S.Kind != SloKind::ErrorRatio)
      continue;
    const Metric *X = M.findMetric(S.Metric.Name);
    if (!X)
      continue;
    if (First)
      L.row("Errors");
    First = false;
    std::vector<std::string> Matchers = errorMatchers(S);
    std::string Errors = jobSelector(X->Name, join(Matchers, ", "));
    std::string All = jobSelector(X->Name);
    std::vector<std::string> By{""};
    for (const Ref &Label : X->Labels)
      if (none_of(S.Errors, [&](const LabelSelector &Sel) {
            return Sel.Label.Name == Label.Name;
          }))
        By.push_back(Label.Name);
    for (const std::string &B : By)
      L.add(timeSeries(
          formatv("{0} error ratio{1}", X->Name, B.empty() ? "" : " by " + B),
          formatv("The share of {0} that SLO {1} counts as errors ({2}).",
                  X->Name, S.Name, join(Matchers, ", ")),
          "percentunit",
          {{formatv("({0} or {1} * 0) / {1}", sumRate(Errors, B),
                    sumRate(All, B)),
            legendOf(B, "errors")}}));
  }
}

void latency(DashboardLayout &L, const Model &M) {
  std::vector<const Metric *> Histograms = ownMetrics(M, MetricType::Histogram);
  if (Histograms.empty())
    return;
  L.row("Latency and distributions");
  for (const Metric *X : Histograms) {
    std::vector<std::string> By{""};
    for (const Ref &Label : X->Labels)
      By.push_back(Label.Name);
    for (const std::string &B : By) {
      std::vector<PanelQuery> Queries;
      for (auto [Q, Name] : {std::pair<StringRef, StringRef>{"0.5", "p50"},
                             {"0.95", "p95"},
                             {"0.99", "p99"}}) {
        std::string Grouping = B.empty() ? "le" : "le, " + B;
        Queries.push_back(
            {formatv("histogram_quantile({0}, {1})", Q,
                     sumRate(jobSelector(X->Name + "_bucket"), Grouping)),
             B.empty() ? Name.str() : Name.str() + " {{" + B + "}}"});
      }
      // Each exemplar once, on the p50 query: a point opens its trace.
      Queries.front().Exemplar = X->Exemplars;
      // A latency links to the traces behind it.
      bool Latency = X->Unit == "seconds";
      Panel P = timeSeries(
          formatv("{0} p50, p95, p99{1}", X->Name, B.empty() ? "" : " by " + B),
          X->Help +
              (Latency ? " Click a point for the traces slower than it." : ""),
          grafanaUnit(X->Unit), std::move(Queries));
      if (Latency)
        P.Links = traceLinks();
      L.add(std::move(P));
    }
  }
}

void saturation(DashboardLayout &L, const Model &M) {
  std::vector<const Metric *> Gauges = ownMetrics(M, MetricType::Gauge);
  if (Gauges.empty())
    return;
  L.row("Saturation");
  for (const Metric *X : Gauges) {
    std::vector<std::string> Labels;
    for (const Ref &Label : X->Labels)
      Labels.push_back(Label.Name);
    std::string By = join(Labels, ", ");
    std::string Legend;
    for (const std::string &Label : Labels)
      Legend += (Legend.empty() ? "" : " ") + ("{{" + Label + "}}");
    L.add(timeSeries(X->Name, X->Help, grafanaUnit(X->Unit),
                     {{(By.empty() ? "sum(" : "sum by (" + By + ") (") +
                           jobSelector(X->Name) + ")",
                       Legend.empty() ? X->Name : Legend}}));
  }
}

void dependencies(DashboardLayout &L, const Model &M) {
  if (!hasResilience(M))
    return;
  L.row("Dependencies");
  L.add(breakerTimeline(), 24);
  if (M.findMetric("executor_active_workers")) {
    L.add(timeSeries(
        "Executor pool utilisation",
        "Busy workers over the pool's maximum, per pool type "
        "(executor_active_workers / executor_max_workers).",
        "percentunit",
        {{"sum by (pool_type) (" + jobSelector("executor_active_workers") +
              ") / sum by (pool_type) (" + jobSelector("executor_max_workers") +
              ")",
          "{{pool_type}}"}}));
    L.add(timeSeries(
        "Executor queue", "Tasks waiting for a worker.", "short",
        {{"sum by (pool_type) (" + jobSelector("executor_pending_tasks") + ")",
          "{{pool_type}}"}}));
  }
  if (M.findMetric("semaphore_capacity"))
    L.add(timeSeries(
        "Semaphore saturation",
        "The share of each dependency's semaphore permits in use (1 - "
        "semaphore_available / semaphore_capacity).",
        "percentunit",
        {{"1 - sum by (dependency) (" + jobSelector("semaphore_available") +
              ") / sum by (dependency) (" + jobSelector("semaphore_capacity") +
              ")",
          "{{dependency}}"}}));
}

void health(DashboardLayout &L, const Model &M) {
  L.row("Health");
  Panel Up =
      stat("Scraped", "Whether Prometheus reaches the service's /metrics.",
           "short", {{"min(up{job=~\"$job\"})", "up"}});
  Up.Mappings = {{"1", "up", "green"}, {"0", "down", "red"}};
  L.add(std::move(Up), 6);
  std::vector<std::string> Critical;
  for (const Dependency &D : M.Dependencies)
    if (D.Critical)
      Critical.push_back(D.Name);
  if (hasResilience(M) && !Critical.empty()) {
    Panel Ready =
        stat("Ready",
             "What /health/ready answers: not ready while the breaker of a "
             "critical dependency (" +
                 join(Critical, ", ") + ") is open.",
             "short",
             {{"max(" +
                   jobSelector("circuit_breaker_state",
                               valuesMatcher("dependency", Critical)) +
                   ") == bool 2",
               "not ready"}});
    Ready.Mappings = {{"0", "ready", "green"}, {"1", "not ready", "red"}};
    L.add(std::move(Ready), 6);
  }
  // rate() drops the metric's name, which tells the counters apart: it is
  // copied into a label first.
  L.add(timeSeries("Telemetry dropped",
                   "Spans, log records and metric updates telegen's runtime "
                   "dropped rather than block the service, per second, by "
                   "counter (telegen_*_dropped_total).",
                   "short",
                   {{"sum by (counter) (rate(label_replace({__name__=~"
                     "\"telegen_.+_dropped_total\", job=~\"$job\"}, "
                     "\"counter\", \"$1\", \"__name__\", \"(.+)\")"
                     "[$__rate_interval:]))",
                     "{{counter}}"}}));
}

} // namespace

Dashboard operationsDashboard(const Model &M, const Options &O) {
  Dashboard D = newDashboard(
      O, "operations", "operations",
      "Traffic, errors, latency and saturation of the service, its "
      "dependencies and its health. Generated by telegen from " +
          O.FileStem + "'s schema.");
  DashboardLayout L(D);
  traffic(L, M);
  errors(L, M);
  latency(L, M);
  saturation(L, M);
  dependencies(L, M);
  health(L, M);
  return D;
}

} // namespace operations
} // namespace telegen
