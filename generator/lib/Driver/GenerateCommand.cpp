//===- GenerateCommand.cpp - telegen generate SCHEMA... --out-dir DIR -----===//
//
// Loads and checks each schema, builds its view, renders every output
// target's templates for it, and writes the files that changed. Nothing is
// written unless everything rendered cleanly.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/Checks.h"
#include "Check/CppNames.h"
#include "Driver/Command.h"
#include "Driver/Reporting.h"
#include "Generate/GenerateCatalog.h"
#include "Generate/MetricsView.h"
#include "Generate/OperationsView.h"
#include "Generate/Target.h"
#include "Generate/ViewData.h"
#include "Schema/Loader.h"
#include "Support/OutputFiles.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace telegen::generate;

namespace telegen {
namespace {

cl::SubCommand GenerateSub("generate",
                           "Generate typed C++ metric handles from telemetry "
                           "schemas, and the files of any other template "
                           "target");

cl::list<std::string> SchemaFiles(cl::Positional, cl::OneOrMore,
                                  cl::desc("<schema.yaml>..."),
                                  cl::sub(GenerateSub),
                                  cl::cat(telegenCategory()));

cl::opt<std::string> OutDir("out-dir", cl::Required,
                            cl::desc("Directory to write the generated files "
                                     "to (created when missing)"),
                            cl::value_desc("dir"), cl::sub(GenerateSub),
                            cl::cat(telegenCategory()));

cl::opt<std::string>
    Namespace("namespace",
              cl::desc("C++ namespace of the generated code (default: the "
                       "schema file's name); one schema only"),
              cl::value_desc("ns"), cl::sub(GenerateSub),
              cl::cat(telegenCategory()));

cl::opt<std::string>
    TemplatesDir("templates",
                 cl::desc("Directory of templates that override telegen's, "
                          "file by file: <dir>/<target>/<file>"),
                 cl::value_desc("dir"), cl::sub(GenerateSub),
                 cl::cat(telegenCategory()));

cl::list<std::string>
    TargetNames("target",
                cl::desc("Generate only this output target (cpp, prometheus, "
                         "grafana, runbooks, docs, or one of --templates); "
                         "repeatable. Default: every target"),
                cl::value_desc("name"), cl::sub(GenerateSub),
                cl::cat(telegenCategory()));

cl::opt<std::string> RunbookUrl(
    "runbook-url",
    cl::desc("What the alerts' runbook_url starts with, the runbook's file "
             "name following (default: runbooks/<schema name>/, where the "
             "runbooks target writes them)"),
    cl::value_desc("url"), cl::sub(GenerateSub), cl::cat(telegenCategory()));

cl::opt<unsigned> ShortenWindows(
    "shorten-windows",
    cl::desc("Divide the windows and 'for' durations of the generated rules "
             "and their tests by N, a divisor of 60000 (60: a minute becomes "
             "a second), for tests and demos; rule names keep the nominal "
             "windows"),
    cl::value_desc("N"), cl::init(1), cl::sub(GenerateSub),
    cl::cat(telegenCategory()));

cl::opt<std::string>
    DepFile("depfile",
            cl::desc("Write a make-style depfile: the generated files depend "
                     "on the schemas, their imports and the templates"),
            cl::value_desc("file"), cl::sub(GenerateSub),
            cl::cat(telegenCategory()));

cl::opt<OutputFormat> Format("format", cl::desc(FormatHelp),
                             outputFormatValues(), cl::init(OutputFormat::Text),
                             cl::sub(GenerateSub), cl::cat(telegenCategory()));

cl::opt<bool> Werror("werror", cl::desc(WerrorHelp), cl::sub(GenerateSub),
                     cl::cat(telegenCategory()));

int usageError(const Twine &Message) {
  WithColor::error(errs(), "telegen") << Message << '\n';
  return ExitUsage;
}

/// The checks loading reports, then generation's own.
ArrayRef<const CheckInfo *> reportableChecks() {
  static const std::vector<const CheckInfo *> All =
      joinCatalogs({checks::schemaChecks(), checks::generateChecks()});
  return All;
}

/// share/telegen/templates beside the directory of the telegen executable,
/// as installed (the build tree links it to the source's templates/).
std::string defaultTemplatesDir() {
  SmallString<256> Dir(sys::path::parent_path(
      sys::path::parent_path(sys::fs::getMainExecutable(nullptr, nullptr))));
  sys::path::append(Dir, "share", "telegen", "templates");
  return Dir.str().str();
}

/// Reports outputs written to the same file, and drops the later ones.
/// SchemaOf gives the index in SchemaFiles each output was rendered for.
void checkDistinct(std::vector<RenderedFile> &Rendered,
                   ArrayRef<size_t> SchemaOf, DiagnosticList &Diags) {
  StringMap<size_t> First;
  std::vector<RenderedFile> Distinct;
  for (size_t I = 0; I < Rendered.size(); ++I) {
    const RenderedFile &F = Rendered[I];
    auto [It, Inserted] = First.try_emplace(F.Path, I);
    if (Inserted) {
      Distinct.push_back(F);
      continue;
    }
    Diags
        .report(checks::TemplateOutput, F.From,
                formatv("the outputs for '{0}' and '{1}' are both written to "
                        "'{2}'; give the schemas distinct file names, or the "
                        "outputs distinct 'file' names",
                        SchemaFiles[SchemaOf[It->second]],
                        SchemaFiles[SchemaOf[I]], F.Path))
        .note(Rendered[It->second].From, "the first is named here");
  }
  Rendered = std::move(Distinct);
}

/// Warns about files in the override directory that no target read; the
/// directories of targets not selected with --target are not looked at.
void reportUnusedOverrides(const TemplateDirs &Dirs,
                           const std::set<std::string> &Read,
                           ArrayRef<std::string> Targets,
                           ArrayRef<std::string> Unselected,
                           DiagnosticList &Diags) {
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(Dirs.Overrides, EC), End;
       It != End && !EC; It.increment(EC)) {
    if (It->type() != sys::fs::file_type::regular_file ||
        Read.count(It->path()))
      continue;
    if (any_of(Unselected, [&](const std::string &Target) {
          SmallString<256> Dir(Dirs.Overrides);
          sys::path::append(Dir, Target, "");
          return StringRef(It->path()).starts_with(Dir);
        }))
      continue;
    Location Whole;
    Whole.File = It->path();
    Diags.report(checks::TemplateUnusedOverride, Whole,
                 formatv("no target uses this file: a template overrides "
                         "<templates>/<target>/<file> of a target in use "
                         "(targets: {0})",
                         join(Targets, ", ")));
  }
}

int runGenerate() {
  if (!Namespace.empty() && SchemaFiles.size() != 1)
    return usageError("--namespace names one schema's namespace; generate "
                      "each schema with its own");
  if (!Namespace.empty() && !cppnames::isNamespaceName(Namespace))
    return usageError("--namespace '" + Namespace +
                      "' is not a C++ namespace name such as 'telemetry' or "
                      "'acme::orders'");
  if (ShortenWindows == 0 || 60000 % ShortenWindows != 0)
    return usageError("--shorten-windows takes a divisor of 60000 (a minute "
                      "in milliseconds), such as 60 or 600");
  TemplateDirs Dirs{defaultTemplatesDir(), TemplatesDir};
  if (!sys::fs::is_directory(Dirs.Defaults))
    return usageError("telegen's templates are not in '" + Dirs.Defaults +
                      "'; reinstall telegen");
  if (!Dirs.Overrides.empty() && !sys::fs::is_directory(Dirs.Overrides))
    return usageError("--templates '" + Dirs.Overrides +
                      "' is not a directory");

  std::vector<std::string> Available = Dirs.targets();
  std::vector<std::string> Selected;
  for (const std::string &Name : Available)
    if (TargetNames.empty() || is_contained(TargetNames, Name))
      Selected.push_back(Name);
  for (const std::string &Name : TargetNames)
    if (!is_contained(Available, Name))
      return usageError("there is no output target '" + Name +
                        "'; the targets are: " + join(Available, ", "));

  // Load and check every schema, and shape its view.
  SourceFiles Files;
  DiagnosticList Diags;
  IntrusiveRefCntPtr<vfs::FileSystem> FS = vfs::getRealFileSystem();
  std::vector<ModuleView> Views;
  for (const std::string &Path : SchemaFiles) {
    std::string Ns = Namespace.empty() ? cppnames::identifier(fileStem(Path))
                                       : Namespace.getValue();
    if (Ns.empty())
      return usageError("cannot name a C++ namespace after '" + Path +
                        "'; give one with --namespace");
    Expected<schema::LoadedSchema> Loaded =
        schema::Loader(*FS, Files, Diags).load(Path);
    if (!Loaded)
      return usageError(toString(Loaded.takeError()));
    checkSchema(*Loaded, Diags);
    // The view needs a model without errors: every reference resolved.
    if (!Diags.hasErrors()) {
      operations::Options Ops;
      Ops.FileStem = fileStem(Path);
      Ops.TimeDivisor = ShortenWindows;
      Ops.RunbookUrl = RunbookUrl.empty() ? "runbooks/" + Ops.FileStem + "/"
                                          : RunbookUrl.getValue();
      Views.push_back(buildModuleView(Loaded->Schema, Path, Ns));
      addOperationsView(Views.back(), Loaded->Schema, Ops);
    }
  }
  if (Diags.hasErrors())
    return reportFindings(Diags, Files, reportableChecks(), Format, Werror);

  // Check every target's templates against the view's shape, then render.

  std::vector<Target> Targets;
  for (const std::string &Name : Selected)
    Targets.emplace_back(Name, Dirs, Files, Diags);
  Shape ModuleShape = shapeOf(ModuleView());
  bool TemplatesOk = true;
  for (Target &T : Targets)
    TemplatesOk &= T.load(ModuleShape);
  std::vector<RenderedFile> Rendered;
  std::vector<size_t> SchemaOf; // of each rendered file, into SchemaFiles
  if (TemplatesOk)
    for (size_t I = 0; I < Views.size(); ++I) {
      MustacheData Data = toData(Views[I]);
      for (Target &T : Targets) {
        size_t First = Rendered.size();
        T.render(Data, Rendered);
        for (size_t J = First; J < Rendered.size(); ++J)
          SchemaOf.push_back(I);
      }
    }
  checkDistinct(Rendered, SchemaOf, Diags);
  if (!Dirs.Overrides.empty()) {
    std::set<std::string> Read;
    for (const Target &T : Targets)
      Read.insert(T.filesRead().begin(), T.filesRead().end());
    std::vector<std::string> Unselected;
    for (const std::string &Name : Available)
      if (!is_contained(Selected, Name))
        Unselected.push_back(Name);
    reportUnusedOverrides(Dirs, Read, Selected, Unselected, Diags);
  }
  int Code = reportFindings(Diags, Files, reportableChecks(), Format, Werror);
  if (Code != ExitSuccess)
    return Code;

  std::vector<std::string> Written;
  for (const RenderedFile &F : Rendered) {
    SmallString<256> Path(OutDir);
    sys::path::append(Path, F.Path);
    if (Expected<bool> Changed = writeIfChanged(Path, F.Content); !Changed)
      return usageError(toString(Changed.takeError()));
    Written.push_back(std::string(Path));
  }
  if (!DepFile.empty()) {
    // Every file read: schemas, their local imports, manifests, templates
    // (the built-in schemas are part of telegen itself).
    std::vector<std::string> Inputs;
    for (const std::string &Name : Files.names()) {
      SmallString<256> Absolute(Name);
      if (!sys::fs::exists(Absolute) || sys::fs::make_absolute(Absolute))
        continue;
      sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
      Inputs.push_back(std::string(Absolute));
    }
    if (Expected<bool> Changed =
            writeIfChanged(DepFile, depfileRule(Written, Inputs));
        !Changed)
      return usageError(toString(Changed.takeError()));
  }
  return ExitSuccess;
}

} // namespace

Command generateCommand() { return {GenerateSub, runGenerate}; }

} // namespace telegen
