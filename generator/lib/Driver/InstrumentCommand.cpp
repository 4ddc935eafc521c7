//===- InstrumentCommand.cpp - telegen instrument -------------------------===//
//
// telegen instrument SOURCE --out FILE [-p BUILD_DIR] [-- COMPILE FLAGS]
//
//===----------------------------------------------------------------------===//
#include "Driver/Command.h"
#include "Driver/SchemaInput.h"
#include "Instrument/Instrumenter.h"
#include "Instrument/QuickScan.h"
#include "Instrument/SpanCodeEmitter.h"
#include "Support/OutputFiles.h"
#include "Support/UnifiedDiff.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <optional>

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand InstrumentSub(
    "instrument",
    "Write an instrumented copy of a C++ source file: span guards for "
    "functions marked TELEGEN_SPAN, with #line directives to the original");

cl::opt<std::string> Source(cl::Positional, cl::Required,
                            cl::desc("<source file>"), cl::sub(InstrumentSub),
                            cl::cat(telegenCategory()));

cl::opt<std::string> Output("out", cl::desc("Where to write the instrumented copy"),
                            cl::value_desc("file"), cl::sub(InstrumentSub),
                            cl::cat(telegenCategory()));

cl::opt<std::string>
    BuildPath("p",
              cl::desc("Build directory with compile_commands.json (instead of "
                       "flags after --); the source's command, or else the "
                       "command of the --out file the build compiles instead"),
              cl::value_desc("dir"), cl::sub(InstrumentSub),
              cl::cat(telegenCategory()));

enum class Emit { Source, Diff, ModelJson };
cl::opt<Emit> EmitKind(
    "emit", cl::desc("What to produce"), cl::init(Emit::Source),
    cl::values(clEnumValN(Emit::Source, "source",
                          "the instrumented source (default)"),
               clEnumValN(Emit::Diff, "diff",
                          "a unified diff of what instrumenting changes"),
               clEnumValN(Emit::ModelJson, "model-json",
                          "what was matched, as JSON")),
    cl::sub(InstrumentSub), cl::cat(telegenCategory()));

cl::opt<bool> DryRun("dry-run",
                     cl::desc("Print the diff instead of writing (--emit=diff "
                              "without --out)"),
                     cl::sub(InstrumentSub), cl::cat(telegenCategory()));

cl::opt<std::string> SchemaFile(
    "schema",
    cl::desc("The telemetry schema: span names, kinds and attributes are "
             "checked against it; its rules and propagation boundaries apply"),
    cl::value_desc("file"), cl::sub(InstrumentSub), cl::cat(telegenCategory()));

cl::opt<std::string> HeaderDir(
    "header-dir",
    cl::desc("Where to write the rewritten copies of headers that define "
             "instrumented functions (default: <out>.headers)"),
    cl::value_desc("dir"), cl::sub(InstrumentSub), cl::cat(telegenCategory()));

cl::list<std::string> SystemHeaderDirs(
    "instrument-system-headers",
    cl::desc("Instrument the system headers under this directory as the "
             "project's own (a library's include directory declared SYSTEM); "
             "may be repeated"),
    cl::value_desc("dir"), cl::sub(InstrumentSub), cl::cat(telegenCategory()));

cl::opt<std::string>
    DepFile("depfile",
            cl::desc("Write a make-style depfile listing every file the "
                     "output depends on (for incremental builds)"),
            cl::value_desc("file"), cl::sub(InstrumentSub),
            cl::cat(telegenCategory()));

cl::opt<std::string> ModelFile(
    "model",
    cl::desc("Also write what was matched, as --emit=model-json prints it "
             "(read by 'telegen check-boundaries')"),
    cl::value_desc("file"), cl::sub(InstrumentSub), cl::cat(telegenCategory()));

cl::opt<bool> WarningsAsErrors("werror", cl::desc("Treat warnings as errors"),
                               cl::sub(InstrumentSub),
                               cl::cat(telegenCategory()));

/// The compile flags for Source: those after `--`, else the build
/// directory's compile_commands.json. Reports why there are none.
std::unique_ptr<clang::tooling::CompilationDatabase> loadCompilations() {
  if (!BuildPath.empty()) {
    std::string Error;
    auto Database =
        clang::tooling::CompilationDatabase::loadFromDirectory(BuildPath, Error);
    if (!Database)
      WithColor::error(errs(), "telegen")
          << "cannot load a compilation database from '" << BuildPath
          << "': " << Error << "\n";
    return Database;
  }
  WithColor::error(errs(), "telegen")
      << "no compile flags for '" << Source
      << "'; pass them after '--' or give a build directory with -p\n";
  return nullptr;
}

/// Writes a file if its content changed; false after reporting a failure.
bool write(StringRef Path, StringRef Content) {
  if (Expected<bool> Written = writeIfChanged(Path, Content); !Written) {
    WithColor::error(errs(), "telegen") << toString(Written.takeError()) << "\n";
    return false;
  }
  return true;
}

std::string absolutePath(StringRef Path) {
  SmallString<256> Absolute(Path);
  sys::fs::make_absolute(Absolute);
  sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  return std::string(Absolute);
}

/// What an untouched file compiles as: the original itself, included by
/// absolute path so its own includes resolve exactly as before.
std::string passThrough(StringRef SourcePath) {
  return "// Nothing in this file is instrumented by telegen.\n#include " +
         cppStringLiteral(absolutePath(SourcePath)) + "\n";
}

/// After a failure, no output of an earlier run may be used in place of
/// this run's.
void removeStaleOutputs() {
  removeStaleOutput(Output);
  removeStaleOutput(DepFile);
  removeStaleOutput(ModelFile);
}

