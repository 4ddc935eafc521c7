//===- Reporting.cpp - --format and --werror for commands that report -----===//
#include "Driver/Reporting.h"
#include "Driver/Command.h"

#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace telegen {

cl::ValuesClass outputFormatValues() {
  return cl::values(
      clEnumValN(OutputFormat::Text, "text",
                 "file:line:col: severity: message, the line and a caret"),
      clEnumValN(OutputFormat::Json, "json", "one JSON object"),
      clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0"),
      clEnumValN(OutputFormat::Github, "github", "GitHub Actions annotations"));
}

int reportFindings(DiagnosticList &Diags, const SourceFiles &Files,
                   ArrayRef<const CheckInfo *> Checks, OutputFormat Format,
                   bool Werror) {
  if (Werror)
    Diags.promoteWarnings();
  Diags.sortByLocation(Files.names());
  raw_ostream &OS = Format == OutputFormat::Text ? errs() : outs();
  render(Format, Report{Diags.all(), Files, Checks}, OS);
  OS.flush();
  return Diags.hasErrors() ? ExitFindings : ExitSuccess;
}

} // namespace telegen
