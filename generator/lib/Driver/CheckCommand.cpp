//===- CheckCommand.cpp - telegen check FILE... ---------------------------===//
//
// Loads each schema with its imports, runs every check and reports all
// findings in the chosen format.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/Checks.h"
#include "Driver/Command.h"
#include "Driver/Reporting.h"
#include "Schema/Loader.h"
#include "Schema/ModelJson.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"

#include <optional>

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand CheckSub("check",
                        "Check telemetry schemas: YAML, naming, references, "
                        "cardinality, secrets, events, rules, SLOs");

cl::list<std::string> SchemaFiles(cl::Positional, cl::OneOrMore,
                                  cl::desc("<schema.yaml>..."),
                                  cl::sub(CheckSub),
                                  cl::cat(telegenCategory()));

cl::opt<OutputFormat> Format("format", cl::desc(FormatHelp),
                             outputFormatValues(), cl::init(OutputFormat::Text),
                             cl::sub(CheckSub), cl::cat(telegenCategory()));

cl::opt<bool> Werror("werror", cl::desc(WerrorHelp), cl::sub(CheckSub),
                     cl::cat(telegenCategory()));

enum class Emit { Nothing, ModelJson };
cl::opt<Emit>
    EmitWhat("emit", cl::desc("Also write the loaded schema to stdout"),
             cl::values(clEnumValN(Emit::ModelJson, "model-json",
                                   "the model generators read, as JSON")),
             cl::init(Emit::Nothing), cl::sub(CheckSub),
             cl::cat(telegenCategory()));

int runCheck() {
  if (EmitWhat == Emit::ModelJson &&
      (SchemaFiles.size() != 1 || Format != OutputFormat::Text)) {
    WithColor::error(errs(), "telegen")
        << "--emit=model-json writes one schema's model to stdout: give one "
           "file, and leave --format as text\n";
    return ExitUsage;
  }

  SourceFiles Files;
  DiagnosticList Diags;
  IntrusiveRefCntPtr<vfs::FileSystem> FS = vfs::getRealFileSystem();
  bool Unreadable = false;
  std::optional<schema::LoadedSchema> Emitted;
  for (const std::string &Path : SchemaFiles) {
    Expected<schema::LoadedSchema> Loaded =
        schema::Loader(*FS, Files, Diags).load(Path);
    if (!Loaded) {
      WithColor::error(errs(), "telegen")
          << toString(Loaded.takeError()) << '\n';
      Unreadable = true;
      continue;
    }
    checkSchema(*Loaded, Diags);
    if (EmitWhat == Emit::ModelJson)
      Emitted = std::move(*Loaded);
  }

  int Code =
      reportFindings(Diags, Files, checks::schemaChecks(), Format, Werror);
  if (Unreadable)
    return ExitUsage;
  if (Emitted && Code == ExitSuccess)
    schema::writeModelJson(Emitted->Schema, outs());
  return Code;
}

} // namespace

Command checkCommand() { return {CheckSub, runCheck}; }

} // namespace telegen
