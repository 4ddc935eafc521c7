//===- ValidateEventsCommand.cpp - telegen validate-events LOG... ---------===//
//
// Checks JSONL logs against a schema's events, line by line in bounded
// memory, and with --coverage reports declared events no log carried. The
// schema must pass 'telegen check' first: its findings are reported instead.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/Checks.h"
#include "Driver/Command.h"
#include "Driver/Reporting.h"
#include "Schema/Loader.h"
#include "Validate/Catalog.h"
#include "Validate/EventValidator.h"
#include "Validate/LogReader.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand ValidateSub("validate-events",
                           "Check JSONL logs against the events of a schema: "
                           "fields, types, levels, dependencies, trace ids");

cl::list<std::string> LogFiles(cl::Positional, cl::OneOrMore,
                               cl::desc("<log.jsonl>..."), cl::sub(ValidateSub),
                               cl::cat(telegenCategory()));

cl::opt<std::string> SchemaFile("schema", cl::Required,
                                cl::desc("The schema the events are declared "
                                         "in"),
                                cl::value_desc("schema.yaml"),
                                cl::sub(ValidateSub),
                                cl::cat(telegenCategory()));

cl::opt<OutputFormat> Format("format", cl::desc(FormatHelp),
                             outputFormatValues(), cl::init(OutputFormat::Text),
                             cl::sub(ValidateSub), cl::cat(telegenCategory()));

cl::opt<bool> CoverageGate(
    "coverage",
    cl::desc("Also report every declared event that no log line carries"),
    cl::sub(ValidateSub), cl::cat(telegenCategory()));

/// The checks loading the schema can report, then the log checks.
ArrayRef<const CheckInfo *> reportableChecks() {
  static const std::vector<const CheckInfo *> All =
      joinCatalogs({checks::schemaChecks(), validate::logChecks()});
  return All;
}

void printSummary(const validate::ValidationStats &S, size_t Files) {
  auto &OS = errs();
  OS << "telegen: " << S.Records << (S.Records == 1 ? " record" : " records")
     << " in " << Files << (Files == 1 ? " file" : " files") << ", " << S.Events
     << " of the schema's events; " << S.Findings
     << (S.Findings == 1 ? " finding" : " findings") << " on "
     << S.LinesWithFindings << (S.LinesWithFindings == 1 ? " line" : " lines")
     << '\n';
  if (CoverageGate)
    OS << "telegen: coverage: " << S.SeenEvents << " of " << S.DeclaredEvents
       << " declared events logged\n";
}

int runValidateEvents() {
  SourceFiles Files;
  DiagnosticList Diags;
  IntrusiveRefCntPtr<vfs::FileSystem> FS = vfs::getRealFileSystem();
  Expected<schema::LoadedSchema> Loaded =
      schema::Loader(*FS, Files, Diags).load(SchemaFile);
  if (!Loaded) {
    WithColor::error(errs(), "telegen") << toString(Loaded.takeError()) << '\n';
    return ExitUsage;
  }
  checkSchema(*Loaded, Diags);
  if (Diags.hasErrors()) {
    WithColor::error(errs(), "telegen")
        << "the schema has errors; fix them (telegen check) before "
           "validating logs against it\n";
    return reportFindings(Diags, Files, reportableChecks(), Format, false);
  }

  validate::EventValidator Validator(Loaded->Schema, Files, Diags);
  bool Unreadable = false;
  for (const std::string &Path : LogFiles) {
    Expected<validate::LogReader> Reader = validate::LogReader::open(Path);
    if (!Reader) {
      WithColor::error(errs(), "telegen")
          << toString(Reader.takeError()) << '\n';
      Unreadable = true;
      continue;
    }
    validate::LogLine Line;
    while (Reader->next(Line))
      Validator.check(Path, Line);
    if (Error E = Reader->takeError()) {
      WithColor::error(errs(), "telegen") << toString(std::move(E)) << '\n';
      Unreadable = true;
    }
  }
  if (CoverageGate && !Unreadable)
    Validator.reportCoverage();
  Validator.reportUnlisted();

  int Code = reportFindings(Diags, Files, reportableChecks(), Format, false);
  printSummary(Validator.stats(), LogFiles.size());
  return Unreadable ? ExitUsage : Code;
}

} // namespace

Command validateEventsCommand() { return {ValidateSub, runValidateEvents}; }

} // namespace telegen
