//===- RulesView.cpp - Rules and their promtool tests, as YAML ------------===//
#include "Generate/OperationsView.h"
#include "Generate/ViewText.h"
#include "Operations/RuleTests.h"
#include "Support/Duration.h"

using namespace llvm;
using namespace telegen::operations;

namespace telegen {
namespace generate {
namespace {

std::vector<KeyValueView> yamlEntries(const KeyValues &Entries) {
  std::vector<KeyValueView> Out;
  for (const auto &[Key, Value] : Entries)
    Out.push_back({Key, yamlString(Value)});
  return Out;
}

RuleView ruleView(const Rule &R) {
  RuleView V;
  V.Alert = R.Alert;
  V.Record = !R.Alert;
  V.Name = yamlString(R.Name);
  V.Expr = yamlString(R.Expr);
  V.HasFor = R.Alert && R.For > 0;
  V.For = formatDuration(R.For);
  V.Labels = yamlEntries(R.Labels);
  V.HasLabels = !V.Labels.empty();
  V.Annotations = yamlEntries(R.Annotations);
  V.HasAnnotations = !V.Annotations.empty();
  return V;
}

RuleTestView testView(const RuleTest &T) {
  RuleTestView V;
  V.Name = yamlString(T.Name);
  V.Interval = formatDuration(T.Interval);
  for (const TestSeries &S : T.Series)
    V.Series.push_back({yamlString(S.Series), yamlString(S.Values)});
  for (const AlertCheck &C : T.Checks) {
    AlertCheckView Check;
    Check.EvalTime = formatDuration(C.EvalTime);
    Check.AlertName = C.AlertName;
    for (const ExpectedAlert &A : C.Alerts)
      Check.Alerts.push_back(
          {yamlEntries(A.Labels), yamlEntries(A.Annotations)});
    Check.HasAlerts = !Check.Alerts.empty();
    V.Checks.push_back(std::move(Check));
  }
  return V;
}

} // namespace

void addRulesView(ModuleView &View, const schema::Model &M, const Options &O) {
  for (const RuleGroup &G : buildRuleGroups(M, O)) {
    RuleGroupView Group{yamlString(G.Name), {}};
    for (const Rule &R : G.Rules)
      Group.Rules.push_back(ruleView(R));
    View.RuleGroups.push_back(std::move(Group));
  }
  View.HasRuleGroups = !View.RuleGroups.empty();
  for (const RuleTestFile &F : buildRuleTests(M, O)) {
    RuleTestFileView File;
    File.Name = F.Name;
    File.EvaluationInterval = formatDuration(F.EvaluationInterval);
    for (const std::string &G : F.GroupOrder)
      File.GroupOrder.push_back(yamlString(G));
    for (const RuleTest &T : F.Tests)
      File.Tests.push_back(testView(T));
    View.RuleTestFiles.push_back(std::move(File));
  }
}

void addOperationsView(ModuleView &View, const schema::Model &M,
                       const Options &O) {
  addRulesView(View, M, O);
  addDashboardsView(View, M, O);
  addRunbooksView(View, M, O);
  addReferenceView(View, M, O);
}

} // namespace generate
} // namespace telegen