/// Loads and checks --schema; Inputs gets the schema's files (the built-in
/// ones are part of telegen).
std::optional<schema::LoadedSchema> loadSchema(int &Code,
                                               std::vector<std::string> &Inputs) {
  SourceFiles Files;
  std::optional<schema::LoadedSchema> Loaded =
      loadSchemaInput(SchemaFile, Files, Code);
  for (const std::string &Name : Files.names())
    if (sys::fs::exists(Name))
      Inputs.push_back(Name);
  return Loaded;
}

int runInstrument() {
  if (EmitKind == Emit::Source && Output.empty() && !DryRun) {
    WithColor::error(errs(), "telegen")
        << "instrument needs --out FILE (or --dry-run, --emit=diff, "
           "--emit=model-json)\n";
    return ExitUsage;
  }
  std::optional<schema::LoadedSchema> Schema;
  std::vector<std::string> SchemaInputs;
  if (!SchemaFile.empty()) {
    int Code = ExitSuccess;
    Schema = loadSchema(Code, SchemaInputs);
    if (!Schema) {
      removeStaleOutputs();
      return Code;
    }
  }

  std::unique_ptr<clang::tooling::CompilationDatabase> FromBuildDir;
  clang::tooling::CompilationDatabase *Database = commandLineCompilations();
  if (!Database) {
    FromBuildDir = loadCompilations();
    Database = FromBuildDir.get();
  }
  if (!Database)
    return ExitUsage;

  Expected<clang::tooling::CompileCommand> Command =
      telegenCompileCommand(*Database, Source, Output);
  if (!Command) {
    WithColor::error(errs(), "telegen") << toString(Command.takeError()) << "\n";
    return ExitUsage;
  }
  // Files that mention no annotation are not parsed at all.
  Expected<QuickScanResult> Scan =
      quickScan(*Command, Schema ? &Schema->Schema : nullptr);
  if (!Scan) {
    WithColor::error(errs(), "telegen") << toString(Scan.takeError()) << "\n";
    removeStaleOutputs();
    return ExitFindings;
  }
  InstrumentOptions Options;
  Options.HeaderDir = HeaderDir;
  if (Options.HeaderDir.empty())
    Options.HeaderDir =
        (Output.empty() ? std::string(Source) : std::string(Output)) +
        ".headers";
  if (!sys::path::is_absolute(Options.HeaderDir)) {
    SmallString<256> Absolute(Options.HeaderDir);
    sys::fs::make_absolute(Absolute);
    Options.HeaderDir = std::string(Absolute);
  }
  Options.Schema = Schema ? &Schema->Schema : nullptr;
  for (const std::string &Dir : SystemHeaderDirs)
    Options.SystemHeaderDirs.push_back(absolutePath(Dir));
  Expected<InstrumentResult> Result = Scan->MentionsTelegen
                                          ? instrumentFile(*Command, Options)
                                          : InstrumentResult();
  if (!Result) {
    WithColor::error(errs(), "telegen") << toString(Result.takeError()) << "\n";
    removeStaleOutputs();
    return ExitFindings;
  }
  bool Failed = Result->Errors > 0 || (WarningsAsErrors && Result->Warnings > 0);
  if (Failed) {
    // A stale copy must not be compiled in place of the broken input.
    removeStaleOutputs();
    return ExitFindings;
  }
  if (!DepFile.empty()) {
    std::vector<std::string> Inputs = Scan->Dependencies;
    Inputs.insert(Inputs.end(), SchemaInputs.begin(), SchemaInputs.end());
    if (!write(DepFile, depfileRule({Output.empty() ? std::string(Source)
                                                    : std::string(Output)},
                                    Inputs)))
      return ExitUsage;
  }

  std::string Text = Result->Text.empty() ? passThrough(Source) : Result->Text;
  if (Result->Model.MainFile.empty())
    Result->Model.MainFile = absolutePath(Source);
  // An untouched file matched no rule.
  if (Options.Schema)
    Result->Model.Rules.resize(Options.Schema->Rules.size());
  std::string ModelJson = formatv("{0:2}", toJSON(Result->Model)).str() + "\n";
  if (EmitKind == Emit::ModelJson) {
    outs() << ModelJson;
  } else if (EmitKind == Emit::Diff || DryRun) {
    auto Original = MemoryBuffer::getFile(Source);
    if (!Original) {
      WithColor::error(errs(), "telegen") << "cannot read '" << Source
                                          << "': " << Original.getError().message() << "\n";
      return ExitUsage;
    }
    if (!Result->Text.empty())
      outs() << unifiedDiff((*Original)->getBuffer(), Result->Text, Source,
                            Output.empty() ? Source + " (instrumented)"
                                           : std::string(Output));
    for (const RewrittenHeader &Header : Result->Headers) {
      auto HeaderText = MemoryBuffer::getFile(Header.Original);
      if (HeaderText)
        outs() << unifiedDiff((*HeaderText)->getBuffer(), Header.Text,
                              Header.Original, Header.Path);
    }
  }
  if (DryRun)
    return ExitSuccess;
  for (const RewrittenHeader &Header : Result->Headers)
    if (!write(Header.Path, Header.Text))
      return ExitUsage;
  if (!Output.empty() && !write(Output, Text))
    return ExitUsage;
  if (!ModelFile.empty() && !write(ModelFile, ModelJson))
    return ExitUsage;
  return ExitSuccess;
}

} // namespace

Command instrumentCommand() { return {InstrumentSub, runInstrument}; }

} // namespace telegen
