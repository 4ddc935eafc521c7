//===- Rules.cpp - Prometheus rules generated from a schema ---------------===//
#include "Operations/Rules.h"

#include "Support/Duration.h"

#include <algorithm>

using namespace llvm;

namespace telegen {
namespace operations {

std::vector<RuleGroup> buildRuleGroups(const schema::Model &M,
                                       const Options &O) {
  std::vector<RuleGroup> Groups;
  for (auto Part : {resilienceRules, sloRules, userRules})
    for (RuleGroup &G : Part(M, O))
      Groups.push_back(std::move(G));
  return Groups;
}

uint64_t scaled(uint64_t Milliseconds, const Options &O) {
  return Milliseconds / std::max<uint64_t>(O.TimeDivisor, 1);
}

std::string scaledDuration(uint64_t Milliseconds, const Options &O) {
  return formatDuration(scaled(Milliseconds, O));
}

std::string runbookUrl(StringRef Alert, const Options &O) {
  return O.RunbookUrl + Alert.str() + ".md";
}

void describeAlert(Rule &R, schema::AlertSeverity Severity, std::string Summary,
                   std::string Description, const Options &O) {
  R.Labels.insert(R.Labels.begin(), {"severity", name(Severity).str()});
  R.Annotations = {{"summary", std::move(Summary)},
                   {"description", std::move(Description)},
                   {"runbook_url", runbookUrl(R.Name, O)}};
}

} // namespace operations
} // namespace telegen
