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
#include "Driver/Reporting.h"
#include "Driver/SchemaInput.h"
#include "Instrument/UnmatchedRules.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand CheckRulesSub(
    "check-rules",
    "Report the schema's rules that instrument no function of a target's "
    "sources, and why (from their 'instrument --model' files)");

cl::list<std::string> ModelFiles(cl::Positional, cl::OneOrMore,
                                 cl::desc("<model.json>..."),
                                 cl::sub(CheckRulesSub),
                                 cl::cat(telegenCategory()));

cl::opt<std::string> SchemaFile("schema", cl::Required,
                                cl::desc("The schema the sources were "
                                         "instrumented with"),
                                cl::value_desc("file"), cl::sub(CheckRulesSub),
                                cl::cat(telegenCategory()));

cl::opt<OutputFormat> Format("format", cl::desc(FormatHelp),
                             outputFormatValues(), cl::init(OutputFormat::Text),
                             cl::sub(CheckRulesSub),
                             cl::cat(telegenCategory()));

cl::opt<bool> Werror("werror", cl::desc(WerrorHelp), cl::sub(CheckRulesSub),
                     cl::cat(telegenCategory()));

int runCheckRules() {
  SourceFiles Files;
  int Code = ExitSuccess;
  std::optional<schema::LoadedSchema> Schema =
      loadSchemaInput(SchemaFile, Files, Code);
  if (!Schema)
    return Code;

  std::optional<std::vector<ModelFile>> Models = readModelFiles(ModelFiles);
  if (!Models)
    return ExitUsage;
  std::vector<RuleUsage> Totals;
  for (const ModelFile &File : *Models) {
    Expected<std::vector<RuleUsage>> Usage =
        ruleUsage(File.Model, File.Path, Schema->Schema.Rules.size());
    if (!Usage) {
      WithColor::error(errs(), "telegen")
          << toString(Usage.takeError()) << "\n";
      return ExitUsage;
    }
    addRuleUsage(Totals, *Usage);
  }

  DiagnosticList Diags;
  checkRuleUsage(Schema->Schema, Totals, Models->size(), Diags);
  return reportFindings(Diags, Files, {&UnmatchedRule}, Format, Werror);
}

} // namespace

Command checkRulesCommand() { return {CheckRulesSub, runCheckRules}; }

} // namespace telegen
