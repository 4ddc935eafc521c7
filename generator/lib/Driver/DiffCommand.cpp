//===- DiffCommand.cpp - telegen diff OLD NEW -----------------------------===//
//
// Loads two versions of a schema and reports what the new one breaks.
// Either schema failing to load is reported as in 'telegen check'; the
// comparison needs both.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Diff/Diff.h"
#include "Diff/DiffCatalog.h"
#include "Driver/Command.h"
#include "Driver/Reporting.h"
#include "Schema/Loader.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand DiffSub("diff",
                       "Report breaking changes between two versions of a "
                       "schema");

cl::opt<std::string> OldFile(cl::Positional, cl::Required,
                             cl::desc("<old.yaml>"), cl::sub(DiffSub),
                             cl::cat(telegenCategory()));
cl::opt<std::string> NewFile(cl::Positional, cl::Required,
                             cl::desc("<new.yaml>"), cl::sub(DiffSub),
                             cl::cat(telegenCategory()));

cl::opt<OutputFormat> Format("format", cl::desc(FormatHelp),
                             outputFormatValues(), cl::init(OutputFormat::Text),
                             cl::sub(DiffSub), cl::cat(telegenCategory()));

cl::opt<bool> Werror("werror", cl::desc(WerrorHelp), cl::sub(DiffSub),
                     cl::cat(telegenCategory()));

/// The checks loading can report, then the diff's own.
ArrayRef<const CheckInfo *> reportableChecks() {
  static const std::vector<const CheckInfo *> All =
      joinCatalogs({checks::schemaChecks(), diffchecks::diffChecks()});
  return All;
}

int runDiff() {
  SourceFiles Files;
  DiagnosticList Diags;
  IntrusiveRefCntPtr<vfs::FileSystem> FS = vfs::getRealFileSystem();
  Expected<schema::LoadedSchema> Old =
      schema::Loader(*FS, Files, Diags).load(OldFile);
  Expected<schema::LoadedSchema> New =
      schema::Loader(*FS, Files, Diags).load(NewFile);
  bool Unreadable = false;
  for (Expected<schema::LoadedSchema> *Loaded : {&Old, &New})
    if (!*Loaded) {
      WithColor::error(errs(), "telegen")
          << toString(Loaded->takeError()) << '\n';
      Unreadable = true;
    }
  if (Unreadable)
    return ExitUsage;
  if (!Diags.hasErrors())
    diffSchemas(Old->Schema, New->Schema, Diags);
  return reportFindings(Diags, Files, reportableChecks(), Format, Werror);
}

} // namespace

Command diffCommand() { return {DiffSub, runDiff}; }

} // namespace telegen
