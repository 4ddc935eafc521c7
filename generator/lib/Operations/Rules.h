//===- Rules.h - Prometheus rules generated from a schema -------*- C++ -*-===//
//
// The rule groups of a schema's rule file, as plain data a template writes
// out: the resilience contract's alerts per dependency, each SLO's
// recording rules and burn-rate alerts, and the service's own alerts.
// Groups are named after the schema and their concern; every alert has a
// 'severity' label and summary, description and runbook_url annotations.
//
// Usage:
//   Options O;
//   O.FileStem = "orders";
//   for (const RuleGroup &G : buildRuleGroups(Model, O)) ...
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_OPERATIONS_RULES_H
#define TELEGEN_OPERATIONS_RULES_H

#include "Operations/AlertCatalog.h"
#include "Schema/Model.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace telegen {
namespace operations {

/// What operations output depends on besides the schema.
struct Options {
  /// The schema file's name without .yaml: rule groups are named after it.
  std::string FileStem;
  /// Divides every window and 'for' duration of the generated rules (and
  /// their tests), so a test or a demo sees in seconds what takes minutes;
  /// rule names keep the nominal windows. 1 in production.
  uint64_t TimeDivisor = 1;
  /// What runbook_url annotations start with: the runbook of alert X is
  /// RunbookUrl + "X.md".
  std::string RunbookUrl;
};

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct Rule {
  /// An alerting rule (Name is the alertname), else a recording rule (Name
  /// is the series it records).
  bool Alert = false;
  std::string Name;
  std::string Expr;
  /// Alerts: milliseconds the expression holds before the alert fires
  /// (scaled by Options::TimeDivisor).
  uint64_t For = 0;
  KeyValues Labels;
  /// Alerts: summary, description, runbook_url.
  KeyValues Annotations;
};

struct RuleGroup {
  std::string Name;
  std::vector<Rule> Rules;
};

std::vector<RuleGroup> buildRuleGroups(const schema::Model &M,
                                       const Options &O);

// The parts, each a group or none (Rules.cpp joins them).
std::vector<RuleGroup> resilienceRules(const schema::Model &M,
                                       const Options &O);
std::vector<RuleGroup> sloRules(const schema::Model &M, const Options &O);
std::vector<RuleGroup> userRules(const schema::Model &M, const Options &O);

/// A resilience alert's rule for one dependency (or, for the executor
/// pools', for all), with the threshold it compares with.
struct ResilienceRule {
  Rule R;
  double Threshold = 0;
  const ResilienceAlertInfo *Info = nullptr;
  /// nullptr for the executor pools' alert.
  const schema::Dependency *D = nullptr;
};
std::vector<ResilienceRule> resilienceRuleList(const schema::Model &M,
                                               const Options &O);

/// An SLO's burn-rate alert of the method's four.
Rule burnRateRule(const schema::Slo &S, const BurnRateAlertInfo &A,
                  const Options &O);

/// A duration divided by O.TimeDivisor, and as Prometheus writes it.
uint64_t scaled(uint64_t Milliseconds, const Options &O);
std::string scaledDuration(uint64_t Milliseconds, const Options &O);

/// The runbook_url of an alert.
std::string runbookUrl(llvm::StringRef Alert, const Options &O);

/// The severity, summary, description and runbook_url of an alert.
void describeAlert(Rule &R, schema::AlertSeverity Severity, std::string Summary,
                   std::string Description, const Options &O);

} // namespace operations
} // namespace telegen

#endif
