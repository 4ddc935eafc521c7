//===- SchemaInput.cpp - A schema given to a command that uses it ---------===//
#include "Driver/SchemaInput.h"
#include "Check/Catalog.h"
#include "Check/Checks.h"
#include "Driver/Command.h"
#include "Driver/Reporting.h"

#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace telegen {

std::optional<schema::LoadedSchema>
loadSchemaInput(StringRef Path, SourceFiles &Files, int &Code) {
  DiagnosticList Diags;
  Expected<schema::LoadedSchema> Loaded =
      schema::Loader(*vfs::getRealFileSystem(), Files, Diags).load(Path);
  if (!Loaded) {
    WithColor::error(errs(), "telegen") << toString(Loaded.takeError()) << "\n";
    Code = ExitUsage;
    return std::nullopt;
  }
  checkSchema(*Loaded, Diags);
  if (Diags.hasErrors()) {
    Code = reportFindings(Diags, Files, checks::schemaChecks(),
                          OutputFormat::Text, /*Werror=*/false);
    return std::nullopt;
  }
  return std::move(*Loaded);
}

} // namespace telegen
