//===- CheckRulesCommand.cpp - telegen check-rules ------------------------===//
//
// telegen check-rules --schema SCHEMA MODEL...
//
// Run after instrumenting all the sources of a target with
// `telegen instrument --schema SCHEMA --model MODEL`: reports the schema's
// rules that instrument none of their functions, and why.
//
//===----------------------------------------------------------------------===//
#include "Driver/Command.h"
#include "Driver/ModelFiles.h"
#include "Instrument/UnmatchedRules.h"

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand CheckRulesSub(
    "check-rules",
    "Report the schema's rules that instrument no function of a target's "
    "sources, and why (from their 'instrument --model' files)");

ModelCheckOptions Options(CheckRulesSub);

Error checkRules(const schema::Model &Schema,
                 const std::vector<ModelFile> &Models, DiagnosticList &Diags) {
  std::vector<RuleUsage> Totals;
  for (const ModelFile &File : Models) {
    Expected<std::vector<RuleUsage>> Usage =
        ruleUsage(File.Model, File.Path, Schema.Rules.size());
    if (!Usage)
      return Usage.takeError();
    addRuleUsage(Totals, *Usage);
  }
  checkRuleUsage(Schema, Totals, Models.size(), Diags);
  return Error::success();
}

int runCheckRules() {
  return runModelCheck(Options, {&UnmatchedRule}, checkRules);
}

} // namespace

Command checkRulesCommand() { return {CheckRulesSub, runCheckRules}; }

} // namespace telegen
