//===- CheckBoundariesCommand.cpp - telegen check-boundaries --------------===//
//
// telegen check-boundaries --schema SCHEMA MODEL...
//
// Run after instrumenting all the sources of a target with
// `telegen instrument --schema SCHEMA --model MODEL`: reports the schema's
// propagation boundaries that none of them calls.
//
//===----------------------------------------------------------------------===//
#include "Driver/Command.h"
#include "Driver/ModelFiles.h"
#include "Driver/Reporting.h"
#include "Driver/SchemaInput.h"
#include "Instrument/BoundaryUsage.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand CheckBoundariesSub(
    "check-boundaries",
    "Report the schema's propagation boundaries that none of a target's "
    "instrumented sources calls (from their 'instrument --model' files)");

cl::list<std::string> ModelFiles(cl::Positional, cl::OneOrMore,
                                 cl::desc("<model.json>..."),
                                 cl::sub(CheckBoundariesSub),
                                 cl::cat(telegenCategory()));

cl::opt<std::string> SchemaFile("schema", cl::Required,
                                cl::desc("The schema the sources were "
                                         "instrumented with"),
                                cl::value_desc("file"),
                                cl::sub(CheckBoundariesSub),
                                cl::cat(telegenCategory()));

cl::opt<OutputFormat> Format("format", cl::desc(FormatHelp),
                             outputFormatValues(), cl::init(OutputFormat::Text),
                             cl::sub(CheckBoundariesSub),
                             cl::cat(telegenCategory()));

cl::opt<bool> Werror("werror", cl::desc(WerrorHelp),
                     cl::sub(CheckBoundariesSub), cl::cat(telegenCategory()));

int runCheckBoundaries() {
  SourceFiles Files;
  int Code = ExitSuccess;
  std::optional<schema::LoadedSchema> Schema =
      loadSchemaInput(SchemaFile, Files, Code);
  if (!Schema)
    return Code;

  std::optional<std::vector<ModelFile>> Models = readModelFiles(ModelFiles);
  if (!Models)
    return ExitUsage;
  StringSet<> Wrapped;
  for (const ModelFile &File : *Models) {
    Expected<std::vector<std::string>> Executors =
        wrappedExecutors(File.Model, File.Path);
    if (!Executors) {
      WithColor::error(errs(), "telegen")
          << toString(Executors.takeError()) << "\n";
      return ExitUsage;
    }
    Wrapped.insert(Executors->begin(), Executors->end());
  }

  DiagnosticList Diags;
  checkBoundaryUsage(Schema->Schema, Wrapped, ModelFiles.size(), Diags);
  return reportFindings(Diags, Files, {&UnusedBoundary}, Format, Werror);
}

} // namespace

Command checkBoundariesCommand() {
  return {CheckBoundariesSub, runCheckBoundaries};
}

} // namespace telegen
