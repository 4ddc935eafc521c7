//===- Runbooks.cpp - One runbook per alert -------------------------------===//
//
// The steps are written for the service telegen instruments: its log is
// JSON lines (logs/system.jsonl in its working directory unless
// configured), every resilience event carries resilience_event, dependency,
// error, request_id and trace_id, /health/detailed on its admin port shows
// the breakers, and it is one process gdb and perf can attach to.
//
//===----------------------------------------------------------------------===//
#include "Operations/Runbooks.h"

#include "Operations/AlertCatalog.h"
#include "Operations/Promql.h"
#include "Operations/SloQueries.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <set>

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace operations {
namespace {

constexpr StringRef Log = "logs/system.jsonl";

std::string dependencyNames(const Model &M) {
  std::vector<std::string> Names;
  for (const Dependency &D : M.Dependencies)
    Names.push_back(D.Name);
  return join(Names, ", ");
}

/// The dependency the queries of a runbook show: the first.
StringRef shownDependency(const Model &M) {
  return M.Dependencies.empty() ? "" : StringRef(M.Dependencies.front().Name);
}

/// Sets $dep for the commands that follow.
RunbookStep pickDependency(const Model &M) {
  return {formatv("The alert's `dependency` label names the dependency (one "
                  "of: {0}). The commands below read it from `$dep`; the "
                  "queries show `{1}`.",
                  dependencyNames(M), shownDependency(M)),
          formatv("dep={0}", shownDependency(M)), "sh"};
}

RunbookStep events(StringRef Event, StringRef What) {
  return {What.str(),
          formatv("jq -c --arg dep \"$dep\" 'select(.resilience_event == "
                  "\"{0}\" and .dependency == $dep) | {{timestamp, error, "
                  "duration_ms, request_id, trace_id}' {1} | tail -n 20",
                  Event, Log),
          "sh"};
}

RunbookStep followRequest() {
  return {"Follow one request through the log by its `request_id` (or the "
          "whole trace by its `trace_id`, which also finds it in Tempo or "
          "Jaeger).",
          formatv("jq -c --arg id \"$request_id\" 'select(.request_id == "
                  "$id)' {0}\n"
                  "jq -c --arg id \"$trace_id\" 'select(.trace_id == $id)' {0}",
                  Log),
          "sh"};
}

RunbookStep health() {
  return {"See what the service reports about its dependencies: breaker "
          "states, semaphores, executor pools.",
          "curl -s http://HOST:ADMIN_PORT/health/detailed | jq .", "sh"};
}

RunbookStep promql(std::string Text, std::string Query) {
  return {std::move(Text), std::move(Query), "promql"};
}

RunbookStep stuck() {
  return {"If the service itself is stuck or busy (requests pile up while "
          "the dependency looks healthy), see where its threads are, and "
          "what burns CPU.",
          "gdb -p \"$(pidof SERVICE)\" -batch -ex 'thread apply all bt' > "
          "threads.txt\nperf top -p \"$(pidof SERVICE)\"",
          "sh"};
}

std::vector<std::string> escalation(StringRef Who) {
  return {formatv("If {0} does not recover within the time the alert's "
                  "severity allows, escalate to the team that owns it, with "
                  "the request_ids and trace_ids found above.",
                  Who),
          "If the cause is in this service (its own errors, a stuck or hot "
          "process), escalate to its owners with the thread dump and the "
          "profile."};
}

std::string breakerSeverity(const Model &M) {
  std::vector<std::string> Critical, Other;
  for (const Dependency &D : M.Dependencies)
    (D.Critical ? Critical : Other).push_back(D.Name);
  std::string Text;
  if (!Critical.empty())
    Text = "**critical** for " + join(Critical, ", ") +
           " (critical dependencies: /health/ready fails)";
  if (!Other.empty())
    Text += (Text.empty() ? "" : "; ") + std::string("**warning** for ") +
            join(Other, ", ");
  return Text;
}

Runbook resilienceRunbook(const ResilienceAlertInfo &Info, const Model &M) {
  Runbook R;
  R.Alert = Info.Name.str();
  R.Severity = "**warning**";
  std::string Dep = "dependency=" + promqlString(shownDependency(M));
  if (!Info.Tuning) {
    R.Meaning = {"Most workers of an executor pool (label `pool_type`) have "
                 "been busy for minutes: new tasks wait in its queue, and "
                 "requests that run on the pool slow down."};
    R.Causes = {"A dependency the tasks call became slow, so each task holds "
                "its worker longer.",
                "More traffic than the pool was sized for.",
                "Tasks that block (a lock, a synchronous call without a "
                "timeout) or spin."};
    R.Steps = {promql("Utilisation and queue per pool.",
                      "executor_active_workers / executor_max_workers\n"
                      "executor_pending_tasks"),
               health(),
               promql("Whether a dependency slowed down at the same time.",
                      "sum by (dependency) (rate(timeout_exceeded_total[5m]))"),
               stuck()};
    R.Resolution = {"Fix what holds the workers (a slow dependency: see its "
                    "alerts), or give the pool more workers.",
                    "Shed load if the queue grows without bound."};
    R.Escalation = escalation("the pool");
    return R;
  }
  R.Steps.push_back(pickDependency(M));
  switch (*Info.Tuning) {
  case ResilienceAlert::CircuitBreakerOpen:
    R.Severity = breakerSeverity(M);
    R.Meaning = {"The circuit breaker to a dependency opened after repeated "
                 "failures and has stayed open: calls to it fail fast "
                 "without reaching it. Requests that need it fail (or "
                 "degrade) until a trial call succeeds after the reset "
                 "timeout."};
    R.Causes = {"The dependency is down, overloaded or answering errors.",
                "The network path to it fails (DNS, TLS, connection resets).",
                "Its answers take longer than this service's timeout."};
    R.Steps.push_back(events("circuit_breaker_opened",
                             "When it opened, and the error that tipped it."));
    R.Steps.push_back(
        events("retry_exhausted", "The calls that failed before it opened."));
    R.Steps.push_back(
        promql("Its state over time (2 open, 1 half-open, 0 closed), and the "
               "failures that led there.",
               "circuit_breaker_state{" + Dep +
                   "}\nsum by (outcome) "
                   "(rate(retry_attempts_total{" +
                   Dep +
                   "}[5m]))\n"
                   "rate(timeout_exceeded_total{" +
                   Dep + "}[5m])"));
    R.Steps.push_back(health());
    R.Steps.push_back(followRequest());
    R.Resolution = {"Restore the dependency, or the path to it; the breaker "
                    "half-opens after its reset timeout and closes on the "
                    "first call that succeeds. Nothing needs restarting.",
                    "If the dependency answers slowly rather than failing, "
                    "check this service's timeout for it."};
    break;
  case ResilienceAlert::CircuitBreakerHalfOpen:
    R.Meaning = {"The breaker to a dependency has been half-open for a "
                 "while: it lets trial calls through, and none has closed "
                 "it. Either the trial calls fail, or no calls come to "
                 "try."};
    R.Causes = {"The dependency is still failing (the breaker reopens "
                "between the trials).",
                "Too little traffic to that dependency to make a trial "
                "call."};
    R.Steps.push_back(events("circuit_breaker_half_open",
                             "When it half-opened, and what it did next."));
    R.Steps.push_back(
        events("circuit_breaker_opened", "Whether it keeps reopening."));
    R.Steps.push_back(promql("Its state, and the transitions.",
                             "circuit_breaker_state{" + Dep +
                                 "}\n"
                                 "increase(circuit_breaker_transitions_total{" +
                                 Dep + "}[15m])"));
    R.Steps.push_back(health());
    R.Resolution = {"As for an open breaker: restore the dependency; the "
                    "next trial call that succeeds closes the breaker."};
    break;
  case ResilienceAlert::RetryRate:
    R.Meaning = {"Calls to a dependency are retried more often than the "
                 "alert's threshold: it fails often, and the retries add to "
                 "its load (and to this service's latency)."};
    R.Causes = {"The dependency fails intermittently (errors, resets).",
                "Timeouts shorter than its usual latency."};
    R.Steps.push_back(events("retry_attempt",
                             "The failures that were retried, with their "
                             "errors."));
    R.Steps.push_back(promql("Retries per second, and how many run out.",
                             "sum by (outcome) (rate(retry_attempts_total{" +
                                 Dep + "}[5m]))"));
    R.Steps.push_back(followRequest());
    R.Resolution = {"Fix the dependency's failures; if they are timeouts, "
                    "compare the timeout with the dependency's latency."};
    break;
  case ResilienceAlert::TimeoutRate:
    R.Meaning = {"Calls to a dependency run out of time more often than the "
                 "alert's threshold: it is slow or unreachable."};
    R.Causes = {"The dependency is overloaded or degraded.",
                "Network trouble on the way to it.",
                "A timeout set below its normal latency."};
    R.Steps.push_back(events("timeout_exceeded",
                             "The calls that timed out, with how long they "
                             "waited."));
    R.Steps.push_back(promql("Timeouts per second.",
                             "rate(timeout_exceeded_total{" + Dep + "}[5m])"));
    R.Steps.push_back(followRequest());
    R.Steps.push_back(stuck());
    R.Resolution = {"Restore the dependency's latency, or set the timeout "
                    "from its measured latency."};
    break;
  case ResilienceAlert::BulkheadRejections:
    R.Meaning = {"The bulkhead that limits concurrent calls to a dependency "
                 "is full and turns calls away: those requests fail fast."};
    R.Causes = {"The dependency answers slowly, so calls hold their permits "
                "longer.",
                "More concurrent traffic than the bulkhead allows."};
    R.Steps.push_back(events("bulkhead_rejected", "The calls turned away."));
    R.Steps.push_back(events("bulkhead_contention",
                             "Calls that waited over a second for a "
                             "permit."));
    R.Steps.push_back(promql("Rejections per second, and the permits left.",
                             "rate(bulkhead_rejections_total{" + Dep +
                                 "}[5m])\nsemaphore_available{" + Dep + "}"));
    R.Steps.push_back(health());
    R.Resolution = {"Fix the dependency's latency, or size the bulkhead for "
                    "the traffic."};
    break;
  case ResilienceAlert::SemaphoreExhausted:
    R.Meaning = {"Almost every permit of the semaphore limiting calls to a "
                 "dependency is taken: the next calls wait, then are "
                 "rejected."};
    R.Causes = {"The dependency answers slowly, so calls hold their permits "
                "longer.",
                "Permits that are never released (a code path that skips "
                "the release)."};
    R.Steps.push_back(promql("Permits left over capacity.",
                             "semaphore_available{" + Dep +
                                 "} / semaphore_capacity{" + Dep + "}"));
    R.Steps.push_back(events("bulkhead_contention",
                             "Calls that waited over a second for a "
                             "permit."));
    R.Steps.push_back(health());
    R.Steps.push_back(stuck());
    R.Resolution = {"Fix the dependency's latency; if permits stay taken "
                    "with no traffic, find the path that does not release "
                    "them (the thread dump shows who holds them)."};
    break;
  }
  R.Escalation = escalation("the dependency");
  return R;
}

Runbook burnRunbook(const BurnRateAlertInfo &A, const Model &M,
                    const Options &O) {
  Runbook R;
  R.Alert = A.Name.str();
  bool Pages = A.Severity == AlertSeverity::Critical;
  R.Severity = Pages ? "**critical**: it pages"
                     : "**warning**: it opens a "
                       "ticket";
  R.Meaning = {formatv(
      "An SLO (the alert's `slo` label) burns its error budget {0} times as "
      "fast as it may, over both the last {1} and {2}: at that rate the "
      "budget of its whole window is spent in 1/{0} of it. The short window "
      "makes the alert resolve soon after the burn stops.",
      formatRatio(A.Factor), scaledDuration(A.LongWindow, O),
      scaledDuration(A.ShortWindow, O))};
  R.Causes = {"A dependency fails (see the resilience alerts firing at the "
              "same time).",
              "A deployment or configuration change of this service.",
              "More traffic than the service can serve in time."};
  for (const Slo &S : M.Slos) {
    std::string Sel = sloSelector(S);
    R.Steps.push_back(promql(
        formatv("For SLO `{0}` ({1}% of {2} over {3}): the error ratio over "
                "each window, the budget left, and which series fail.",
                S.Name, formatRatio(S.Objective), S.Metric.Name, S.Window),
        formatv("{{__name__=~\"slo:sli_error:ratio_rate.*\", slo=\"{0}\"}\n"
                "{1}{2}\n{3}",
                S.Name, budgetRemainingRecord(), Sel,
                S.Kind == SloKind::Latency
                    ? formatv("histogram_quantile(0.99, sum by (le) "
                              "(rate({0}_bucket[5m])))",
                              S.Metric.Name)
                          .str()
                    : formatv("sum by ({0}) (rate({1}[5m]))",
                              S.Errors.front().Label.Name, S.Metric.Name)
                          .str())));
  }
  R.Steps.push_back(
      {"The errors the service logged, most recent last.",
       formatv("jq -c 'select(.level == \"ERROR\" or .level == \"CRITICAL\") "
               "| {{timestamp, event, error, request_id, trace_id}' {0} | "
               "tail -n 20",
               Log),
       "sh"});
  R.Steps.push_back(followRequest());
  R.Steps.push_back(stuck());
  R.Resolution = {"Stop the burn: roll back a bad change, fail over or shed "
                  "load, fix the failing dependency. The alert resolves once "
                  "the short window is clean.",
                  "Afterwards, check the budget left: a spent budget means "
                  "risky changes wait."};
  R.Escalation = {Pages ? "This pages: if the burn does not stop within the "
                          "hour, escalate to the service's owners."
                        : "This is a ticket: the service's owners look into "
                          "it within working hours."};
  return R;
}

Runbook serviceRunbook(const Alert &A) {
  Runbook R;
  R.Alert = A.Name;
  R.Severity = "**" + name(A.Severity).str() + "**";
  R.Meaning = {A.Summary};
  if (!A.Description.empty())
    R.Meaning.push_back(A.Description);
  R.ServiceText = A.Runbook;
  std::string Expr = StringRef(A.Expr.Text).trim().str();
  R.Steps = {promql("Run the alert's expression; its series are the "
                    "alerts.",
                    Expr),
             {"The service's warnings and errors around the time it fired.",
              formatv("jq -c 'select(.level == \"WARNING\" or .level == "
                      "\"ERROR\" or .level == \"CRITICAL\") | {{timestamp, "
                      "level, event, request_id, trace_id}' {0} | tail -n 20",
                      Log),
              "sh"},
             followRequest(),
             stuck()};
  R.Escalation = {"Escalate to the service's owners with the series that "
                  "fire and the request_ids and trace_ids found above."};
  return R;
}

} // namespace

std::vector<Runbook> buildRunbooks(const Model &M, const Options &O) {
  std::vector<Runbook> Runbooks;
  std::set<std::string> Done;
  for (const ResilienceRule &R : resilienceRuleList(M, O))
    if (Done.insert(R.R.Name).second)
      Runbooks.push_back(resilienceRunbook(*R.Info, M));
  if (!M.Slos.empty())
    for (const BurnRateAlertInfo &A : burnRateAlerts())
      Runbooks.push_back(burnRunbook(A, M, O));
  for (const Alert &A : M.Alerts)
    Runbooks.push_back(serviceRunbook(A));
  llvm::sort(Runbooks, [](const Runbook &A, const Runbook &B) {
    return A.Alert < B.Alert;
  });
  return Runbooks;
}

} // namespace operations
} // namespace telegen
